/**
 * Networking concern: one VPC over three AZs with three PRIVATE tiers (ingress: the internal load
 * balancer and the API's VPC link; app: the ECS tasks; data: Aurora). There is no internet
 * gateway, NAT or public subnet: customers arrive through API Gateway (AWS-managed, see
 * ingress.ts), and the tasks pull images and write logs through VPC endpoints (ECR API, ECR
 * Docker, S3 for image layers, CloudWatch Logs). Security groups chain the tiers: VPC link ->
 * load balancer (443) -> tasks (container port) -> database (3306).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  PrivateVpc,
  resourceTags,
  sameAccountEndpointStatement,
  subnetsAcrossAzs,
  VpcEndpoints,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";

export const HTTPS_PORT = 443;
export const MYSQL_PORT = 3306;
/** What the tasks need without internet access: image pulls (ECR, layers in S3) and logs. */
export const LOAN_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs"];
export const TIERS = ["ingress", "app", "data"] as const;
export type Tier = (typeof TIERS)[number];

export interface LoanNetworkingArgs {
  context: ScenarioContext;
  vpcCidr: string;
  subnetCidrs: Record<Tier, string[]>;
  containerPort: number;
  flowLogsKey: KmsKey;
  flowLogRetentionDays: number;
}

/** ECR keeps image layers in a regional S3 bucket: the only S3 access the tasks need. */
export function layerBucketArn(ctx: ScenarioContext): string {
  return `arn:${ctx.partition}:s3:::prod-${ctx.region}-starport-layer-bucket/*`;
}

export function endpointPolicies(ctx: ScenarioContext): Record<string, PolicyStatement[]> {
  return {
    s3: [sameAccountEndpointStatement(ctx, "EcrImageLayers", ["s3:GetObject"], [layerBucketArn(ctx)])],
  };
}

export class LoanNetworking extends pulumi.ComponentResource {
  readonly vpc: PrivateVpc;
  readonly endpoints: VpcEndpoints;
  readonly subnetIds: Record<Tier, pulumi.Output<string>[]>;
  readonly linkSecurityGroup: aws.ec2.SecurityGroup;
  readonly albSecurityGroup: aws.ec2.SecurityGroup;
  readonly taskSecurityGroup: aws.ec2.SecurityGroup;
  readonly databaseSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: LoanNetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:loan-processing:Networking", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const azs = ctx.availabilityZones;
    this.vpc = new PrivateVpc(
      ctx.name("network"),
      {
        context: ctx,
        cidrBlock: args.vpcCidr,
        subnets: TIERS.flatMap((tier) => subnetsAcrossAzs(args.subnetCidrs[tier], azs, tier)),
        flowLogs: { kmsKey: args.flowLogsKey, retentionDays: args.flowLogRetentionDays },
      },
      child,
    );
    const inTier = (tier: Tier) =>
      this.vpc.subnets.filter((_, i) => Math.floor(i / azs.length) === TIERS.indexOf(tier));
    this.subnetIds = {
      ingress: inTier("ingress").map((s) => s.id),
      app: inTier("app").map((s) => s.id),
      data: inTier("data").map((s) => s.id),
    };
    const appRouteTables = this.vpc.routeTables.filter(
      (_, i) => Math.floor(i / azs.length) === TIERS.indexOf("app"),
    );
    this.endpoints = new VpcEndpoints(
      ctx.name("endpoints"),
      {
        context: ctx,
        // Interface endpoints take one subnet per AZ: the app tier, where the tasks run.
        network: {
          vpcId: this.vpc.vpcId,
          cidrBlock: args.vpcCidr,
          subnetIds: this.subnetIds.app,
          routeTableIds: appRouteTables.map((r) => r.id),
        },
        gatewayServices: ["s3"],
        interfaceServices: LOAN_INTERFACE_ENDPOINTS,
        policies: endpointPolicies(ctx),
        allowedCidrs: args.subnetCidrs.app,
      },
      child,
    );

    const group = (kind: string, description: string) => {
      const sgName = ctx.name(kind);
      return new aws.ec2.SecurityGroup(
        sgName,
        {
          name: sgName,
          description,
          vpcId: this.vpc.vpcId,
          revokeRulesOnDelete: true,
          tags: resourceTags(sgName),
        },
        child,
      );
    };
    this.linkSecurityGroup = group(
      "vpc-link-sg",
      "API Gateway VPC link: HTTPS to the internal load balancer only",
    );
    this.albSecurityGroup = group("alb-sg", "Internal load balancer: HTTPS from the VPC link, to the tasks");
    this.taskSecurityGroup = group(
      "task-sg",
      "Loan application tasks: from the load balancer, to endpoints and Aurora",
    );
    this.databaseSecurityGroup = group("db-sg", "Aurora: MySQL from the loan application tasks only");

    const rule = (
      kind: string,
      direction: "ingress" | "egress",
      sg: aws.ec2.SecurityGroup,
      port: number,
      peer:
        { securityGroup: aws.ec2.SecurityGroup } | { cidr: string } | { prefixListId: pulumi.Input<string> },
      description: string,
    ) => {
      const ruleName = ctx.name(kind);
      const common = {
        securityGroupId: sg.id,
        description,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: "securityGroup" in peer ? peer.securityGroup.id : undefined,
        cidrIpv4: "cidr" in peer ? peer.cidr : undefined,
        prefixListId: "prefixListId" in peer ? peer.prefixListId : undefined,
        tags: resourceTags(ruleName),
      };
      return direction === "ingress"
        ? new aws.vpc.SecurityGroupIngressRule(ruleName, common, child)
        : new aws.vpc.SecurityGroupEgressRule(ruleName, common, child);
    };
    const [link, alb, task, db] = [
      this.linkSecurityGroup,
      this.albSecurityGroup,
      this.taskSecurityGroup,
      this.databaseSecurityGroup,
    ];
    rule("vpc-link-to-alb", "egress", link, HTTPS_PORT, { securityGroup: alb }, "HTTPS to the load balancer");
    rule("alb-from-vpc-link", "ingress", alb, HTTPS_PORT, { securityGroup: link }, "HTTPS from the VPC link");
    rule("alb-to-tasks", "egress", alb, args.containerPort, { securityGroup: task }, "HTTPS to the tasks");
    rule(
      "tasks-from-alb",
      "ingress",
      task,
      args.containerPort,
      { securityGroup: alb },
      "HTTPS from the load balancer",
    );
    rule("tasks-to-db", "egress", task, MYSQL_PORT, { securityGroup: db }, "MySQL (TLS) to Aurora");
    rule("db-from-tasks", "ingress", db, MYSQL_PORT, { securityGroup: task }, "MySQL (TLS) from the tasks");
    args.subnetCidrs.app.forEach((cidr, i) =>
      rule(
        `tasks-to-endpoints-${i + 1}`,
        "egress",
        task,
        HTTPS_PORT,
        { cidr },
        "HTTPS to the interface endpoints",
      ),
    );
    rule(
      "tasks-to-s3",
      "egress",
      task,
      HTTPS_PORT,
      { prefixListId: this.endpoints.gatewayEndpoints.s3.prefixListId },
      "HTTPS to S3 (image layers) through the gateway endpoint",
    );
    this.registerOutputs({ vpcId: this.vpc.vpcId });
  }
}
