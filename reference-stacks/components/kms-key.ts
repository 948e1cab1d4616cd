/**
 * A customer-managed KMS key with rotation, a bounded deletion window and a least-privilege key
 * policy (PCI DSS 3.5.1, 3.6.1, 3.7.4 rotation, 3.7.5 retirement).
 *
 * Key policy: the account root gets `kms:*` (so IAM policies in the account decide, and the key can
 * never become unmanageable); each named service principal gets only the actions it needs, with
 * confused-deputy conditions. Everything is built from known values (account id, region, names).
 *
 * IAM principals of the stack use the key through `useStatement(...)`: a statement scoped to keys
 * of this account and region that carry this key's alias (`kms:ResourceAliases`), because the key's
 * ARN is unknown during preview while the alias is a name we chose.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import { assertLeastPrivilege, policyJson, type PolicyConditions, type PolicyStatement } from "./iam";
import { resourceTags } from "./tagging";

/** What one service principal may do with the key. */
export interface KmsServiceGrant {
  sid: string;
  /** Service principal, e.g. `logs.us-east-2.amazonaws.com`. */
  service: string;
  actions: string[];
  /** Confused-deputy and encryption-context conditions; required (a grant without them is too wide). */
  conditions: PolicyConditions;
}

export interface KmsKeyArgs {
  context: ScenarioContext;
  /** Kind of the key; the alias is `alias/<scope>-<kind>-<suffix>`. */
  kind: string;
  description: string;
  /** 7-30 days (default 30). */
  deletionWindowInDays?: number;
  /** 90-2560 days (default 365). */
  rotationPeriodInDays?: number;
  serviceGrants?: KmsServiceGrant[];
  /**
   * Further key-policy statements, e.g. grants to named IAM roles or explicit denies for everyone
   * else (`Resource: "*"` means this key). Checked like the rest of the key policy.
   */
  policyStatements?: PolicyStatement[];
  /** Tag overrides (e.g. a stricter DataClassification). */
  tags?: Record<string, string>;
}

const ENCRYPT_DECRYPT = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:DescribeKey",
];

/** Ready-made service grants for the common AWS log and event producers. */
export const kmsGrants = {
  /** CloudWatch Logs encrypting log groups whose ARN matches `logGroupPattern` (default all of the account). */
  cloudWatchLogs(ctx: ScenarioContext, logGroupPattern = "*"): KmsServiceGrant {
    return {
      sid: "AllowCloudWatchLogs",
      service: ctx.servicePrincipal("logs", true),
      actions: ENCRYPT_DECRYPT,
      conditions: {
        ArnLike: { "kms:EncryptionContext:aws:logs:arn": ctx.arn("logs", `log-group:${logGroupPattern}`) },
      },
    };
  },
  /** VPC Flow Logs (and other vended logs) delivering to an SSE-KMS bucket. */
  logDelivery(ctx: ScenarioContext): KmsServiceGrant {
    return {
      sid: "AllowLogDelivery",
      service: ctx.servicePrincipal("delivery.logs"),
      actions: [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
        "kms:GenerateDataKey",
        "kms:DescribeKey",
      ],
      conditions: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: { "aws:SourceArn": ctx.arn("logs", "*") },
      },
    };
  },
  /** CloudTrail writing encrypted log files for the trail named `trailName`. */
  cloudTrail(ctx: ScenarioContext, trailName: string): KmsServiceGrant {
    return {
      sid: "AllowCloudTrail",
      service: ctx.servicePrincipal("cloudtrail"),
      actions: ["kms:GenerateDataKey", "kms:DescribeKey"],
      conditions: {
        StringEquals: { "aws:SourceArn": ctx.arn("cloudtrail", `trail/${trailName}`) },
      },
    };
  },
  /**
   * CloudWatch alarms publishing to SNS topics (of this account and region) encrypted with the
   * key: the conditions AWS documents for service event sources of encrypted topics.
   */
  cloudWatchAlarms(ctx: ScenarioContext): KmsServiceGrant {
    return {
      sid: "AllowCloudWatchAlarmsToEncryptedTopics",
      service: ctx.servicePrincipal("cloudwatch"),
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      conditions: {
        ArnLike: {
          "aws:SourceArn": ctx.arn("cloudwatch", "alarm:*"),
          "kms:EncryptionContext:aws:sns:topicArn": ctx.arn("sns", "*"),
        },
      },
    };
  },
  /** EventBridge rules delivering to targets (SQS/SNS) encrypted with the key. */
  eventBridge(ctx: ScenarioContext): KmsServiceGrant {
    return {
      sid: "AllowEventBridgeRules",
      service: ctx.servicePrincipal("events"),
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      conditions: { ArnLike: { "aws:SourceArn": ctx.arn("events", "rule/*") } },
    };
  },
};

export class KmsKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KmsKeyError";
  }
}

export class KmsKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
  /** The key ARN (unknown during preview; use it for resource inputs such as `kmsKeyId`). */
  readonly arn: pulumi.Output<string>;
  /** `alias/<name>`: known, usable wherever AWS accepts an alias. */
  readonly aliasName: string;
  /** The alias ARN, known during preview. */
  readonly aliasArn: pulumi.Output<string>;
  private readonly ctx: ScenarioContext;

  constructor(name: string, args: KmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:components:KmsKey", name, {}, opts);
    const ctx = args.context;
    ctx.requireSuffix(name, "Logical name");
    this.ctx = ctx;
    const deletionWindowInDays = args.deletionWindowInDays ?? 30;
    if (!Number.isInteger(deletionWindowInDays) || deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new KmsKeyError(
        `deletionWindowInDays must be an integer from 7 to 30, got ${deletionWindowInDays}.`,
      );
    }
    const rotationPeriodInDays = args.rotationPeriodInDays ?? 365;
    if (!Number.isInteger(rotationPeriodInDays) || rotationPeriodInDays < 90 || rotationPeriodInDays > 2560) {
      throw new KmsKeyError(
        `rotationPeriodInDays must be an integer from 90 to 2560, got ${rotationPeriodInDays}.`,
      );
    }
    const keyName = ctx.name(args.kind);
    this.aliasName = `alias/${keyName}`;
    this.aliasArn = ctx.arn("kms", this.aliasName);

    const statements: PolicyStatement[] = [
      {
        Sid: "EnableRootAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: ctx.accountRootArn },
        Action: "kms:*",
        Resource: "*",
      },
      ...(args.serviceGrants ?? []).map((grant): PolicyStatement => ({
        Sid: grant.sid,
        Effect: "Allow",
        Principal: { Service: grant.service },
        Action: grant.actions,
        Resource: "*",
        Condition: grant.conditions,
      })),
      ...(args.policyStatements ?? []),
    ];
    assertLeastPrivilege(statements, { context: `key policy of ${keyName}`, keyPolicy: true });
    for (const grant of args.serviceGrants ?? []) {
      if (Object.keys(grant.conditions).length === 0) {
        throw new KmsKeyError(`Service grant ${grant.sid} on ${keyName} needs conditions.`);
      }
      if (grant.actions.some((a) => a.includes("*"))) {
        throw new KmsKeyError(`Service grant ${grant.sid} on ${keyName} must list actions explicitly.`);
      }
    }

    this.key = new aws.kms.Key(
      keyName,
      {
        description: `${args.description} (${keyName})`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays,
        deletionWindowInDays,
        isEnabled: true,
        policy: policyJson(statements),
        tags: resourceTags(keyName, args.tags),
      },
      { parent: this },
    );
    this.alias = new aws.kms.Alias(
      `${keyName}-alias`,
      { name: this.aliasName, targetKeyId: this.key.keyId },
      { parent: this },
    );
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn, aliasName: this.aliasName });
  }

  /**
   * An identity-policy statement letting a principal use this key for `actions`, scoped to the
   * key through its alias (known during preview) and optionally to calls made through AWS services
   * (`kms:ViaService`, e.g. `ssm`, `secretsmanager`, `s3`).
   */
  useStatement(sid: string, actions: string[], viaServices: string[] = []): PolicyStatement {
    const condition: PolicyConditions = {
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": this.aliasName },
    };
    if (viaServices.length > 0) {
      condition.StringEquals = {
        "kms:ViaService": viaServices.map((s) => `${s}.${this.ctx.region}.${this.ctx.dnsSuffix}`),
      };
    }
    return {
      Sid: sid,
      Effect: "Allow",
      Action: actions,
      Resource: this.ctx.arn("kms", "key/*"),
      Condition: condition,
    };
  }
}
