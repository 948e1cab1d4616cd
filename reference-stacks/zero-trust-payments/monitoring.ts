/**
 * Audit logging and monitoring concern: the audit bucket (Session Manager transcripts, CloudTrail),
 * encrypted CloudWatch log groups (application, system, sessions, CloudTrail), a CloudTrail trail,
 * metric filters for failed authentication and alarms publishing to an encrypted SNS topic
 * (PCI DSS 10.2.1.4 invalid access attempts, 10.4.1, 10.7.x; 8.3.4).
 *
 * GuardDuty is deliberately not created: a detector is account-level (one per account and region);
 * enable it once per account outside this stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  cloudTrailDeliveryStatements,
  LeastPrivilegeRole,
  resourceTags,
  SecureBucket,
  SecureLogGroup,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";

export interface ZtpMonitoringArgs {
  context: ScenarioContext;
  s3Key: KmsKey;
  logsKey: KmsKey;
  logRetentionDays: number;
  auditLogRetentionDays: number;
  /** Create the CloudTrail trail (and its metric filters). */
  trailName?: string;
  applicationAuthFailureThreshold: number;
}

export interface AuthFailureFilter {
  kind: string;
  description: string;
  pattern: string;
  threshold: number;
}

/** CloudTrail patterns for failed authentication and authorization (CIS AWS 4.3/4.6 style). */
export const TRAIL_AUTH_FAILURE_FILTERS: AuthFailureFilter[] = [
  {
    kind: "console-login-failures",
    description: "Failed AWS console sign-ins",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }',
    threshold: 1,
  },
  {
    kind: "authorization-failures",
    description:
      "API calls denied (AccessDenied / UnauthorizedOperation), incl. failed AssumeRole and secret reads",
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    threshold: 1,
  },
];

/** Structured application logs: `{"event":"authentication","outcome":"failure",...}`. */
export const APPLICATION_AUTH_FAILURE_PATTERN = '{ ($.event = "authentication") && ($.outcome = "failure") }';

export class ZtpMonitoring extends pulumi.ComponentResource {
  readonly auditBucket: SecureBucket;
  readonly applicationLogGroup: SecureLogGroup;
  readonly systemLogGroup: SecureLogGroup;
  readonly sessionLogGroup: SecureLogGroup;
  readonly trailLogGroup?: SecureLogGroup;
  readonly trail?: aws.cloudtrail.Trail;
  readonly alarmTopic: aws.sns.Topic;
  readonly metricFilters: aws.cloudwatch.LogMetricFilter[] = [];
  readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
  readonly metricNamespace: string;

  constructor(name: string, args: ZtpMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:zero-trust-payments:Monitoring", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    this.metricNamespace = `FinGuard/${ctx.name("security")}`;
    const trailArn = args.trailName ? ctx.arn("cloudtrail", `trail/${args.trailName}`) : undefined;

    this.auditBucket = new SecureBucket(
      ctx.name("audit"),
      {
        context: ctx,
        kind: "audit",
        kmsKey: args.s3Key,
        purpose: "logs",
        expirationDays: args.auditLogRetentionDays,
        tags: { DataClassification: "Confidential" },
        policyStatements: (refs): PolicyStatement[] =>
          trailArn === undefined ? [] : cloudTrailDeliveryStatements(ctx, refs.bucketArn, trailArn),
      },
      child,
    );

    const logGroup = (kind: string, retentionInDays = args.logRetentionDays): SecureLogGroup =>
      new SecureLogGroup(
        ctx.name(`${kind}-logs`),
        { context: ctx, logGroupName: ctx.naming.path("logs", kind), kmsKey: args.logsKey, retentionInDays },
        child,
      );
    this.applicationLogGroup = logGroup("application");
    this.systemLogGroup = logGroup("system");
    this.sessionLogGroup = logGroup("session-manager");

    const topicName = ctx.name("security-alarms");
    this.alarmTopic = new aws.sns.Topic(
      topicName,
      { name: topicName, kmsMasterKeyId: args.logsKey.arn, tags: resourceTags(topicName) },
      child,
    );

    if (args.trailName !== undefined && trailArn !== undefined) {
      this.trailLogGroup = logGroup("cloudtrail");
      const trailRole = new LeastPrivilegeRole(
        ctx.name("cloudtrail-logs-role"),
        {
          context: ctx,
          kind: "cloudtrail-logs-role",
          description: "CloudTrail delivering the trail to CloudWatch Logs",
          trust: { services: [ctx.servicePrincipal("cloudtrail")] },
          statements: [
            {
              Sid: "DeliverTrailToLogGroup",
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: this.trailLogGroup.streamsArn,
            },
          ],
        },
        child,
      );
      this.trail = new aws.cloudtrail.Trail(
        args.trailName,
        {
          name: args.trailName,
          s3BucketName: this.auditBucket.bucket.bucket,
          s3KeyPrefix: "cloudtrail",
          kmsKeyId: args.s3Key.arn,
          includeGlobalServiceEvents: true,
          isMultiRegionTrail: false,
          enableLogFileValidation: true,
          enableLogging: true,
          cloudWatchLogsGroupArn: pulumi.interpolate`${this.trailLogGroup.logGroup.arn}:*`,
          cloudWatchLogsRoleArn: trailRole.role.arn,
          tags: resourceTags(args.trailName),
        },
        { parent: this, dependsOn: [...this.auditBucket.readyDependencies, ...trailRole.readyDependencies] },
      );
      for (const filter of TRAIL_AUTH_FAILURE_FILTERS) {
        this.addAuthFailureAlarm(ctx, this.trailLogGroup, filter);
      }
    }
    this.addAuthFailureAlarm(ctx, this.applicationLogGroup, {
      kind: "application-auth-failures",
      description: "Failed authentications reported by the payments application",
      pattern: APPLICATION_AUTH_FAILURE_PATTERN,
      threshold: args.applicationAuthFailureThreshold,
    });
    this.registerOutputs({});
  }

  private addAuthFailureAlarm(ctx: ScenarioContext, source: SecureLogGroup, filter: AuthFailureFilter): void {
    const metricName = ctx.name(filter.kind);
    this.metricFilters.push(
      new aws.cloudwatch.LogMetricFilter(
        ctx.name(`${filter.kind}-filter`),
        {
          name: ctx.name(`${filter.kind}-filter`),
          logGroupName: source.logGroup.name,
          pattern: filter.pattern,
          metricTransformation: {
            name: metricName,
            namespace: this.metricNamespace,
            value: "1",
            defaultValue: "0",
          },
        },
        { parent: this },
      ),
    );
    const alarmName = ctx.name(`${filter.kind}-alarm`);
    this.alarms.push(
      new aws.cloudwatch.MetricAlarm(
        alarmName,
        {
          name: alarmName,
          alarmDescription: filter.description,
          namespace: this.metricNamespace,
          metricName,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          threshold: filter.threshold,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [this.alarmTopic.arn],
          okActions: [this.alarmTopic.arn],
          tags: resourceTags(alarmName),
        },
        { parent: this },
      ),
    );
  }
}
