/**
 * Networking concern: the isolated VPC (3 AZs, no internet gateway, flow logs), a network ACL with
 * numbered rules that admit only the allowed flows, PrivateLink/gateway endpoints with zero-trust
 * endpoint policies, and the security groups of the workloads.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  PrivateVpc,
  privateNetworkAcl,
  resourceTags,
  sameAccountEndpointStatement,
  subnetsAcrossAzs,
  VpcEndpoints,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";

export interface ZtpNetworkingArgs {
  context: ScenarioContext;
  vpcCidr: string;
  privateSubnetCidrs: string[];
  flowLogsKey: KmsKey;
  flowLogRetentionDays: number;
}

/** Interface endpoints: Secrets Manager (brief) and what Session Manager, logging and KMS need. */
export const ZTP_INTERFACE_ENDPOINTS = ["secretsmanager", "ssm", "ssmmessages", "ec2messages", "logs", "kms"];
export const POSTGRES_PORT = 5432;
export const HTTPS_PORT = 443;

/** Buckets owned by AWS that SSM Agent and dnf read through the S3 gateway endpoint. */
function awsOwnedReadOnlyBuckets(region: string): string[] {
  return [
    `aws-ssm-${region}`,
    `aws-windows-downloads-${region}`,
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `${region}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${region}`,
    `aws-ssm-document-attachments-${region}`,
    `patch-baseline-snapshot-${region}`,
    `al2023-repos-${region}-*`,
  ];
}

/** Endpoint policies: principals of this account, this stack's resources (by name pattern) only. */
export function endpointPolicies(ctx: ScenarioContext): Record<string, PolicyStatement[]> {
  const scope = ctx.naming.scope ?? "";
  const suffix = ctx.naming.environmentSuffix;
  const ownBuckets = pulumi.interpolate`arn:${ctx.partition}:s3:::${scope}-*-${ctx.accountId}-${ctx.region}-${suffix}`;
  return {
    s3: [
      sameAccountEndpointStatement(
        ctx,
        "OwnBuckets",
        [
          "s3:GetObject",
          "s3:PutObject",
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "s3:GetEncryptionConfiguration",
          "s3:AbortMultipartUpload",
          "s3:ListMultipartUploadParts",
        ],
        [ownBuckets, pulumi.interpolate`${ownBuckets}/*`],
      ),
      sameAccountEndpointStatement(
        ctx,
        "AwsOwnedAgentAndRepositoryBuckets",
        ["s3:GetObject"],
        awsOwnedReadOnlyBuckets(ctx.region).map((b) => `arn:${ctx.partition}:s3:::${b}/*`),
      ),
    ],
    dynamodb: [
      sameAccountEndpointStatement(
        ctx,
        "OwnTables",
        [
          "dynamodb:GetItem",
          "dynamodb:BatchGetItem",
          "dynamodb:Query",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:ConditionCheckItem",
          "dynamodb:DescribeTable",
        ],
        [
          ctx.arn("dynamodb", `table/${scope}-*-${suffix}`),
          ctx.arn("dynamodb", `table/${scope}-*-${suffix}/index/*`),
        ],
      ),
    ],
    secretsmanager: [
      sameAccountEndpointStatement(
        ctx,
        "OwnSecrets",
        [
          "secretsmanager:GetSecretValue",
          "secretsmanager:DescribeSecret",
          "secretsmanager:PutSecretValue",
          "secretsmanager:UpdateSecretVersionStage",
        ],
        [ctx.arn("secretsmanager", `secret:${scope}-*-${suffix}-??????`)],
      ),
      sameAccountEndpointStatement(ctx, "RandomPasswords", ["secretsmanager:GetRandomPassword"], ["*"]),
    ],
  };
}

export class ZtpNetworking extends pulumi.ComponentResource {
  readonly vpc: PrivateVpc;
  readonly endpoints: VpcEndpoints;
  readonly networkAcl: aws.ec2.NetworkAcl;
  /** The payments workload (Session Manager target). */
  readonly workloadSecurityGroup: aws.ec2.SecurityGroup;
  /** The (optional) PostgreSQL database: 5432 from named security groups only. */
  readonly databaseSecurityGroup: aws.ec2.SecurityGroup;
  readonly databaseIngressRules: aws.vpc.SecurityGroupIngressRule[] = [];
  private readonly ctx: ScenarioContext;

  constructor(name: string, args: ZtpNetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:zero-trust-payments:Networking", name, {}, opts);
    const ctx = args.context;
    this.ctx = ctx;
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
        interfaceServices: ZTP_INTERFACE_ENDPOINTS,
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
        vpcPorts: [HTTPS_PORT, POSTGRES_PORT],
        gatewayServices: ["s3", "dynamodb"],
      },
      this,
    );

    const dbSgName = ctx.name("database-sg");
    this.databaseSecurityGroup = new aws.ec2.SecurityGroup(
      dbSgName,
      {
        name: dbSgName,
        description: "PostgreSQL: 5432 from named security groups only",
        vpcId: this.vpc.vpcId,
        revokeRulesOnDelete: true,
        tags: resourceTags(dbSgName),
      },
      child,
    );
    const workloadSgName = ctx.name("workload-sg");
    this.workloadSecurityGroup = new aws.ec2.SecurityGroup(
      workloadSgName,
      {
        name: workloadSgName,
        description: "Payments workload: no inbound (Session Manager), explicit egress",
        vpcId: this.vpc.vpcId,
        ingress: [],
        egress: [
          {
            description: "HTTPS to interface endpoints",
            protocol: "tcp",
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            cidrBlocks: [args.vpcCidr],
          },
          {
            description: "HTTPS to S3 and DynamoDB gateway endpoints",
            protocol: "tcp",
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            prefixListIds: [
              this.endpoints.gatewayEndpoints.s3.prefixListId,
              this.endpoints.gatewayEndpoints.dynamodb.prefixListId,
            ],
          },
          {
            description: "PostgreSQL",
            protocol: "tcp",
            fromPort: POSTGRES_PORT,
            toPort: POSTGRES_PORT,
            securityGroups: [this.databaseSecurityGroup.id],
          },
        ],
        revokeRulesOnDelete: true,
        tags: resourceTags(workloadSgName),
      },
      child,
    );
    this.allowDatabaseFrom("workload", this.workloadSecurityGroup);
    this.registerOutputs({ networkAclId: this.networkAcl.id });
  }

  /** Admits PostgreSQL on the database security group from `source` (an explicit allow rule). */
  allowDatabaseFrom(kind: string, source: aws.ec2.SecurityGroup): aws.vpc.SecurityGroupIngressRule {
    const ruleName = this.ctx.name(`database-from-${kind}`);
    const rule = new aws.vpc.SecurityGroupIngressRule(
      ruleName,
      {
        securityGroupId: this.databaseSecurityGroup.id,
        referencedSecurityGroupId: source.id,
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: `PostgreSQL from ${kind}`,
        tags: resourceTags(ruleName),
      },
      { parent: this },
    );
    this.databaseIngressRules.push(rule);
    return rule;
  }
}
