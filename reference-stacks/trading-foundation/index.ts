/**
 * Scenario "trading-foundation" (brief: /work/shared/seeds/1-trading-foundation.md, us-east-2):
 * a private-only network foundation for a trading platform with API keys in Parameter Store,
 * rotated every 30 days by a Lambda function, VPC flow logs to a dedicated bucket, and a custom
 * EventBridge bus logged to CloudWatch Logs.
 *
 * The brief's NAT instances are replaced by VPC endpoints: a NAT instance needs a public subnet
 * routed to an internet gateway, which the same brief (and the guardrails) forbid. See
 * docs/scenarios/trading-foundation.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { scenarioContextFromConfig, type ScenarioContext } from "../components";
import { TradingAutomation } from "./automation";
import { tradingFoundationConfig, type TradingFoundationConfig } from "./config";
import { TradingMonitoring } from "./monitoring";
import { TradingNetworking } from "./networking";
import { TradingSecurity } from "./security";

export const SCENARIO = "trading-foundation";

export interface TradingFoundationOutputs {
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string>[];
  /** Always empty: there are no NAT instances (see the scenario doc). */
  natInstanceIps: string[];
  natInstanceIpsNote: string;
  parameterArns: pulumi.Output<string>[];
  parameterNames: string[];
  flowLogBucketName: pulumi.Output<string>;
  eventBusName: string;
  eventBusArn: pulumi.Output<string>;
  rotationFunctionName: string;
  rotationSchedule: string;
  kmsKeyAliases: Record<string, string>;
  vpcEndpointServices: string[];
}

export interface TradingFoundation {
  context: ScenarioContext;
  security: TradingSecurity;
  networking: TradingNetworking;
  monitoring: TradingMonitoring;
  automation: TradingAutomation;
  outputs: TradingFoundationOutputs;
}

export function createTradingFoundation(
  context: ScenarioContext = scenarioContextFromConfig({ scenario: SCENARIO, scope: "trading" }),
  config: TradingFoundationConfig = tradingFoundationConfig(),
): TradingFoundation {
  const ctx = context;
  const opts: pulumi.ComponentResourceOptions = { provider: ctx.provider };

  const security = new TradingSecurity(
    ctx.name("security"),
    {
      context: ctx,
      apiKeyNames: config.apiKeyNames,
      kmsDeletionWindowInDays: config.kmsDeletionWindowInDays,
    },
    opts,
  );
  const networking = new TradingNetworking(
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
  const monitoring = new TradingMonitoring(
    ctx.name("monitoring"),
    {
      context: ctx,
      logsKey: security.logsKey,
      logRetentionDays: config.logRetentionDays,
      parameterNames: security.apiKeys.map((k) => k.name),
    },
    opts,
  );
  const automation = new TradingAutomation(
    ctx.name("automation"),
    {
      context: ctx,
      vpc: networking.vpc,
      parametersKey: security.parametersKey,
      logsKey: security.logsKey,
      apiKeys: security.apiKeys,
      rotationSchedule: config.rotationSchedule,
      logRetentionDays: config.logRetentionDays,
      dependsOn: networking.endpoints.all,
    },
    opts,
  );

  const outputs: TradingFoundationOutputs = {
    vpcId: networking.vpc.vpcId,
    privateSubnetIds: networking.vpc.subnetIds,
    natInstanceIps: [],
    natInstanceIpsNote:
      "No NAT instances: outbound access to AWS APIs goes through VPC endpoints; a NAT instance would need an internet gateway, which this foundation forbids.",
    parameterArns: security.apiKeys.map((k) => k.parameter.arn),
    parameterNames: security.apiKeys.map((k) => k.name),
    flowLogBucketName: networking.vpc.flowLogBucket.bucketName,
    eventBusName: monitoring.busName,
    eventBusArn: monitoring.bus.arn,
    rotationFunctionName: automation.rotation.functionName,
    rotationSchedule: config.rotationSchedule,
    kmsKeyAliases: {
      parameters: security.parametersKey.aliasName,
      logs: security.logsKey.aliasName,
      flowLogs: security.flowLogsKey.aliasName,
    },
    vpcEndpointServices: [
      ...Object.keys(networking.endpoints.gatewayEndpoints),
      ...Object.keys(networking.endpoints.interfaceEndpoints),
    ],
  };
  return { context: ctx, security, networking, monitoring, automation, outputs };
}
