/**
 * Scenario "loan-processing" (brief: /work/shared/seeds/5-loan-processing.md, written for Pulumi
 * Python with an HTTP-only public ALB, `nginx:latest`, a NAT gateway and an internet gateway;
 * built here in Pulumi TypeScript, eu-west-2, to its requirements, not its design): an ECS Fargate
 * service (2-10 tasks, CPU and memory target tracking, Container Insights) reached through API
 * Gateway and a VPC link to an internal HTTPS load balancer, Aurora MySQL Serverless v2 (0.5-4 ACU,
 * CMK, IAM auth, destroyable), three private subnet tiers over three AZs with VPC endpoints instead
 * of internet access, 365-day encrypted logs, least-privilege task and execution roles.
 * See docs/scenarios/loan-processing.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { scenarioContextFromConfig, type ScenarioContext } from "../components";
import { LoanCompute } from "./compute";
import { loanProcessingConfig, parsePinnedImage, type LoanProcessingConfig } from "./config";
import { DATABASE_NAME, LoanData } from "./data";
import { LoanIngress } from "./ingress";
import { LoanMonitoring } from "./monitoring";
import { LoanNetworking } from "./networking";
import { LoanSecurity } from "./security";

export const SCENARIO = "loan-processing";

export interface LoanProcessingOutputs {
  /** The brief's outputs. */
  vpcId: pulumi.Output<string>;
  albDnsName: pulumi.Output<string>;
  clusterArn: pulumi.Output<string>;
  databaseEndpoint: pulumi.Output<string>;
  /** Where customers connect (HTTPS). */
  apiEndpoint: pulumi.Output<string>;
  clusterName: string;
  serviceName: string;
  databaseReaderEndpoint: pulumi.Output<string>;
  albLogBucketName: pulumi.Output<string>;
  logGroupNames: string[];
  kmsKeyAliases: Record<string, string>;
}

export interface LoanProcessing {
  context: ScenarioContext;
  security: LoanSecurity;
  networking: LoanNetworking;
  monitoring: LoanMonitoring;
  data: LoanData;
  ingress: LoanIngress;
  compute: LoanCompute;
  outputs: LoanProcessingOutputs;
}

export function createLoanProcessing(
  context: ScenarioContext = scenarioContextFromConfig({ scenario: SCENARIO, scope: "loan" }),
  config: LoanProcessingConfig = loanProcessingConfig(),
): LoanProcessing {
  const ctx = context;
  const ecrImage = parsePinnedImage(config.containerImage);
  const opts: pulumi.ComponentResourceOptions = { provider: ctx.provider };
  const dbClusterIdentifier = ctx.name("db");
  const apiName = ctx.name("api");

  const security = new LoanSecurity(
    ctx.name("security"),
    { context: ctx, kmsDeletionWindowInDays: config.kmsDeletionWindowInDays },
    opts,
  );
  const networking = new LoanNetworking(
    ctx.name("networking"),
    {
      context: ctx,
      vpcCidr: config.vpcCidr,
      subnetCidrs: {
        ingress: config.ingressSubnetCidrs,
        app: config.appSubnetCidrs,
        data: config.dataSubnetCidrs,
      },
      containerPort: config.containerPort,
      flowLogsKey: security.logsKey,
      flowLogRetentionDays: config.flowLogRetentionDays,
    },
    opts,
  );
  const monitoring = new LoanMonitoring(
    ctx.name("monitoring"),
    {
      context: ctx,
      logsKey: security.logsKey,
      logRetentionDays: config.logRetentionDays,
      dbClusterIdentifier,
      apiName,
    },
    opts,
  );
  const data = new LoanData(
    ctx.name("data"),
    {
      context: ctx,
      clusterIdentifier: dbClusterIdentifier,
      subnetIds: networking.subnetIds.data,
      securityGroupId: networking.databaseSecurityGroup.id,
      dataKey: security.dataKey,
      minCapacity: config.dbMinCapacity,
      maxCapacity: config.dbMaxCapacity,
      backupRetentionDays: config.dbBackupRetentionDays,
      logGroups: monitoring.dbLogGroups,
    },
    opts,
  );
  const ingress = new LoanIngress(
    ctx.name("ingress"),
    {
      context: ctx,
      vpcId: networking.vpc.vpcId,
      subnetIds: networking.subnetIds.ingress,
      albSecurityGroupId: networking.albSecurityGroup.id,
      linkSecurityGroupId: networking.linkSecurityGroup.id,
      containerPort: config.containerPort,
      healthCheckPath: config.healthCheckPath,
      certificateArn: config.certificateArn,
      loadBalancerHostName: config.loadBalancerHostName,
      apiName,
      accessLogGroup: monitoring.apiAccessLogGroup,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      albLogTransitionDays: config.albLogTransitionDays,
      albLogExpirationDays: config.albLogExpirationDays,
    },
    opts,
  );
  const compute = new LoanCompute(
    ctx.name("compute"),
    {
      context: ctx,
      image: config.containerImage,
      ecrImage,
      containerPort: config.containerPort,
      taskCpu: config.taskCpu,
      taskMemory: config.taskMemory,
      minTasks: config.minTasks,
      maxTasks: config.maxTasks,
      cpuTargetPercent: config.cpuTargetPercent,
      memoryTargetPercent: config.memoryTargetPercent,
      subnetIds: networking.subnetIds.app,
      securityGroupId: networking.taskSecurityGroup.id,
      targetGroupArn: ingress.targetGroup.arn,
      listener: ingress.listener,
      logGroup: monitoring.appLogGroup,
      databaseEndpoint: data.cluster.endpoint,
      databaseName: DATABASE_NAME,
      dbIamUser: config.dbIamUser,
      endpoints: networking.endpoints.all,
    },
    opts,
  );

  const keys = { data: security.dataKey, logs: security.logsKey };
  const outputs: LoanProcessingOutputs = {
    vpcId: networking.vpc.vpcId,
    albDnsName: ingress.loadBalancer.dnsName,
    clusterArn: compute.cluster.arn,
    databaseEndpoint: data.cluster.endpoint,
    apiEndpoint: ingress.api.apiEndpoint,
    clusterName: compute.clusterName,
    serviceName: compute.serviceName,
    databaseReaderEndpoint: data.cluster.readerEndpoint,
    albLogBucketName: ingress.albLogBucket.bucketName,
    logGroupNames: [monitoring.appLogGroup, ...monitoring.dbLogGroups, monitoring.apiAccessLogGroup].map(
      (g) => g.logGroupName,
    ),
    kmsKeyAliases: Object.fromEntries(Object.entries(keys).map(([k, key]) => [k, key.aliasName])),
  };
  return { context: ctx, security, networking, monitoring, data, ingress, compute, outputs };
}
