/**
 * Networking concern: a private-only VPC over three AZs (no internet gateway, NAT or public
 * subnet: the API's public face is API Gateway's AWS-managed regional endpoint), VPC flow logs
 * (ALL), gateway endpoints for S3 and DynamoDB and interface endpoints for CloudWatch Logs and
 * metrics, a network ACL with numbered rules, and the functions' egress: HTTPS to the endpoints.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  PrivateVpc,
  privateNetworkAcl,
  sameAccountEndpointStatement,
  subnetsAcrossAzs,
  VpcEndpoints,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";

export const HTTPS_PORT = 443;
/** The brief's "VPC endpoints for AWS services (S3, DynamoDB, CloudWatch)". */
export const PAYAPI_INTERFACE_ENDPOINTS = ["logs", "monitoring"];

export interface PayApiNetworkingArgs {
  context: ScenarioContext;
  vpcCidr: string;
  privateSubnetCidrs: string[];
  flowLogsKey: KmsKey;
  flowLogRetentionDays: number;
}

/** Endpoint policies: principals of this account, this stack's buckets and tables only. */
export function endpointPolicies(ctx: ScenarioContext): Record<string, PolicyStatement[]> {
  const scope = ctx.naming.scope ?? "";
  const suffix = ctx.naming.environmentSuffix;
  const ownBuckets = pulumi.interpolate`arn:${ctx.partition}:s3:::${scope}-*-${ctx.accountId}-${ctx.region}-${suffix}`;
  return {
    s3: [
      sameAccountEndpointStatement(
        ctx,
        "OwnBuckets",
        ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:ListBucket"],
        [ownBuckets, pulumi.interpolate`${ownBuckets}/*`],
      ),
    ],
    dynamodb: [
      sameAccountEndpointStatement(
        ctx,
        "OwnTables",
        [
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:ConditionCheckItem",
          "dynamodb:DescribeTable",
        ],
        [
          ctx.arn("dynamodb", `table/${scope}-*-${suffix}`),
          ctx.arn("dynamodb", `table/${scope}-*-${suffix}/index/*`),
        ],
      ),
    ],
  };
}

export class PayApiNetworking extends pulumi.ComponentResource {
  readonly vpc: PrivateVpc;
  readonly endpoints: VpcEndpoints;
  readonly networkAcl: aws.ec2.NetworkAcl;
  /** Egress of the functions: 443 to the interface endpoints and to the S3/DynamoDB prefix lists. */
  readonly functionEgress: aws.types.input.ec2.SecurityGroupEgress[];

  constructor(name: string, args: PayApiNetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:payment-api:Networking", name, {}, opts);
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
        gatewayServices: ["s3", "dynamodb"],
        interfaceServices: PAYAPI_INTERFACE_ENDPOINTS,
        policies: endpointPolicies(ctx),
      },
      child,
    );

    this.networkAcl = privateNetworkAcl(
      {
        context: ctx,
        vpcId: this.vpc.vpcId,
        vpcCidr: args.vpcCidr,
        subnetIds: this.vpc.subnetIds,
        vpcPorts: [HTTPS_PORT],
        gatewayServices: ["s3", "dynamodb"],
      },
      this,
    );

    this.functionEgress = [
      {
        description: "HTTPS to the interface endpoints (CloudWatch Logs, CloudWatch)",
        protocol: "tcp",
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        cidrBlocks: [args.vpcCidr],
      },
      {
        description: "HTTPS to S3 and DynamoDB through the gateway endpoints",
        protocol: "tcp",
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        prefixListIds: [
          this.endpoints.gatewayEndpoints.s3.prefixListId,
          this.endpoints.gatewayEndpoints.dynamodb.prefixListId,
        ],
      },
    ];
    this.registerOutputs({ networkAclId: this.networkAcl.id });
  }
}
