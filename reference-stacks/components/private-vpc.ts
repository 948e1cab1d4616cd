/**
 * A VPC with private subnets only, one route table per subnet with no route leaving the VPC, the
 * default security group stripped of all rules, and a VPC flow log (traffic type ALL) delivered to
 * a dedicated, KMS-encrypted, TLS-only S3 bucket with a lifecycle expiration of at least 90 days
 * (PCI DSS 1.3.1, 1.3.2, 1.4.4, 10.2.1, 10.3.2, 10.5.1).
 *
 * There is deliberately no option to add an internet gateway, NAT gateway or public subnet:
 * reach AWS APIs through `VpcEndpoints`. The flow-log key must carry `kmsGrants.logDelivery`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import type { PolicyStatement } from "./iam";
import type { KmsKey } from "./kms-key";
import { MIN_LOG_RETENTION_DAYS, SecureBucket } from "./secure-bucket";
import { resourceTags } from "./tagging";

export interface PrivateSubnetSpec {
  cidrBlock: string;
  availabilityZone: string;
  /** Tier of the subnet (tag `Tier`, part of its name); default `private`. Every tier stays private. */
  tier?: string;
}

export interface FlowLogArgs {
  /** Key for the flow-log bucket; needs `kmsGrants.logDelivery(ctx)`. */
  kmsKey: KmsKey;
  /** Lifecycle expiration of the flow-log bucket, >= 90 (default 90). */
  retentionDays?: number;
  /** Kind of the flow-log bucket (default `flowlogs`). */
  bucketKind?: string;
  /** Aggregation interval in seconds: 60 or 600 (default 60). */
  maxAggregationInterval?: 60 | 600;
}

export interface PrivateVpcArgs {
  context: ScenarioContext;
  /** Kind of the VPC (default `vpc`). */
  kind?: string;
  cidrBlock: string;
  /** At least one subnet; spread them over AZs (`subnetsAcrossAzs`). */
  subnets: PrivateSubnetSpec[];
  flowLogs: FlowLogArgs;
  /** Remove every rule from the VPC's default security group (default true). */
  restrictDefaultSecurityGroup?: boolean;
}

export class PrivateVpcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrivateVpcError";
  }
}

/** Pairs CIDRs with AZs in order; throws unless there is one AZ per CIDR. */
export function subnetsAcrossAzs(
  cidrBlocks: string[],
  availabilityZones: string[],
  tier?: string,
): PrivateSubnetSpec[] {
  if (cidrBlocks.length > availabilityZones.length) {
    throw new PrivateVpcError(
      `${cidrBlocks.length} subnets need as many availability zones, got ${availabilityZones.join(", ")}.`,
    );
  }
  return cidrBlocks.map((cidrBlock, i) => ({
    cidrBlock,
    availabilityZone: availabilityZones[i],
    ...(tier !== undefined ? { tier } : {}),
  }));
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function assertPrivateCidr(cidr: string, what: string): void {
  const m = CIDR.exec(cidr);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
    throw new PrivateVpcError(`${what} '${cidr}' is not an IPv4 CIDR block.`);
  }
  const [a, b] = [Number(m[1]), Number(m[2])];
  const rfc1918 = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  if (!rfc1918) throw new PrivateVpcError(`${what} '${cidr}' is not an RFC 1918 private range.`);
}

export class PrivateVpc extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly subnets: aws.ec2.Subnet[];
  readonly routeTables: aws.ec2.RouteTable[];
  readonly routeTableAssociations: aws.ec2.RouteTableAssociation[];
  readonly defaultSecurityGroup?: aws.ec2.DefaultSecurityGroup;
  readonly flowLogBucket: SecureBucket;
  readonly flowLog: aws.ec2.FlowLog;
  readonly vpcName: string;
  readonly cidrBlock: string;
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: pulumi.Output<string>[];
  readonly routeTableIds: pulumi.Output<string>[];

  constructor(name: string, args: PrivateVpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:components:PrivateVpc", name, {}, opts);
    const ctx = args.context;
    ctx.requireSuffix(name, "Logical name");
    const kind = args.kind ?? "vpc";
    this.vpcName = ctx.name(kind);
    this.cidrBlock = args.cidrBlock;
    assertPrivateCidr(args.cidrBlock, "VPC CIDR");
    if (args.subnets.length === 0) throw new PrivateVpcError(`${this.vpcName} needs at least one subnet.`);
    args.subnets.forEach((s) => assertPrivateCidr(s.cidrBlock, "Subnet CIDR"));
    const retentionDays = args.flowLogs.retentionDays ?? MIN_LOG_RETENTION_DAYS;
    const child = { parent: this };

    this.vpc = new aws.ec2.Vpc(
      this.vpcName,
      {
        cidrBlock: args.cidrBlock,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        instanceTenancy: "default",
        tags: resourceTags(this.vpcName),
      },
      child,
    );
    this.vpcId = this.vpc.id;

    this.subnets = [];
    this.routeTables = [];
    this.routeTableAssociations = [];
    args.subnets.forEach((spec, index) => {
      const tier = spec.tier ?? "private";
      const subnetName = ctx.name(`${kind}-${tier}-${spec.availabilityZone.slice(-1)}`);
      const subnet = new aws.ec2.Subnet(
        subnetName,
        {
          vpcId: this.vpc.id,
          cidrBlock: spec.cidrBlock,
          availabilityZone: spec.availabilityZone,
          mapPublicIpOnLaunch: false,
          assignIpv6AddressOnCreation: false,
          tags: resourceTags(subnetName, { Tier: tier }),
        },
        child,
      );
      const routeTableName = ctx.name(`${kind}-${tier}-rt-${spec.availabilityZone.slice(-1)}`);
      // Only the implicit local route: nothing leaves the VPC except through VPC endpoints.
      const routeTable = new aws.ec2.RouteTable(
        routeTableName,
        { vpcId: this.vpc.id, tags: resourceTags(routeTableName, { Tier: tier }) },
        child,
      );
      const association = new aws.ec2.RouteTableAssociation(
        `${routeTableName}-association-${index}`,
        { subnetId: subnet.id, routeTableId: routeTable.id },
        child,
      );
      this.subnets.push(subnet);
      this.routeTables.push(routeTable);
      this.routeTableAssociations.push(association);
    });
    this.subnetIds = this.subnets.map((s) => s.id);
    this.routeTableIds = this.routeTables.map((r) => r.id);

    if (args.restrictDefaultSecurityGroup ?? true) {
      const sgName = ctx.name(`${kind}-default-sg`);
      // Adopts the VPC's default security group and removes all its rules (CIS AWS 5.4).
      this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
        sgName,
        { vpcId: this.vpc.id, ingress: [], egress: [], tags: resourceTags(sgName) },
        child,
      );
    }

    const bucketKind = args.flowLogs.bucketKind ?? "flowlogs";
    this.flowLogBucket = new SecureBucket(
      ctx.name(bucketKind),
      {
        context: ctx,
        kind: bucketKind,
        kmsKey: args.flowLogs.kmsKey,
        purpose: "logs",
        expirationDays: retentionDays,
        tags: { DataClassification: "Confidential" },
        policyStatements: (refs): PolicyStatement[] => [
          {
            Sid: "AWSLogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: ctx.servicePrincipal("delivery.logs") },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${refs.bucketArn}/AWSLogs/${ctx.accountId}/*`,
            Condition: {
              StringEquals: {
                "aws:SourceAccount": ctx.accountId,
                "s3:x-amz-acl": "bucket-owner-full-control",
              },
              ArnLike: { "aws:SourceArn": ctx.arn("logs", "*") },
            },
          },
          {
            Sid: "AWSLogDeliveryAclCheck",
            Effect: "Allow",
            Principal: { Service: ctx.servicePrincipal("delivery.logs") },
            Action: ["s3:GetBucketAcl", "s3:ListBucket"],
            Resource: refs.bucketArn,
            Condition: {
              StringEquals: { "aws:SourceAccount": ctx.accountId },
              ArnLike: { "aws:SourceArn": ctx.arn("logs", "*") },
            },
          },
        ],
      },
      child,
    );

    const flowLogName = ctx.name(`${kind}-flowlog`);
    this.flowLog = new aws.ec2.FlowLog(
      flowLogName,
      {
        vpcId: this.vpc.id,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: this.flowLogBucket.bucket.arn,
        maxAggregationInterval: args.flowLogs.maxAggregationInterval ?? 60,
        destinationOptions: {
          fileFormat: "plain-text",
          perHourPartition: true,
          hiveCompatiblePartitions: false,
        },
        tags: resourceTags(flowLogName),
      },
      // The bucket policy must exist first, or the service writes its own, broader one.
      { parent: this, dependsOn: this.flowLogBucket.readyDependencies },
    );

    this.registerOutputs({
      vpcId: this.vpcId,
      subnetIds: this.subnetIds,
      flowLogBucketName: this.flowLogBucket.bucketName,
    });
  }
}
