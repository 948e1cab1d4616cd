/**
 * No public NAT gateway outside an authorized DMZ (PCI DSS 1.3.2: outbound traffic from the CDE
 * restricted to what is necessary; 1.4.1).
 *
 * A public NAT gateway (`connectivityType` "public", the default) gives private subnets outbound
 * internet access through the VPC's internet gateway. A private NAT gateway (`connectivityType`
 * "private") translates addresses towards other VPCs or on-premises networks through a transit
 * gateway or VPN, needs no internet gateway and cannot reach the internet, so it is allowed.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { AUTHORIZED_DMZ_VPCS_SCHEMA, readDmzConfig, type DmzConfig } from "./dmz";
import { checkExposures, type Exposure } from "./exposure";
import { NAT_GATEWAY } from "./resource-types";
import { describeResources, describeValue, settingOf } from "./settings";

const EXPECTED = `Expected connectivityType "private" (no internet access) outside an authorized DMZ.`;

function natExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  const setting = settingOf(graph, resource, "connectivityType");
  if (setting.kind === "unknown") {
    const why = `connectivityType is unknown during preview (built from ${describeResources(setting.sources)})`;
    return [{ id: "connectivityType", message: `${why}. ${EXPECTED}`, undecided: why }];
  }
  if (setting.kind === "known" && setting.value === "private") return [];
  const shown =
    setting.kind === "unset" ? `not set (the provider uses "public")` : describeValue(setting.value);
  return [
    {
      id: "connectivityType",
      message: `connectivityType is ${shown}: a public NAT gateway gives the VPC outbound internet access. ${EXPECTED}`,
    },
  ];
}

export const networkNoNatGateway: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-no-nat-gateway",
  displayName: "No public NAT gateway outside an authorized DMZ",
  description:
    'NAT gateways are private (connectivityType "private"), except in VPCs allow-listed as an authorized DMZ.',
  area: "network",
  severity: "medium",
  pci: ["1.3.2", "1.4.1"],
  remediationSteps:
    "Remove the public NAT gateway and give workloads only the egress they need: VPC endpoints for AWS services, " +
    "an egress proxy in an authorized DMZ for named internet destinations. For address translation towards other " +
    'private networks set connectivityType: "private". If the VPC is an authorized DMZ, add its URN (or a glob) to ' +
    "this policy's `authorizedDmzVpcs`.",
  appliesTo: new Set([NAT_GATEWAY]),
  configProperties: { authorizedDmzVpcs: AUTHORIZED_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `new aws.ec2.NatGateway("to-partner-prod", { subnetId: transitSubnet.id, connectivityType: "private" });`,
    violating: `new aws.ec2.NatGateway("egress-prod", { subnetId: publicSubnet.id, allocationId: eip.allocationId });`,
  },
  parseConfig: readDmzConfig,
  check: (input) => checkExposures(input, [NAT_GATEWAY], natExposures),
};
