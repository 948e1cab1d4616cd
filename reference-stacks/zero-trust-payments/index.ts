/**
 * Scenario "zero-trust-payments" (brief: /work/shared/seeds/2-zero-trust-payments.md, us-east-1):
 * an isolated payments network (no internet gateway, private subnets in 3 AZs, numbered NACL
 * rules, gateway and PrivateLink endpoints), one CMK per data domain, ABAC roles on session tags,
 * a database secret rotated every 30 days by a four-step rotation function, failed-authentication
 * metric filters and alarms, Session Manager access logged to CloudWatch and S3, and encrypted
 * flow logs kept 90 days. See docs/scenarios/zero-trust-payments.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { scenarioContextFromConfig, type ScenarioContext } from "../components";
import { ZtpAccess } from "./access";
import { zeroTrustPaymentsConfig, type ZeroTrustPaymentsConfig } from "./config";
import { ZtpData } from "./data";
import { ZtpIdentity } from "./identity";
import { ZtpMonitoring } from "./monitoring";
import { ZtpNetworking } from "./networking";
import { ZtpSecrets } from "./secrets";
import { ZtpSecurity } from "./security";

export const SCENARIO = "zero-trust-payments";

export interface ZeroTrustPaymentsOutputs {
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string>[];
  networkAclId: pulumi.Output<string>;
  vpcEndpointIds: Record<string, pulumi.Output<string>>;
  kmsKeyAliases: Record<string, string>;
  kmsKeyArns: Record<string, pulumi.Output<string>>;
  flowLogBucketName: pulumi.Output<string>;
  auditBucketName: pulumi.Output<string>;
  paymentDataBucketName: pulumi.Output<string>;
  transactionsTableName: string;
  dbSecretArn: pulumi.Output<string>;
  secretRotationFunctionName: string;
  secretRotationDays: number;
  abacRoleArns: Record<string, pulumi.Output<string>>;
  sessionDocumentName: string;
  workloadInstanceId?: pulumi.Output<string>;
  securityAlarmTopicArn: pulumi.Output<string>;
  securityAlarmNames: pulumi.Output<string>[];
  trailName?: string;
}

export interface ZeroTrustPayments {
  context: ScenarioContext;
  security: ZtpSecurity;
  networking: ZtpNetworking;
  monitoring: ZtpMonitoring;
  data: ZtpData;
  secrets: ZtpSecrets;
  access: ZtpAccess;
  identity: ZtpIdentity;
  outputs: ZeroTrustPaymentsOutputs;
}

export function createZeroTrustPayments(
  context: ScenarioContext = scenarioContextFromConfig({ scenario: SCENARIO, scope: "ztp" }),
  config: ZeroTrustPaymentsConfig = zeroTrustPaymentsConfig(),
): ZeroTrustPayments {
  const ctx = context;
  const opts: pulumi.ComponentResourceOptions = { provider: ctx.provider };
  const trailName = config.createTrail ? ctx.name("audit-trail") : undefined;

  const security = new ZtpSecurity(
    ctx.name("security"),
    { context: ctx, kmsDeletionWindowInDays: config.kmsDeletionWindowInDays, trailName },
    opts,
  );
  const networking = new ZtpNetworking(
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
  const monitoring = new ZtpMonitoring(
    ctx.name("monitoring"),
    {
      context: ctx,
      s3Key: security.s3Key,
      logsKey: security.logsKey,
      logRetentionDays: config.logRetentionDays,
      auditLogRetentionDays: config.logRetentionDays,
      trailName,
      applicationAuthFailureThreshold: config.applicationAuthFailureThreshold,
    },
    opts,
  );
  const data = new ZtpData(
    ctx.name("data"),
    { context: ctx, s3Key: security.s3Key, dataKey: security.dataKey },
    opts,
  );
  const secrets = new ZtpSecrets(
    ctx.name("secrets"),
    {
      context: ctx,
      networking,
      secretsKey: security.secretsKey,
      logsKey: security.logsKey,
      database: config.database,
      databaseMode: config.databaseMode,
      rotationDays: config.secretRotationDays,
      recoveryWindowInDays: config.secretRecoveryWindowInDays,
      logRetentionDays: config.logRetentionDays,
    },
    opts,
  );
  const access = new ZtpAccess(
    ctx.name("access"),
    {
      context: ctx,
      networking,
      monitoring,
      logsKey: security.logsKey,
      s3Key: security.s3Key,
      dataKey: security.dataKey,
      createWorkloadInstance: config.createWorkloadInstance,
      instanceType: config.instanceType,
    },
    opts,
  );
  const identity = new ZtpIdentity(
    ctx.name("identity"),
    {
      context: ctx,
      data,
      s3Key: security.s3Key,
      dataKey: security.dataKey,
      secretsKey: security.secretsKey,
    },
    opts,
  );

  const keys = {
    flowLogs: security.flowLogsKey,
    secrets: security.secretsKey,
    s3: security.s3Key,
    logs: security.logsKey,
    data: security.dataKey,
  };
  const endpoints = { ...networking.endpoints.gatewayEndpoints, ...networking.endpoints.interfaceEndpoints };
  const outputs: ZeroTrustPaymentsOutputs = {
    vpcId: networking.vpc.vpcId,
    privateSubnetIds: networking.vpc.subnetIds,
    networkAclId: networking.networkAcl.id,
    vpcEndpointIds: Object.fromEntries(Object.entries(endpoints).map(([service, e]) => [service, e.id])),
    kmsKeyAliases: Object.fromEntries(Object.entries(keys).map(([k, key]) => [k, key.aliasName])),
    kmsKeyArns: Object.fromEntries(Object.entries(keys).map(([k, key]) => [k, key.arn])),
    flowLogBucketName: networking.vpc.flowLogBucket.bucketName,
    auditBucketName: monitoring.auditBucket.bucketName,
    paymentDataBucketName: data.bucket.bucketName,
    transactionsTableName: data.tableName,
    dbSecretArn: secrets.secret.arn,
    secretRotationFunctionName: secrets.rotationFunction.functionName,
    secretRotationDays: config.secretRotationDays,
    abacRoleArns: {
      paymentsDataAccess: identity.dataAccessRole.roleArn,
      sessionOperator: access.operatorRole.roleArn,
    },
    sessionDocumentName: access.sessionDocumentName,
    workloadInstanceId: access.instance?.id,
    securityAlarmTopicArn: monitoring.alarmTopic.arn,
    securityAlarmNames: monitoring.alarms.map((a) => a.name),
    trailName,
  };
  return { context: ctx, security, networking, monitoring, data, secrets, access, identity, outputs };
}
