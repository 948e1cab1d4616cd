/**
 * A CloudWatch log group encrypted with a customer-managed key and with a retention of at least
 * 90 days (default 365: PCI DSS 10.5.1 asks for twelve months of audit history).
 *
 * The key must let CloudWatch Logs use it (`kmsGrants.cloudWatchLogs`), otherwise creation fails.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import type { KmsKey } from "./kms-key";
import { resourceTags } from "./tagging";

/** Retention values CloudWatch Logs accepts. */
export const VALID_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const MIN_LOG_GROUP_RETENTION_DAYS = 90;
export const DEFAULT_LOG_GROUP_RETENTION_DAYS = 365;

export interface SecureLogGroupArgs {
  context: ScenarioContext;
  /** Full log group name (e.g. `/aws/lambda/<function>`); must carry the environment suffix. */
  logGroupName: string;
  kmsKey: KmsKey;
  /** >= 90 and a value CloudWatch accepts (default 365). */
  retentionInDays?: number;
  tags?: Record<string, string>;
}

export class SecureLogGroupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecureLogGroupError";
  }
}

export class SecureLogGroup extends pulumi.ComponentResource {
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly logGroupName: string;
  /** `arn:...:log-group:<name>`, known during preview. */
  readonly logGroupArn: pulumi.Output<string>;
  /** `arn:...:log-group:<name>:*` (log streams; what logs:PutLogEvents is scoped to). */
  readonly streamsArn: pulumi.Output<string>;

  constructor(name: string, args: SecureLogGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:components:SecureLogGroup", name, {}, opts);
    const ctx = args.context;
    ctx.requireSuffix(name, "Logical name");
    if (!ctx.naming.carriesSuffix(args.logGroupName)) {
      throw new SecureLogGroupError(
        `Log group name ${args.logGroupName} must contain the environment suffix '${ctx.naming.environmentSuffix}'.`,
      );
    }
    const retentionInDays = args.retentionInDays ?? DEFAULT_LOG_GROUP_RETENTION_DAYS;
    if (
      retentionInDays < MIN_LOG_GROUP_RETENTION_DAYS ||
      !(VALID_RETENTION_DAYS as readonly number[]).includes(retentionInDays)
    ) {
      throw new SecureLogGroupError(
        `retentionInDays ${retentionInDays} for ${args.logGroupName}: use a CloudWatch value >= ${MIN_LOG_GROUP_RETENTION_DAYS} (${VALID_RETENTION_DAYS.filter((d) => d >= MIN_LOG_GROUP_RETENTION_DAYS).join(", ")}).`,
      );
    }
    this.logGroupName = args.logGroupName;
    this.logGroupArn = ctx.arn("logs", `log-group:${args.logGroupName}`);
    this.streamsArn = pulumi.interpolate`${this.logGroupArn}:*`;
    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      {
        name: args.logGroupName,
        kmsKeyId: args.kmsKey.arn,
        retentionInDays,
        skipDestroy: false,
        tags: resourceTags(args.logGroupName, args.tags),
      },
      { parent: this, dependsOn: [args.kmsKey] },
    );
    this.registerOutputs({ logGroupName: this.logGroupName, logGroupArn: this.logGroupArn });
  }
}
