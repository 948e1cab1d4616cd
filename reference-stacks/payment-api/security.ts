/**
 * Encryption concern: separate customer-managed keys for S3, CloudWatch Logs and DynamoDB (the
 * brief), plus one for the functions' environment variables. Every key rotates yearly and has a
 * bounded deletion window; key policies keep `kms:*` for the account root only and give AWS
 * services exactly the operations they need under source conditions.
 */
import * as pulumi from "@pulumi/pulumi";
import { KmsKey, kmsGrants, type ScenarioContext } from "../components";

export const RESTRICTED = "Restricted";

export interface PayApiSecurityArgs {
  context: ScenarioContext;
  kmsDeletionWindowInDays: number;
  /** The CloudTrail trail writing (encrypted) to the audit bucket, when created. */
  trailName?: string;
}

export class PayApiSecurity extends pulumi.ComponentResource {
  /** Payment documents, truststore, audit and flow-log buckets. */
  readonly s3Key: KmsKey;
  /** Log groups (functions, API access, WAF, trail) and the alarm topic. */
  readonly logsKey: KmsKey;
  /** The transactions table. */
  readonly dynamodbKey: KmsKey;
  /** The functions' environment variables. */
  readonly functionsKey: KmsKey;

  constructor(name: string, args: PayApiSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:payment-api:Security", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const deletionWindowInDays = args.kmsDeletionWindowInDays;
    this.s3Key = new KmsKey(
      ctx.name("s3-key"),
      {
        context: ctx,
        kind: "s3-key",
        description: "S3 buckets of the payment API (documents, truststore, audit, flow logs)",
        deletionWindowInDays,
        tags: { DataClassification: RESTRICTED },
        serviceGrants: [
          kmsGrants.logDelivery(ctx),
          ...(args.trailName ? [kmsGrants.cloudTrail(ctx, args.trailName)] : []),
        ],
      },
      child,
    );
    this.logsKey = new KmsKey(
      ctx.name("logs-key"),
      {
        context: ctx,
        kind: "logs-key",
        description: "CloudWatch Logs and security alarms of the payment API",
        deletionWindowInDays,
        serviceGrants: [kmsGrants.cloudWatchLogs(ctx), kmsGrants.cloudWatchAlarms(ctx)],
      },
      child,
    );
    this.dynamodbKey = new KmsKey(
      ctx.name("dynamodb-key"),
      {
        context: ctx,
        kind: "dynamodb-key",
        description: "DynamoDB transactions table of the payment API",
        deletionWindowInDays,
        tags: { DataClassification: RESTRICTED },
      },
      child,
    );
    this.functionsKey = new KmsKey(
      ctx.name("functions-key"),
      {
        context: ctx,
        kind: "functions-key",
        description: "Lambda environment variables of the payment API",
        deletionWindowInDays,
      },
      child,
    );
    this.registerOutputs({});
  }
}
