/**
 * An awsx load balancer (awsx:lb:ApplicationLoadBalancer, awsx:lb:NetworkLoadBalancer: remote
 * components) is internal outside an authorized DMZ, and an awsx application load balancer is not
 * given awsx's default security group, which is open to the whole internet (PCI DSS 1.4.2: inbound
 * traffic from untrusted networks only to authorized, publicly accessible services; 1.3.1; 1.4.1).
 *
 * The awsx plugin builds the aws.lb.LoadBalancer (and, for an application load balancer without
 * `securityGroups`, a security group allowing every port and protocol from 0.0.0.0/0 and ::/0,
 * awsx/lb/applicationLoadBalancer.ts). Offline only the component and its inputs are seen, so this
 * policy reads them: `internal` unset means internet-facing, as for aws.lb.LoadBalancer; without
 * subnets awsx uses the default VPC's public subnets. The load balancer's VPC comes from its
 * subnets (an awsx Vpc's outputs, or subnets of the stack) for the DMZ allow-list. Under the Pulumi
 * CLI the plugin registers the children, network-no-internet-facing-lb and network-no-open-ingress
 * judge them, and this policy stays silent for that load balancer: nothing is reported twice.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackCheckResult, StackFinding, StackPolicyDefinition } from "../../lib/policy";
import { isRecord, isUnknown } from "../../lib/values";
import { readDmzConfig, type DmzConfig } from "../network/dmz";
import { decideExposure, flagExposure, type Exposure } from "../network/exposure";
import { describeResources, describeValue, settingOf } from "../network/settings";
import { COMPONENT_DMZ_VPCS_SCHEMA, ComponentPlacement, hasChildren } from "./component-placement";
import { AWSX_ALB, AWSX_NLB } from "./resource-types";

const TYPES = [AWSX_ALB, AWSX_NLB];

const OPEN_GROUP =
  "awsx creates the load balancer's security group allowing every port and protocol from 0.0.0.0/0 and ::/0 " +
  "(network-no-open-ingress under the Pulumi CLI)";
const EXPECTED_GROUP =
  "Expected securityGroups (or defaultSecurityGroup.securityGroupId) naming a group that admits only the traffic the " +
  "service needs.";

/** The security group awsx gives an application load balancer, from securityGroups and defaultSecurityGroup. */
function securityGroupExposures(lb: GraphResource, graph: StackGraph): Exposure[] {
  const groups = settingOf(graph, lb, "securityGroups");
  if (groups.kind !== "unset") return [];
  const setting = settingOf(graph, lb, "defaultSecurityGroup");
  if (setting.kind === "unknown") {
    const why = `defaultSecurityGroup is unknown during preview (built from ${describeResources(setting.sources)})`;
    return [{ id: "defaultSecurityGroup", message: `${why}. ${EXPECTED_GROUP}`, undecided: why }];
  }
  const open: Exposure = {
    id: "defaultSecurityGroup",
    message: `securityGroups is not set: ${OPEN_GROUP}. ${EXPECTED_GROUP}`,
    inDmz: {
      allowed: false,
      why: "even an authorized DMZ may open only the ports it needs, and this group opens every port and protocol",
    },
  };
  if (setting.kind === "unset") return [open];
  const value = setting.value;
  if (!isRecord(value)) {
    return [
      {
        id: "defaultSecurityGroup",
        message: `defaultSecurityGroup must be an object, got ${describeValue(value)}. ${EXPECTED_GROUP}`,
        inDmz: { allowed: false, why: "awsx cannot build a load balancer from malformed inputs" },
      },
    ];
  }
  if (value.skip === true || value.skip === "true") return [];
  if (isUnknown(value.skip) || isUnknown(value.securityGroupId)) {
    const why = "defaultSecurityGroup is partly unknown during preview";
    return [{ id: "defaultSecurityGroup", message: `${why}. ${EXPECTED_GROUP}`, undecided: why }];
  }
  if (typeof value.securityGroupId === "string" && value.securityGroupId !== "") return [];
  if (value.args !== undefined && value.args !== null) {
    const why =
      "the security group awsx builds from defaultSecurityGroup.args is a child of the component: " +
      "network-no-open-ingress judges its rules under the Pulumi CLI, not offline";
    return [{ id: "defaultSecurityGroup", message: `${why}.`, undecided: why }];
  }
  return [
    {
      ...open,
      message: `defaultSecurityGroup sets neither skip, securityGroupId nor args: ${OPEN_GROUP}. ${EXPECTED_GROUP}`,
    },
  ];
}

function loadBalancerExposures(lb: GraphResource, graph: StackGraph): Exposure[] {
  const facing = flagExposure(lb, graph, {
    property: "internal",
    exposing: false,
    whenUnset: false,
    effect:
      "awsx creates an internet-facing load balancer (network-no-internet-facing-lb under the Pulumi CLI)",
  });
  return lb.type === AWSX_ALB ? [...facing, ...securityGroupExposures(lb, graph)] : facing;
}

function check(input: { graph: StackGraph; config: DmzConfig }): StackCheckResult {
  const placements = new ComponentPlacement(input.graph, input.config);
  const findings: StackFinding[] = [];
  const deferred: Array<{ urn: string; reason: string }> = [];
  for (const lb of input.graph.ofType(...TYPES)) {
    // Under the CLI the plugin's children are in the stack and the network policies judge them.
    if (hasChildren(input.graph, lb)) continue;
    const exposures = loadBalancerExposures(lb, input.graph);
    if (exposures.length === 0) continue;
    const placement = placements.ofLoadBalancer(lb);
    for (const exposure of exposures) {
      const decision = decideExposure(exposure, placement);
      if (decision.kind === "violation")
        findings.push({ urn: lb.urn, id: exposure.id, message: decision.message });
      if (decision.kind === "defer") deferred.push({ urn: lb.urn, reason: decision.reason });
    }
  }
  return { findings, deferred };
}

export const networkAwsxLbInternal: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-awsx-lb-internal",
  displayName: "awsx load balancer: internal, and not behind awsx's open default security group",
  description:
    "awsx:lb:ApplicationLoadBalancer and awsx:lb:NetworkLoadBalancer components, judged from their inputs while " +
    "their children are not in the stack (offline), set internal: true outside an authorized DMZ; an application " +
    "load balancer names its security groups instead of getting awsx's default group open to 0.0.0.0/0.",
  area: "network",
  severity: "high",
  pci: ["1.4.2", "1.3.1", "1.4.1"],
  remediationSteps:
    "Set internal: true and subnetIds to private subnets (for example an awsx Vpc's privateSubnetIds). Give an " +
    "application load balancer securityGroups (or defaultSecurityGroup.securityGroupId) admitting only the traffic " +
    "it serves. If the service must be reachable from the internet, place it in an authorized DMZ VPC behind a WAF " +
    "and add that VPC's URN (or a glob) to `authorizedDmzVpcs` here and in the network policies.",
  appliesTo: new Set(TYPES),
  configProperties: { authorizedDmzVpcs: COMPONENT_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `new awsx.lb.ApplicationLoadBalancer("api-prod", {
  internal: true,
  subnetIds: vpc.privateSubnetIds,
  securityGroups: [apiSg.id],
});`,
    violating: `new awsx.lb.ApplicationLoadBalancer("api-prod"); // internet-facing, default VPC, security group open to 0.0.0.0/0`,
  },
  parseConfig: readDmzConfig,
  check,
};
