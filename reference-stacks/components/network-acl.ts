/**
 * The numbered network ACL of a private-only VPC (PCI DSS 1.3.1, 1.3.2): the listed service ports
 * and return traffic (ephemeral ports) inside the VPC, return traffic from the gateway-endpoint
 * ranges (NACLs are stateless and cannot reference prefix lists) and HTTPS out to them, then an
 * explicit deny of everything else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import { resourceTags } from "./tagging";
import type { GatewayService } from "./vpc-endpoints";

const HTTPS_PORT = 443;
/** Rule numbers: service ports from 100 in steps of 10, ephemeral ports at 120, gateway ranges from 200. */
const FIRST_PORT_RULE = 100;
const EPHEMERAL_RULE = 120;
const MAX_VPC_PORTS = (EPHEMERAL_RULE - FIRST_PORT_RULE) / 10;

export interface NaclEntry {
  ruleNo: number;
  action: "allow" | "deny";
  protocol: string;
  cidrBlock: string;
  fromPort: number;
  toPort: number;
}

/** The rules for `vpcPorts` (TCP, inside the VPC) and the gateway-endpoint CIDRs. */
export function privateNaclRules(
  vpcCidr: string,
  vpcPorts: number[],
  gatewayCidrs: string[],
): { ingress: NaclEntry[]; egress: NaclEntry[] } {
  if (vpcPorts.length > MAX_VPC_PORTS) {
    throw new Error(
      `At most ${MAX_VPC_PORTS} VPC ports fit before rule ${EPHEMERAL_RULE}, got ${vpcPorts.join(", ")}.`,
    );
  }
  const tcp = (ruleNo: number, cidrBlock: string, fromPort: number, toPort: number): NaclEntry => ({
    ruleNo,
    action: "allow",
    protocol: "tcp",
    cidrBlock,
    fromPort,
    toPort,
  });
  const denyAll: NaclEntry = {
    ruleNo: 32000,
    action: "deny",
    protocol: "-1",
    cidrBlock: "0.0.0.0/0",
    fromPort: 0,
    toPort: 0,
  };
  const unique = [...new Set(gatewayCidrs)].sort();
  const inVpc = [
    ...vpcPorts.map((port, i) => tcp(FIRST_PORT_RULE + 10 * i, vpcCidr, port, port)),
    tcp(EPHEMERAL_RULE, vpcCidr, 1024, 65535),
  ];
  return {
    ingress: [...inVpc, ...unique.map((cidr, i) => tcp(200 + i, cidr, 1024, 65535)), denyAll],
    egress: [...inVpc, ...unique.map((cidr, i) => tcp(200 + i, cidr, HTTPS_PORT, HTTPS_PORT)), denyAll],
  };
}

export interface PrivateNetworkAclArgs {
  context: ScenarioContext;
  vpcId: pulumi.Input<string>;
  vpcCidr: string;
  subnetIds: pulumi.Input<string>[];
  /** TCP ports open inside the VPC, in rule order (at most two). */
  vpcPorts: number[];
  /** Gateway endpoints whose public ranges (read from their prefix lists) are allowed. */
  gatewayServices: GatewayService[];
}

/** The `<scope>-private-nacl-<suffix>` ACL on the subnets, with the rules above. */
export function privateNetworkAcl(args: PrivateNetworkAclArgs, parent: pulumi.Resource): aws.ec2.NetworkAcl {
  const ctx = args.context;
  const invokeOpts = { parent };
  // The public CIDRs behind the gateway endpoints (answered during preview by the provider).
  const gatewayCidrs = pulumi
    .all(
      args.gatewayServices.map(
        (service) =>
          aws.ec2.getPrefixListOutput({ name: ctx.endpointServiceName(service) }, invokeOpts).cidrBlocks,
      ),
    )
    .apply((lists) => lists.flatMap((cidrs) => cidrs ?? []));
  const rules = gatewayCidrs.apply((cidrs) => privateNaclRules(args.vpcCidr, args.vpcPorts, cidrs));
  const naclName = ctx.name("private-nacl");
  return new aws.ec2.NetworkAcl(
    naclName,
    {
      vpcId: args.vpcId,
      subnetIds: args.subnetIds,
      ingress: rules.ingress,
      egress: rules.egress,
      tags: resourceTags(naclName),
    },
    { parent },
  );
}
