/**
 * Scenario "payment-api" (brief: /work/shared/seeds/3-payment-api.md, written for Pulumi Python,
 * built here in Pulumi TypeScript, us-east-1): a REST API reachable only through a custom domain
 * with mutual TLS (truststore in S3), request validation, throttling and a WAF web ACL (AWS managed
 * OWASP-class rules, per-IP rate limit, geo blocking); Lambda handlers in private subnets that reach
 * DynamoDB, S3 and CloudWatch through VPC endpoints only; a transactions table (on-demand, PITR,
 * CMK), a payment-document bucket (CMK, versioning, intelligent tiering, access for named roles
 * only); separate CMKs for S3, logs and DynamoDB; encrypted 90-day log groups with metric filters;
 * alarms; a CloudTrail trail of KMS key use. See docs/scenarios/payment-api.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { scenarioContextFromConfig, type ScenarioContext } from "../components";
import { PayApiApi } from "./api";
import { DOCUMENTS_KIND, OPERATOR_ROLE_KIND, PAYMENTS_KIND, PayApiCompute } from "./compute";
import { paymentApiConfig, type PaymentApiConfig } from "./config";
import { PayApiData } from "./data";
import { PayApiMonitoring } from "./monitoring";
import { PayApiNetworking } from "./networking";
import { PayApiSecurity } from "./security";

export const SCENARIO = "payment-api";

export interface PaymentApiOutputs {
  apiUrl: string;
  apiDomainName: string;
  /** Point the custom domain's DNS (CNAME or alias) here. */
  apiRegionalDomainName: pulumi.Output<string>;
  apiRegionalZoneId: pulumi.Output<string>;
  restApiId: pulumi.Output<string>;
  stageName: string;
  webAclArn: pulumi.Output<string>;
  truststoreUri: pulumi.Output<string>;
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string>[];
  vpcEndpointIds: Record<string, pulumi.Output<string>>;
  transactionsTableName: string;
  paymentDocumentsBucketName: pulumi.Output<string>;
  functionNames: string[];
  operatorRoleArn: pulumi.Output<string>;
  kmsKeyAliases: Record<string, string>;
  alarmTopicArn: pulumi.Output<string>;
  alarmNames: pulumi.Output<string>[];
  trailName?: string;
}

export interface PaymentApi {
  context: ScenarioContext;
  security: PayApiSecurity;
  networking: PayApiNetworking;
  data: PayApiData;
  compute: PayApiCompute;
  api: PayApiApi;
  monitoring: PayApiMonitoring;
  outputs: PaymentApiOutputs;
}

export function createPaymentApi(
  context: ScenarioContext = scenarioContextFromConfig({ scenario: SCENARIO, scope: "payapi" }),
  config: PaymentApiConfig = paymentApiConfig(),
): PaymentApi {
  const ctx = context;
  const opts: pulumi.ComponentResourceOptions = { provider: ctx.provider };
  const trailName = config.createTrail ? ctx.name("kms-audit-trail") : undefined;
  // Named before they exist, so the table and bucket resource policies are known during preview.
  const roleArn = (kind: string) => ctx.arn("iam", `role/${ctx.name(kind)}`, { region: false });
  const paymentsRoleArn = roleArn(`${PAYMENTS_KIND}-role`);
  const documentsRoleArn = roleArn(`${DOCUMENTS_KIND}-role`);
  const operatorRoleArn = roleArn(OPERATOR_ROLE_KIND);

  const security = new PayApiSecurity(
    ctx.name("security"),
    { context: ctx, kmsDeletionWindowInDays: config.kmsDeletionWindowInDays, trailName },
    opts,
  );
  const networking = new PayApiNetworking(
    ctx.name("networking"),
    {
      context: ctx,
      vpcCidr: config.vpcCidr,
      privateSubnetCidrs: config.privateSubnetCidrs,
      flowLogsKey: security.s3Key,
      flowLogRetentionDays: config.flowLogRetentionDays,
    },
    opts,
  );
  const data = new PayApiData(
    ctx.name("data"),
    {
      context: ctx,
      s3Key: security.s3Key,
      dynamodbKey: security.dynamodbKey,
      tableRoleArns: [paymentsRoleArn, documentsRoleArn, operatorRoleArn],
      documentRoleArns: [documentsRoleArn, operatorRoleArn],
      truststoreFile: config.truststoreFile,
    },
    opts,
  );
  const compute = new PayApiCompute(
    ctx.name("compute"),
    {
      context: ctx,
      networking,
      data,
      functionsKey: security.functionsKey,
      logsKey: security.logsKey,
      s3Key: security.s3Key,
      dynamodbKey: security.dynamodbKey,
      logRetentionDays: config.logRetentionDays,
    },
    opts,
  );
  const api = new PayApiApi(
    ctx.name("api"),
    {
      context: ctx,
      payments: compute.payments,
      documents: compute.documents,
      logsKey: security.logsKey,
      logRetentionDays: config.logRetentionDays,
      stageName: config.stageName,
      domainName: config.domainName,
      certificateArn: config.certificateArn,
      truststoreUri: data.truststoreUri,
      truststoreVersion: data.truststore.versionId,
      truststoreDependencies: [data.truststore],
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      wafRateLimit: config.wafRateLimit,
      blockedCountryCodes: config.blockedCountryCodes,
      manageApiGatewayAccount: config.manageApiGatewayAccount,
    },
    opts,
  );
  const monitoring = new PayApiMonitoring(
    ctx.name("monitoring"),
    {
      context: ctx,
      logsKey: security.logsKey,
      s3Key: security.s3Key,
      functions: [compute.payments, compute.documents],
      accessLogGroup: api.accessLogGroup,
      apiName: api.apiName,
      stageName: config.stageName,
      webAclName: ctx.name("waf"),
      logRetentionDays: config.logRetentionDays,
      apiErrorThreshold: config.apiErrorThreshold,
      trailName,
      enableSecurityHub: config.enableSecurityHub,
    },
    opts,
  );

  const keys = {
    s3: security.s3Key,
    logs: security.logsKey,
    dynamodb: security.dynamodbKey,
    functions: security.functionsKey,
  };
  const endpoints = { ...networking.endpoints.gatewayEndpoints, ...networking.endpoints.interfaceEndpoints };
  const outputs: PaymentApiOutputs = {
    apiUrl: api.apiUrl,
    apiDomainName: config.domainName,
    apiRegionalDomainName: api.domain.regionalDomainName,
    apiRegionalZoneId: api.domain.regionalZoneId,
    restApiId: api.restApi.id,
    stageName: config.stageName,
    webAclArn: api.webAcl.arn,
    truststoreUri: data.truststoreUri,
    vpcId: networking.vpc.vpcId,
    privateSubnetIds: networking.vpc.subnetIds,
    vpcEndpointIds: Object.fromEntries(Object.entries(endpoints).map(([service, e]) => [service, e.id])),
    transactionsTableName: data.tableName,
    paymentDocumentsBucketName: data.documentsBucket.bucketName,
    functionNames: [compute.payments.functionName, compute.documents.functionName],
    operatorRoleArn: compute.operatorRole.roleArn,
    kmsKeyAliases: Object.fromEntries(Object.entries(keys).map(([k, key]) => [k, key.aliasName])),
    alarmTopicArn: monitoring.alarmTopic.arn,
    alarmNames: monitoring.alarms.map((a) => a.name),
    trailName,
  };
  return { context: ctx, security, networking, data, compute, api, monitoring, outputs };
}
