/**
 * Networking concern: the private VPC (3 AZs, flow logs) and the VPC endpoints that replace the
 * brief's NAT instances (see docs/scenarios/trading-foundation.md, "Conflicts").
 */
import * as pulumi from "@pulumi/pulumi";
import { PrivateVpc, subnetsAcrossAzs, VpcEndpoints, type KmsKey, type ScenarioContext } from "../components";

export interface TradingNetworkingArgs {
  context: ScenarioContext;
  vpcCidr: string;
  privateSubnetCidrs: string[];
  flowLogsKey: KmsKey;
  flowLogRetentionDays: number;
}

/** AWS APIs the foundation reaches privately: Parameter Store, KMS, CloudWatch Logs, EventBridge. */
export const TRADING_INTERFACE_ENDPOINTS = ["ssm", "kms", "logs", "events"];

export class TradingNetworking extends pulumi.ComponentResource {
  readonly vpc: PrivateVpc;
  readonly endpoints: VpcEndpoints;

  constructor(name: string, args: TradingNetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:trading-foundation:Networking", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    this.vpc = new PrivateVpc(
      ctx.name("network"),
      {
        context: ctx,
        cidrBlock: args.vpcCidr,
        subnets: subnetsAcrossAzs(args.privateSubnetCidrs, ctx.availabilityZones),
        flowLogs: { kmsKey: args.flowLogsKey, retentionDays: args.flowLogRetentionDays },
      },
      child,
    );
    this.endpoints = new VpcEndpoints(
      ctx.name("endpoints"),
      {
        context: ctx,
        network: this.vpc,
        gatewayServices: ["s3"],
        interfaceServices: TRADING_INTERFACE_ENDPOINTS,
      },
      child,
    );
    this.registerOutputs({});
  }
}
