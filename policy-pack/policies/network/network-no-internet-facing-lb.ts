/**
 * No internet-facing load balancer outside an authorized DMZ (PCI DSS 1.4.2: inbound traffic from
 * untrusted networks only to authorized, publicly accessible services; 1.3.1, 1.4.1).
 *
 * Application, network and classic load balancers are internet-facing unless `internal` is true:
 * an absent `internal` means internet-facing. Gateway load balancers have no scheme (they sit
 * behind endpoints) and are not checked. The load balancer's VPC comes from its subnets, subnet
 * mappings or security groups, so the DMZ allow-list applies during preview.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { AUTHORIZED_DMZ_VPCS_SCHEMA, readDmzConfig, type DmzConfig } from "./dmz";
import { checkExposures, flagExposure, type Exposure } from "./exposure";
import { ALB, CLASSIC_ELB, LB } from "./resource-types";

const TYPES = [LB, ALB, CLASSIC_ELB];

function loadBalancerExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  if (resource.props.loadBalancerType === "gateway") return [];
  return flagExposure(resource, graph, {
    property: "internal",
    exposing: false,
    whenUnset: false,
    effect: "the load balancer is internet-facing",
  });
}

export const networkNoInternetFacingLb: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-no-internet-facing-lb",
  displayName: "No internet-facing load balancer outside an authorized DMZ",
  description:
    "Application, network and classic load balancers set internal: true (absent means internet-facing), except in " +
    "VPCs allow-listed as an authorized DMZ.",
  area: "network",
  severity: "high",
  pci: ["1.4.2", "1.3.1", "1.4.1"],
  remediationSteps:
    "Set internal: true. If the service must be reachable from the internet, place its load balancer in an " +
    "authorized DMZ VPC behind a WAF, add that VPC's URN (or a glob) to this policy's `authorizedDmzVpcs`, and keep " +
    "cardholder data systems out of the DMZ.",
  appliesTo: new Set(TYPES),
  configProperties: { authorizedDmzVpcs: AUTHORIZED_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `new aws.lb.LoadBalancer("api-prod", { internal: true, subnets: privateSubnetIds, securityGroups: [albSg.id] });`,
    violating: `new aws.lb.LoadBalancer("api-prod", { subnets: subnetIds }); // internal absent: internet-facing`,
  },
  parseConfig: readDmzConfig,
  check: (input) => checkExposures(input, TYPES, loadBalancerExposures),
};
