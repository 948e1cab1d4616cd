/**
 * VPC endpoints: how workloads in private-only subnets reach AWS APIs without an internet gateway
 * or NAT (PCI DSS 1.3.2, 1.4.4). Gateway endpoints (S3, DynamoDB) attach to route tables;
 * interface endpoints (PrivateLink) get private DNS and a security group that admits HTTPS (443)
 * from the VPC only.
 *
 * Endpoint policies are optional per service; `sameAccountEndpointStatement` builds the usual
 * zero-trust statement (any principal *of this account*, listed actions, listed resources).
 * Without a policy an endpoint keeps AWS's default (full access for principals allowed by IAM).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import { assertLeastPrivilege, policyJson, type PolicyStatement } from "./iam";
import { resourceTags } from "./tagging";

export type GatewayService = "s3" | "dynamodb";

/** What the endpoints attach to; a `PrivateVpc` satisfies it. */
export interface EndpointNetwork {
  vpcId: pulumi.Input<string>;
  cidrBlock: string;
  subnetIds: pulumi.Input<string>[];
  routeTableIds: pulumi.Input<string>[];
}

export interface VpcEndpointsArgs {
  context: ScenarioContext;
  /** Kind prefix of the endpoint names (default `endpoint`). */
  kind?: string;
  network: EndpointNetwork;
  gatewayServices?: GatewayService[];
  /** Interface endpoint services, e.g. `ssm`, `kms`, `logs`, `secretsmanager`. */
  interfaceServices?: string[];
  /** Endpoint policy statements per service name. */
  policies?: Record<string, PolicyStatement[]>;
  /** CIDRs admitted on 443 by the interface endpoints' security group (default: the VPC CIDR). */
  allowedCidrs?: string[];
}

/** A statement for an endpoint policy: principals of this account only. */
export function sameAccountEndpointStatement(
  ctx: ScenarioContext,
  sid: string,
  actions: string[],
  resources: pulumi.Input<string>[],
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: "*",
    Action: actions,
    Resource: resources,
    Condition: { StringEquals: { "aws:PrincipalAccount": ctx.accountId } },
  };
}

export class VpcEndpoints extends pulumi.ComponentResource {
  readonly securityGroup?: aws.ec2.SecurityGroup;
  readonly gatewayEndpoints: Record<string, aws.ec2.VpcEndpoint> = {};
  readonly interfaceEndpoints: Record<string, aws.ec2.VpcEndpoint> = {};

  constructor(name: string, args: VpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:components:VpcEndpoints", name, {}, opts);
    const ctx = args.context;
    ctx.requireSuffix(name, "Logical name");
    const kind = args.kind ?? "endpoint";
    const child = { parent: this };
    const policyFor = (service: string): pulumi.Output<string> | undefined => {
      const statements = args.policies?.[service];
      if (statements === undefined) return undefined;
      assertLeastPrivilege(statements, { context: `endpoint policy of ${service}` });
      return policyJson(statements);
    };

    for (const service of args.gatewayServices ?? []) {
      const endpointName = ctx.name(`${kind}-${service}`);
      this.gatewayEndpoints[service] = new aws.ec2.VpcEndpoint(
        endpointName,
        {
          vpcId: args.network.vpcId,
          serviceName: ctx.endpointServiceName(service),
          vpcEndpointType: "Gateway",
          routeTableIds: args.network.routeTableIds,
          policy: policyFor(service),
          tags: resourceTags(endpointName),
        },
        child,
      );
    }

    const interfaceServices = args.interfaceServices ?? [];
    if (interfaceServices.length > 0) {
      const sgName = ctx.name(`${kind}-sg`);
      this.securityGroup = new aws.ec2.SecurityGroup(
        sgName,
        {
          name: sgName,
          description: "Interface VPC endpoints: HTTPS from inside the VPC only",
          vpcId: args.network.vpcId,
          ingress: [
            {
              description: "HTTPS from the VPC",
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: args.allowedCidrs ?? [args.network.cidrBlock],
            },
          ],
          egress: [],
          revokeRulesOnDelete: true,
          tags: resourceTags(sgName),
        },
        child,
      );
      for (const service of interfaceServices) {
        const endpointName = ctx.name(`${kind}-${service.replace(/[^a-z0-9]+/g, "-")}`);
        this.interfaceEndpoints[service] = new aws.ec2.VpcEndpoint(
          endpointName,
          {
            vpcId: args.network.vpcId,
            serviceName: ctx.endpointServiceName(service),
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: args.network.subnetIds,
            securityGroupIds: [this.securityGroup.id],
            policy: policyFor(service),
            tags: resourceTags(endpointName),
          },
          child,
        );
      }
    }
    this.registerOutputs({});
  }

  /** Every endpoint: depend on them before running code that calls AWS from the VPC. */
  get all(): aws.ec2.VpcEndpoint[] {
    return [...Object.values(this.gatewayEndpoints), ...Object.values(this.interfaceEndpoints)];
  }
}
