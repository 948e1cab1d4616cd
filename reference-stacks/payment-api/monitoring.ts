/**
 * Logging and monitoring concern: the encrypted alarm topic; alarms on API errors (5XX), Lambda
 * failures and throttles, WAF blocks; metric filters for security events (rejected client
 * certificates, card numbers sent instead of tokens, idempotency-key reuse, content-type spoofing,
 * 401/403 answers); and, optionally, a CloudTrail trail of management events (which include every
 * KMS key use: Encrypt, Decrypt, GenerateDataKey) to an encrypted audit bucket and log group, with
 * metric filters for key disabling/deletion and authorization failures. Optionally Security Hub
 * with the PCI DSS standard (account-level, off by default).
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
  type NodeFunction,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";

export interface LogAlarmFilter {
  kind: string;
  description: string;
  pattern: string;
  threshold: number;
}

export interface PayApiMonitoringArgs {
  context: ScenarioContext;
  logsKey: KmsKey;
  s3Key: KmsKey;
  functions: NodeFunction[];
  accessLogGroup: SecureLogGroup;
  apiName: string;
  stageName: pulumi.Input<string>;
  webAclName: string;
  logRetentionDays: number;
  apiErrorThreshold: number;
  trailName?: string;
  enableSecurityHub: boolean;
}

/** Structured handler logs: security-relevant rejections carry a `securityEvent`. */
export const HANDLER_SECURITY_EVENTS_PATTERN =
  '{ ($.securityEvent = "client_certificate_missing") || ($.securityEvent = "pan_rejected") || ' +
  '($.securityEvent = "idempotency_conflict") || ($.securityEvent = "content_type_mismatch") }';
export const UNAUTHORIZED_API_PATTERN = "{ ($.status = 401) || ($.status = 403) }";
export const TRAIL_FILTERS: LogAlarmFilter[] = [
  {
    kind: "kms-key-disable-or-deletion",
    description: "A KMS key was disabled or scheduled for deletion",
    pattern:
      '{ ($.eventSource = "kms.amazonaws.com") && (($.eventName = "DisableKey") || ($.eventName = "ScheduleKeyDeletion")) }',
    threshold: 1,
  },
  {
    kind: "authorization-failures",
    description: "API calls denied (AccessDenied / UnauthorizedOperation), including KMS key use",
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    threshold: 1,
  },
];
export const PCI_DSS_STANDARD = "standards/pci-dss/v/4.0.1";

export class PayApiMonitoring extends pulumi.ComponentResource {
  readonly alarmTopic: aws.sns.Topic;
  readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
  readonly metricFilters: aws.cloudwatch.LogMetricFilter[] = [];
  readonly metricNamespace: string;
  readonly auditBucket?: SecureBucket;
  readonly trailLogGroup?: SecureLogGroup;
  readonly trail?: aws.cloudtrail.Trail;
  readonly securityHub?: aws.securityhub.Account;
  private readonly ctx: ScenarioContext;

  constructor(name: string, args: PayApiMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:payment-api:Monitoring", name, {}, opts);
    const ctx = args.context;
    this.ctx = ctx;
    const child = { parent: this };
    this.metricNamespace = `FinGuard/${ctx.name("security")}`;
    const topicName = ctx.name("alarms");
    this.alarmTopic = new aws.sns.Topic(
      topicName,
      { name: topicName, kmsMasterKeyId: args.logsKey.arn, tags: resourceTags(topicName) },
      child,
    );

    const api = { ApiName: args.apiName, Stage: args.stageName };
    this.metricAlarm(
      "api-5xx-errors",
      "Payment API answered with 5XX errors",
      "AWS/ApiGateway",
      "5XXError",
      api,
      args.apiErrorThreshold,
    );
    this.metricAlarm(
      "api-latency",
      "Payment API p99-ish latency above 5 s (maximum)",
      "AWS/ApiGateway",
      "Latency",
      api,
      5000,
      "Maximum",
    );
    for (const fn of args.functions) {
      const dims = { FunctionName: fn.functionName };
      const kind = fn.functionName
        .replace(`${ctx.naming.scope}-`, "")
        .replace(`-${ctx.naming.environmentSuffix}`, "");
      this.metricAlarm(`${kind}-errors`, `Lambda ${fn.functionName} failed`, "AWS/Lambda", "Errors", dims, 1);
      this.metricAlarm(
        `${kind}-throttles`,
        `Lambda ${fn.functionName} was throttled`,
        "AWS/Lambda",
        "Throttles",
        dims,
        1,
      );
      this.filterAlarm(fn.logGroup, {
        kind: `${kind}-security-events`,
        description: `Security-relevant rejections in ${fn.functionName}`,
        pattern: HANDLER_SECURITY_EVENTS_PATTERN,
        threshold: 1,
      });
    }
    this.metricAlarm(
      "waf-blocked-requests",
      "WAF blocked more than 100 requests in 5 minutes",
      "AWS/WAFV2",
      "BlockedRequests",
      { WebACL: args.webAclName, Region: ctx.region, Rule: "ALL" },
      100,
    );
    this.filterAlarm(args.accessLogGroup, {
      kind: "unauthorized-api-requests",
      description: "Payment API answered 401/403 (WAF blocks, denied requests)",
      pattern: UNAUTHORIZED_API_PATTERN,
      threshold: 10,
    });

    if (args.trailName !== undefined) {
      const trailArn = ctx.arn("cloudtrail", `trail/${args.trailName}`);
      this.auditBucket = new SecureBucket(
        ctx.name("audit"),
        {
          context: ctx,
          kind: "audit",
          kmsKey: args.s3Key,
          purpose: "logs",
          expirationDays: 365,
          tags: { DataClassification: "Confidential" },
          policyStatements: (refs): PolicyStatement[] =>
            cloudTrailDeliveryStatements(ctx, refs.bucketArn, trailArn),
        },
        child,
      );
      const trailLogGroup = new SecureLogGroup(
        ctx.name("cloudtrail-logs"),
        {
          context: ctx,
          logGroupName: ctx.naming.path("logs", "cloudtrail"),
          kmsKey: args.logsKey,
          retentionInDays: args.logRetentionDays,
        },
        child,
      );
      this.trailLogGroup = trailLogGroup;
      const trailRole = new LeastPrivilegeRole(
        ctx.name("cloudtrail-logs-role"),
        {
          context: ctx,
          kind: "cloudtrail-logs-role",
          description: "CloudTrail delivering the trail to CloudWatch Logs",
          trust: {
            services: [ctx.servicePrincipal("cloudtrail")],
            conditions: { StringEquals: { "aws:SourceArn": trailArn } },
          },
          statements: [
            {
              Sid: "DeliverTrailToLogGroup",
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: trailLogGroup.streamsArn,
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
          // Management events, read and write: KMS Encrypt/Decrypt/GenerateDataKey are read events.
          eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
          cloudWatchLogsGroupArn: pulumi.interpolate`${trailLogGroup.logGroupArn}:*`,
          cloudWatchLogsRoleArn: trailRole.role.arn,
          tags: resourceTags(args.trailName),
        },
        {
          parent: this,
          dependsOn: [...this.auditBucket.readyDependencies, ...trailRole.readyDependencies, trailLogGroup],
        },
      );
      for (const filter of TRAIL_FILTERS) this.filterAlarm(trailLogGroup, filter);
    }

    if (args.enableSecurityHub) {
      this.securityHub = new aws.securityhub.Account(
        ctx.name("securityhub"),
        { enableDefaultStandards: false, autoEnableControls: true },
        child,
      );
      new aws.securityhub.StandardsSubscription(
        ctx.name("securityhub-pci-dss"),
        { standardsArn: `arn:${ctx.partition}:securityhub:${ctx.region}::${PCI_DSS_STANDARD}` },
        { parent: this, dependsOn: [this.securityHub] },
      );
    }
    this.registerOutputs({});
  }

  private filterAlarm(source: SecureLogGroup, filter: LogAlarmFilter): void {
    const metricName = this.ctx.name(filter.kind);
    const filterName = this.ctx.name(`${filter.kind}-filter`);
    this.metricFilters.push(
      new aws.cloudwatch.LogMetricFilter(
        filterName,
        {
          name: filterName,
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
    this.metricAlarm(
      filter.kind,
      filter.description,
      this.metricNamespace,
      metricName,
      undefined,
      filter.threshold,
    );
  }

  private metricAlarm(
    kind: string,
    description: string,
    namespace: string,
    metricName: string,
    dimensions: Record<string, pulumi.Input<string>> | undefined,
    threshold: number,
    statistic = "Sum",
  ): void {
    const alarmName = this.ctx.name(`${kind}-alarm`);
    this.alarms.push(
      new aws.cloudwatch.MetricAlarm(
        alarmName,
        {
          name: alarmName,
          alarmDescription: description,
          namespace,
          metricName,
          dimensions,
          statistic,
          period: 300,
          evaluationPeriods: 1,
          threshold,
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
