/**
 * Networking concern: a private-only VPC over two AZs with flow logs (ALL) to their own encrypted
 * bucket, an S3 gateway endpoint and a KMS interface endpoint (the brief's "VPC endpoints for S3
 * and KMS"), endpoint policies limited to this account's principals and this stack's resources,
 * and the scanner's security group: no inbound, HTTPS (443) out to the endpoints only.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  PrivateVpc,
  sameAccountEndpointStatement,
  subnetsAcrossAzs,
  VpcEndpoints,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";

export const HTTPS_PORT = 443;

export interface PiiNetworkingArgs {
  context: ScenarioContext;
  vpcCidr: string;
  privateSubnetCidrs: string[];
  flowLogsKey: KmsKey;
  flowLogRetentionDays: number;
}

/** Endpoint policies: principals of this account, this stack's buckets and this account's keys. */
export function endpointPolicies(ctx: ScenarioContext): Record<string, PolicyStatement[]> {
  const scope = ctx.naming.scope ?? "";
  const ownBuckets = pulumi.interpolate`arn:${ctx.partition}:s3:::${scope}-*-${ctx.accountId}-${ctx.region}-${ctx.naming.environmentSuffix}`;
  return {
    s3: [
      sameAccountEndpointStatement(
        ctx,
        "OwnBuckets",
        ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:ListBucket"],
        [ownBuckets, pulumi.interpolate`${ownBuckets}/*`],
      ),
    ],
    kms: [
      sameAccountEndpointStatement(
        ctx,
        "OwnKeys",
        ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        [ctx.arn("kms", "key/*")],
      ),
    ],
  };
}

export class PiiNetworking extends pulumi.ComponentResource {
  readonly vpc: PrivateVpc;
  readonly endpoints: VpcEndpoints;
  /** Egress rules of the scanner: 443 to the KMS endpoint (VPC CIDR) and to S3 (prefix list). */
  readonly scannerEgress: aws.types.input.ec2.SecurityGroupEgress[];

  constructor(name: string, args: PiiNetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:financial-data-pii:Networking", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    if (args.privateSubnetCidrs.length < 2) {
      throw new Error(`The brief asks for at least 2 AZs; got ${args.privateSubnetCidrs.length} subnet(s).`);
    }
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
        interfaceServices: ["kms"],
        policies: endpointPolicies(ctx),
      },
      child,
    );
    this.scannerEgress = [
      {
        description: "HTTPS to the KMS interface endpoint",
        protocol: "tcp",
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        cidrBlocks: [args.vpcCidr],
      },
      {
        description: "HTTPS to S3 through the gateway endpoint",
        protocol: "tcp",
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        prefixListIds: [this.endpoints.gatewayEndpoints.s3.prefixListId],
      },
    ];
    this.registerOutputs({});
  }
}
