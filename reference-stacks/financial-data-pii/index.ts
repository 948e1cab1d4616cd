/**
 * Scenario "financial-data-pii" (brief: /work/shared/seeds/4-financial-data-pii.md, written for
 * AWS CDK Python, built here in Pulumi TypeScript, us-east-1): a financial data bucket whose
 * objects only named roles can read (a KMS data key whose policy denies everyone else, a bucket
 * policy to match, HTTPS only, versioning with old versions to Glacier after 30 days), a streaming
 * PII scanner in private subnets behind a REST API with API key, usage plan and request
 * validation, VPC endpoints for S3 and KMS, flow logs to a separate bucket, log groups kept exactly
 * 90 days, and alarms for unauthorized access and policy violations.
 * See docs/scenarios/financial-data-pii.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { scenarioContextFromConfig, type ScenarioContext } from "../components";
import { PiiApi } from "./api";
import { financialDataPiiConfig, type FinancialDataPiiConfig } from "./config";
import { PiiMonitoring } from "./monitoring";
import { PiiNetworking } from "./networking";
import { PiiScanner, SCANNER_KIND } from "./scanner";
import { PiiSecurity } from "./security";
import { PiiStorage, STEWARD_ROLE_KIND } from "./storage";

export const SCENARIO = "financial-data-pii";

export interface FinancialDataPiiOutputs {
  /** The brief's three outputs. */
  apiUrl: pulumi.Output<string>;
  apiKeyId: pulumi.Output<string>;
  dataBucketName: pulumi.Output<string>;
  flowLogBucketName: pulumi.Output<string>;
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string>[];
  scannerFunctionName: string;
  dataStewardRoleArn: pulumi.Output<string>;
  kmsKeyAliases: Record<string, string>;
  securityAlarmTopicArn: pulumi.Output<string>;
  securityAlarmNames: pulumi.Output<string>[];
}

export interface FinancialDataPii {
  context: ScenarioContext;
  security: PiiSecurity;
  networking: PiiNetworking;
  storage: PiiStorage;
  scanner: PiiScanner;
  api: PiiApi;
  monitoring: PiiMonitoring;
  outputs: FinancialDataPiiOutputs;
}

export function createFinancialDataPii(
  context: ScenarioContext = scenarioContextFromConfig({ scenario: SCENARIO, scope: "pii" }),
  config: FinancialDataPiiConfig = financialDataPiiConfig(),
): FinancialDataPii {
  const ctx = context;
  const opts: pulumi.ComponentResourceOptions = { provider: ctx.provider };
  // The roles allowed to use the data: named before they exist, so key and bucket policies are known.
  const roleArn = (kind: string) => ctx.arn("iam", `role/${ctx.name(kind)}`, { region: false });
  const scannerRoleArn = roleArn(`${SCANNER_KIND}-role`);
  const stewardRoleArn = roleArn(STEWARD_ROLE_KIND);

  const security = new PiiSecurity(
    ctx.name("security"),
    {
      context: ctx,
      kmsDeletionWindowInDays: config.kmsDeletionWindowInDays,
      dataKeyRoleArns: [scannerRoleArn, stewardRoleArn],
    },
    opts,
  );
  const networking = new PiiNetworking(
    ctx.name("networking"),
    {
      context: ctx,
      vpcCidr: config.vpcCidr,
      privateSubnetCidrs: config.privateSubnetCidrs,
      flowLogsKey: security.flowLogsKey,
      flowLogRetentionDays: config.flowLogRetentionDays,
    },
    opts,
  );
  const storage = new PiiStorage(
    ctx.name("storage"),
    {
      context: ctx,
      dataKey: security.dataKey,
      glacierTransitionDays: config.glacierTransitionDays,
      noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
      readerRoleArns: [scannerRoleArn],
      stewardRoleArn,
    },
    opts,
  );
  const scanner = new PiiScanner(
    ctx.name("scanner"),
    {
      context: ctx,
      networking,
      functionsKey: security.functionsKey,
      logsKey: security.logsKey,
      dataKey: security.dataKey,
      dataBucketName: storage.dataBucket.bucketName,
      dataBucketArn: storage.dataBucket.bucketArn,
      logRetentionDays: config.logRetentionDays,
      maxObjectBytes: config.maxObjectBytes,
      maxFindings: config.maxFindings,
    },
    opts,
  );
  const api = new PiiApi(
    ctx.name("api"),
    {
      context: ctx,
      scanner: scanner.function,
      logsKey: security.logsKey,
      logRetentionDays: config.logRetentionDays,
      stageName: config.stageName,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      dailyQuota: config.dailyQuota,
      manageApiGatewayAccount: config.manageApiGatewayAccount,
    },
    opts,
  );
  const monitoring = new PiiMonitoring(
    ctx.name("monitoring"),
    {
      context: ctx,
      logsKey: security.logsKey,
      accessLogGroup: api.accessLogGroup,
      scannerLogGroup: scanner.function.logGroup,
      scannerFunctionName: scanner.function.functionName,
      apiName: api.apiName,
      stageName: config.stageName,
      unauthorizedThreshold: config.unauthorizedThreshold,
    },
    opts,
  );

  const keys = {
    data: security.dataKey,
    logs: security.logsKey,
    flowLogs: security.flowLogsKey,
    functions: security.functionsKey,
  };
  const outputs: FinancialDataPiiOutputs = {
    apiUrl: api.scanUrl,
    apiKeyId: api.apiKey.id,
    dataBucketName: storage.dataBucket.bucketName,
    flowLogBucketName: networking.vpc.flowLogBucket.bucketName,
    vpcId: networking.vpc.vpcId,
    privateSubnetIds: networking.vpc.subnetIds,
    scannerFunctionName: scanner.function.functionName,
    dataStewardRoleArn: storage.stewardRole.roleArn,
    kmsKeyAliases: Object.fromEntries(Object.entries(keys).map(([k, key]) => [k, key.aliasName])),
    securityAlarmTopicArn: monitoring.alarmTopic.arn,
    securityAlarmNames: monitoring.alarms.map((a) => a.name),
  };
  return { context: ctx, security, networking, storage, scanner, api, monitoring, outputs };
}
