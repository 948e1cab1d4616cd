/**
 * Monitoring concern: an encrypted SNS topic and alarms for unauthorized access attempts (API
 * calls rejected with 401/403, S3/KMS access denied to the scanner) and policy violations (PII
 * found in a scanned object), plus scanner errors and API 5XX. Metric filters read the JSON access
 * logs and the scanner's structured logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, type KmsKey, type ScenarioContext, type SecureLogGroup } from "../components";

export interface SecurityFilter {
  kind: string;
  description: string;
  pattern: string;
  threshold: number;
}

export interface PiiMonitoringArgs {
  context: ScenarioContext;
  logsKey: KmsKey;
  accessLogGroup: SecureLogGroup;
  scannerLogGroup: SecureLogGroup;
  scannerFunctionName: string;
  apiName: string;
  stageName: pulumi.Input<string>;
  unauthorizedThreshold: number;
}

/** API calls rejected for a missing/invalid API key (403) or authentication (401). */
export const UNAUTHORIZED_API_PATTERN = "{ ($.status = 401) || ($.status = 403) }";
/** The scanner was refused by S3 or KMS (bucket or key policy). */
export const ACCESS_DENIED_PATTERN = '{ $.event = "access_denied" }';
/** PII found in an object of the financial data bucket: a data-handling policy violation. */
export const PII_VIOLATION_PATTERN = '{ ($.event = "pii_scan") && ($.outcome = "violation") }';

export class PiiMonitoring extends pulumi.ComponentResource {
  readonly alarmTopic: aws.sns.Topic;
  readonly metricFilters: aws.cloudwatch.LogMetricFilter[] = [];
  readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
  readonly metricNamespace: string;
  private readonly ctx: ScenarioContext;

  constructor(name: string, args: PiiMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:financial-data-pii:Monitoring", name, {}, opts);
    const ctx = args.context;
    this.ctx = ctx;
    this.metricNamespace = `FinGuard/${ctx.name("security")}`;
    const topicName = ctx.name("security-alarms");
    this.alarmTopic = new aws.sns.Topic(
      topicName,
      { name: topicName, kmsMasterKeyId: args.logsKey.arn, tags: resourceTags(topicName) },
      { parent: this },
    );

    this.filterAlarm(args.accessLogGroup, {
      kind: "unauthorized-api-requests",
      description: "API calls rejected with 401/403 (missing or invalid API key)",
      pattern: UNAUTHORIZED_API_PATTERN,
      threshold: args.unauthorizedThreshold,
    });
    this.filterAlarm(args.scannerLogGroup, {
      kind: "scanner-access-denied",
      description: "S3 or KMS denied the scanner access to an object (bucket or key policy)",
      pattern: ACCESS_DENIED_PATTERN,
      threshold: 1,
    });
    this.filterAlarm(args.scannerLogGroup, {
      kind: "policy-violations",
      description: "PII found in an object of the financial data bucket",
      pattern: PII_VIOLATION_PATTERN,
      threshold: 1,
    });
    this.metricAlarm("scanner-errors", "PII scanner invocations failed", {
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: args.scannerFunctionName },
    });
    this.metricAlarm("api-5xx-errors", "PII API answered with 5XX errors", {
      namespace: "AWS/ApiGateway",
      metricName: "5XXError",
      dimensions: { ApiName: args.apiName, Stage: args.stageName },
    });
    this.registerOutputs({});
  }

  private filterAlarm(source: SecureLogGroup, filter: SecurityFilter): void {
    const ctx = this.ctx;
    const metricName = ctx.name(filter.kind);
    const filterName = ctx.name(`${filter.kind}-filter`);
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
      { namespace: this.metricNamespace, metricName },
      filter.threshold,
    );
  }

  private metricAlarm(
    kind: string,
    description: string,
    metric: { namespace: string; metricName: string; dimensions?: Record<string, pulumi.Input<string>> },
    threshold = 1,
  ): void {
    const alarmName = this.ctx.name(`${kind}-alarm`);
    this.alarms.push(
      new aws.cloudwatch.MetricAlarm(
        alarmName,
        {
          name: alarmName,
          alarmDescription: description,
          ...metric,
          statistic: "Sum",
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
