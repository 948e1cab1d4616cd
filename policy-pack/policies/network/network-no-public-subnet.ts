/**
 * No subnet that hands out public addresses, outside an authorized DMZ (PCI DSS 1.4.1, 1.3.1;
 * 1.4.5: internal addresses are not disclosed, which a public address on every instance defeats).
 *
 * - `mapPublicIpOnLaunch`: every instance launched in the subnet gets a public IPv4 address. An
 *   aws:ec2/defaultSubnet:DefaultSubnet defaults it to true.
 * - `assignIpv6AddressOnCreation`: every network interface gets a globally routable IPv6 address.
 * - `mapCustomerOwnedIpOnLaunch` is not checked: customer-owned IPs (Outposts) come from the
 *   customer's on-premises pool and are not reachable from the internet through AWS.
 * A subnet whose route table sends 0.0.0.0/0 to an internet gateway is reported by
 * network-no-internet-route.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { AUTHORIZED_DMZ_VPCS_SCHEMA, readDmzConfig, type DmzConfig } from "./dmz";
import { checkExposures, flagExposure, type Exposure } from "./exposure";
import { DEFAULT_SUBNET, SUBNET } from "./resource-types";

const TYPES = [SUBNET, DEFAULT_SUBNET];

function subnetExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  return [
    ...flagExposure(resource, graph, {
      property: "mapPublicIpOnLaunch",
      exposing: true,
      whenUnset: resource.type === DEFAULT_SUBNET,
      effect: "every instance launched in this subnet gets a public IPv4 address",
    }),
    ...flagExposure(resource, graph, {
      property: "assignIpv6AddressOnCreation",
      exposing: true,
      whenUnset: false,
      effect: "every network interface in this subnet gets a globally routable IPv6 address",
    }),
  ];
}

export const networkNoPublicSubnet: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-no-public-subnet",
  displayName: "No public subnet outside an authorized DMZ",
  description:
    "Subnets do not assign public IPv4 or IPv6 addresses on launch (mapPublicIpOnLaunch, " +
    "assignIpv6AddressOnCreation), except in VPCs allow-listed as an authorized DMZ.",
  area: "network",
  severity: "high",
  pci: ["1.4.1", "1.3.1", "1.4.5"],
  remediationSteps:
    "Set mapPublicIpOnLaunch: false and assignIpv6AddressOnCreation: false (an aws.ec2.DefaultSubnet needs " +
    "mapPublicIpOnLaunch: false explicitly). Put internet-facing entry points (load balancers) in an authorized DMZ " +
    "and add its VPC's URN (or a glob) to this policy's `authorizedDmzVpcs`.",
  appliesTo: new Set(TYPES),
  configProperties: { authorizedDmzVpcs: AUTHORIZED_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `new aws.ec2.Subnet("app-a-prod", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: false });`,
    violating: `new aws.ec2.Subnet("app-a-prod", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: true });`,
  },
  parseConfig: readDmzConfig,
  check: (input) => checkExposures(input, TYPES, subnetExposures),
};
