/**
 * Encryption concern: the data key (the brief's "KMS key with strict key policies allowing only
 * specific IAM roles to encrypt/decrypt") and separate keys for logs, flow logs and the scanner's
 * environment.
 *
 * The data key's policy keeps the account root as administrator (the guardrail: `kms:*` only for
 * the root, so the key can never become unmanageable) and adds an explicit Deny of every
 * cryptographic operation to any principal that is not one of the named roles. An explicit Deny
 * wins over any IAM Allow, so no other role or user of the account can encrypt or decrypt with it,
 * whatever its IAM policies say. Role ARNs are built from the names the program chooses, so the
 * policy is known during preview and does not depend on the roles existing first.
 */
import * as pulumi from "@pulumi/pulumi";
import { KmsKey, kmsGrants, type ScenarioContext } from "../components";

export const RESTRICTED = "Restricted";

/** The data-plane operations of a symmetric key. */
export const KEY_CRYPTO_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
];

export interface PiiSecurityArgs {
  context: ScenarioContext;
  kmsDeletionWindowInDays: number;
  /** ARNs of the only roles allowed to use the data key. */
  dataKeyRoleArns: pulumi.Input<string>[];
}

export class PiiSecurity extends pulumi.ComponentResource {
  /** The data bucket. */
  readonly dataKey: KmsKey;
  /** CloudWatch log groups and the alarm topic. */
  readonly logsKey: KmsKey;
  /** The VPC flow-log bucket (log delivery). */
  readonly flowLogsKey: KmsKey;
  /** The scanner's environment variables. */
  readonly functionsKey: KmsKey;

  constructor(name: string, args: PiiSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:financial-data-pii:Security", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const deletionWindowInDays = args.kmsDeletionWindowInDays;
    this.dataKey = new KmsKey(
      ctx.name("data-key"),
      {
        context: ctx,
        kind: "data-key",
        description: "Financial data bucket; usable only by the named roles",
        deletionWindowInDays,
        tags: { DataClassification: RESTRICTED },
        policyStatements: [
          {
            Sid: "DenyCryptoToAllButNamedRoles",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: KEY_CRYPTO_ACTIONS,
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": args.dataKeyRoleArns } },
          },
        ],
      },
      child,
    );
    this.logsKey = new KmsKey(
      ctx.name("logs-key"),
      {
        context: ctx,
        kind: "logs-key",
        description: "CloudWatch log groups and security alarms of the financial data stack",
        deletionWindowInDays,
        serviceGrants: [kmsGrants.cloudWatchLogs(ctx), kmsGrants.cloudWatchAlarms(ctx)],
      },
      child,
    );
    this.flowLogsKey = new KmsKey(
      ctx.name("flowlogs-key"),
      {
        context: ctx,
        kind: "flowlogs-key",
        description: "VPC flow logs of the financial data stack",
        deletionWindowInDays,
        serviceGrants: [kmsGrants.logDelivery(ctx)],
      },
      child,
    );
    this.functionsKey = new KmsKey(
      ctx.name("functions-key"),
      {
        context: ctx,
        kind: "functions-key",
        description: "Lambda environment variables of the financial data stack",
        deletionWindowInDays,
      },
      child,
    );
    this.registerOutputs({});
  }
}
