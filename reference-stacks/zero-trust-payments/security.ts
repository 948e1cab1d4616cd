/**
 * Encryption concern: one customer-managed key per data domain, each with rotation and a
 * least-privilege key policy (the brief: separate keys for flow logs, secrets and S3; plus keys
 * for CloudWatch Logs/alarms and for DynamoDB/EBS/Lambda environments).
 */
import * as pulumi from "@pulumi/pulumi";
import { KmsKey, kmsGrants, type ScenarioContext } from "../components";

export interface ZtpSecurityArgs {
  context: ScenarioContext;
  kmsDeletionWindowInDays: number;
  /** Name of the CloudTrail trail allowed to use the S3 key (when a trail is created). */
  trailName?: string;
}

export class ZtpSecurity extends pulumi.ComponentResource {
  /** VPC flow-log bucket (log delivery). */
  readonly flowLogsKey: KmsKey;
  /** Secrets Manager secrets and the rotation function's environment. */
  readonly secretsKey: KmsKey;
  /** S3 buckets: payment data and audit logs (session logs, CloudTrail). */
  readonly s3Key: KmsKey;
  /** CloudWatch log groups, the alarm topic and Session Manager session encryption. */
  readonly logsKey: KmsKey;
  /** DynamoDB tables, EBS volumes. */
  readonly dataKey: KmsKey;

  constructor(name: string, args: ZtpSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:zero-trust-payments:Security", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const deletionWindowInDays = args.kmsDeletionWindowInDays;
    this.flowLogsKey = new KmsKey(
      ctx.name("flowlogs-key"),
      {
        context: ctx,
        kind: "flowlogs-key",
        description: "VPC flow logs",
        deletionWindowInDays,
        serviceGrants: [kmsGrants.logDelivery(ctx)],
      },
      child,
    );
    this.secretsKey = new KmsKey(
      ctx.name("secrets-key"),
      {
        context: ctx,
        kind: "secrets-key",
        description: "Secrets Manager secrets of the payments platform",
        deletionWindowInDays,
        tags: { DataClassification: "Restricted" },
      },
      child,
    );
    this.s3Key = new KmsKey(
      ctx.name("s3-key"),
      {
        context: ctx,
        kind: "s3-key",
        description: "S3 buckets of the payments platform",
        deletionWindowInDays,
        serviceGrants: args.trailName ? [kmsGrants.cloudTrail(ctx, args.trailName)] : [],
      },
      child,
    );
    this.logsKey = new KmsKey(
      ctx.name("logs-key"),
      {
        context: ctx,
        kind: "logs-key",
        description: "CloudWatch Logs, security alarms and Session Manager sessions",
        deletionWindowInDays,
        serviceGrants: [kmsGrants.cloudWatchLogs(ctx), kmsGrants.cloudWatchAlarms(ctx)],
      },
      child,
    );
    this.dataKey = new KmsKey(
      ctx.name("data-key"),
      {
        context: ctx,
        kind: "data-key",
        description: "DynamoDB tables and EBS volumes of the payments platform",
        deletionWindowInDays,
        tags: { DataClassification: "Restricted" },
      },
      child,
    );
    this.registerOutputs({});
  }
}
