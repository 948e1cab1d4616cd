/**
 * An awsx Vpc (awsx:ec2:Vpc, a remote component) gives no internet path outside an authorized DMZ
 * (PCI DSS 1.4.1: network security controls between trusted and untrusted networks; 1.3.1 / 1.3.2:
 * inbound and outbound traffic restricted to what is necessary; 1.4.2 allows an authorized DMZ).
 *
 * The awsx plugin builds the VPC's children, so offline only the component and its inputs are
 * seen. This policy reads the inputs the way awsx (awsx/ec2/vpc.ts) turns them into resources:
 * - an internet gateway, always: awsx creates one for every Vpc, even without public subnets;
 * - public subnets (mapPublicIpOnLaunch and a 0.0.0.0/0 route to the gateway in every zone) when
 *   `subnetSpecs` is unset (the default layout is Private + Public), when a spec has type Public,
 *   or with subnetStrategy "AutoMerge", which always adds the default Public spec;
 * - public NAT gateways with Elastic IPs (one per zone with the default `natGateways.strategy`
 *   "OnePerAz", one with "Single", none with "None") in the public subnets;
 * - globally routable IPv6 addresses when `assignGeneratedIpv6CidrBlock` is true and a spec does not
 *   set `assignIpv6AddressOnCreation: false`.
 * Under the Pulumi CLI the plugin registers those children, the network policies
 * (network-no-internet-gateway, network-no-public-subnet, network-no-internet-route,
 * network-no-nat-gateway) judge each of them, and this policy stays silent for that Vpc: the same
 * fault is never reported twice.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { isRecord, isUnknown } from "../../lib/values";
import { readDmzConfig, type DmzConfig } from "../network/dmz";
import { decideExposure, type Exposure } from "../network/exposure";
import { describeResources, describeValue, settingOf, type Setting } from "../network/settings";
import type { StackCheckResult, StackFinding } from "../../lib/policy";
import { COMPONENT_DMZ_VPCS_SCHEMA, ComponentPlacement, hasChildren } from "./component-placement";
import { AWSX_VPC } from "./resource-types";

const NAT_STRATEGIES = ["oneperaz", "single", "none"];
const SUBNET_TYPES = ["public", "private", "isolated", "unused"];
const DEFAULT_ZONES = 3;

/** Why an input cannot be read during preview, or a message for a malformed one. */
type Read<T> =
  { kind: "value"; value: T } | { kind: "unknown"; why: string } | { kind: "malformed"; message: string };

interface SubnetLayout {
  /** What gives the VPC public subnets, or undefined when it has none. */
  publicBecause?: string;
  /** What makes its subnets hand out IPv6 addresses, or undefined. */
  ipv6Because?: string;
}

function unknownBecause(property: string, setting: Setting & { kind: "unknown" }): string {
  return `${property} is unknown during preview (built from ${describeResources(setting.sources)})`;
}

/** The property as the program set it; an unknown nested value (a spec's type) is undecidable too. */
function read(graph: StackGraph, vpc: GraphResource, property: string): Read<unknown> {
  const setting = settingOf(graph, vpc, property);
  if (setting.kind === "unknown") return { kind: "unknown", why: unknownBecause(property, setting) };
  return { kind: "value", value: setting.kind === "known" ? setting.value : undefined };
}

function subnetLayout(graph: StackGraph, vpc: GraphResource): Read<SubnetLayout> {
  const specs = read(graph, vpc, "subnetSpecs");
  const strategy = read(graph, vpc, "subnetStrategy");
  const ipv6 = read(graph, vpc, "assignGeneratedIpv6CidrBlock");
  if (specs.kind !== "value") return specs;
  if (ipv6.kind !== "value") return ipv6;
  const vpcIpv6 = ipv6.value === true || ipv6.value === "true";
  if (specs.value === undefined) {
    return {
      kind: "value",
      value: {
        publicBecause:
          "subnetSpecs is not set: awsx's default layout has a Private and a Public subnet in every zone",
        ipv6Because: vpcIpv6
          ? "assignGeneratedIpv6CidrBlock is true and no subnet spec turns it off"
          : undefined,
      },
    };
  }
  if (!Array.isArray(specs.value)) {
    return {
      kind: "malformed",
      message: `subnetSpecs must be a list of subnet specs, got ${describeValue(specs.value)}.`,
    };
  }
  const types: string[] = [];
  let ipv6Because: string | undefined;
  for (const [index, spec] of specs.value.entries()) {
    if (!isRecord(spec)) {
      return {
        kind: "malformed",
        message: `subnetSpecs[${index}] must be an object, got ${describeValue(spec)}.`,
      };
    }
    if (isUnknown(spec.type))
      return { kind: "unknown", why: `subnetSpecs[${index}].type is unknown during preview` };
    const type = typeof spec.type === "string" ? spec.type.toLowerCase() : undefined;
    if (!type || !SUBNET_TYPES.includes(type)) {
      return {
        kind: "malformed",
        message: `subnetSpecs[${index}].type must be Public, Private, Isolated or Unused, got ${describeValue(spec.type)}.`,
      };
    }
    types.push(type);
    const assign = spec.assignIpv6AddressOnCreation;
    if (type !== "unused" && (assign === true || assign === "true" || (assign === undefined && vpcIpv6))) {
      ipv6Because ??=
        assign === undefined
          ? `assignGeneratedIpv6CidrBlock is true and subnetSpecs[${index}] does not set assignIpv6AddressOnCreation: false`
          : `subnetSpecs[${index}] sets assignIpv6AddressOnCreation: true`;
    }
  }
  if (strategy.kind !== "value") return strategy;
  const publicIndex = types.indexOf("public");
  const publicBecause =
    publicIndex >= 0
      ? `subnetSpecs[${publicIndex}] has type Public`
      : strategy.value === "AutoMerge"
        ? 'subnetStrategy "AutoMerge" adds awsx\'s default Public subnet spec to the ones given'
        : undefined;
  return { kind: "value", value: { publicBecause, ipv6Because } };
}

function natStrategy(graph: StackGraph, vpc: GraphResource): Read<{ name: string; shown: string }> {
  const nat = read(graph, vpc, "natGateways");
  if (nat.kind !== "value") return nat;
  if (nat.value === undefined)
    return { kind: "value", value: { name: "oneperaz", shown: 'not set (awsx uses "OnePerAz")' } };
  if (!isRecord(nat.value)) {
    return {
      kind: "malformed",
      message: `natGateways must be an object such as { strategy: "None" }, got ${describeValue(nat.value)}.`,
    };
  }
  const strategy = nat.value.strategy;
  if (isUnknown(strategy)) return { kind: "unknown", why: "natGateways.strategy is unknown during preview" };
  if (strategy === undefined || strategy === null) {
    return { kind: "value", value: { name: "oneperaz", shown: 'not set (awsx uses "OnePerAz")' } };
  }
  if (typeof strategy !== "string" || !NAT_STRATEGIES.includes(strategy.toLowerCase())) {
    return {
      kind: "malformed",
      message: `natGateways.strategy must be OnePerAz, Single or None, got ${describeValue(strategy)}.`,
    };
  }
  return { kind: "value", value: { name: strategy.toLowerCase(), shown: JSON.stringify(strategy) } };
}

/** "3 public NAT gateways (one per availability zone)", from the zones awsx would use. */
function natGatewayCount(vpc: GraphResource, strategy: string): string {
  if (strategy === "single") return "1 public NAT gateway";
  const count = vpc.props.numberOfAvailabilityZones;
  const names = vpc.props.availabilityZoneNames;
  const zones =
    typeof count === "number"
      ? count
      : Array.isArray(names)
        ? names.length
        : count === undefined && names === undefined
          ? DEFAULT_ZONES
          : undefined;
  return zones === undefined
    ? "a public NAT gateway per availability zone"
    : `${zones} public NAT gateway${zones === 1 ? "" : "s"} (one per availability zone)`;
}

const MALFORMED_IN_DMZ = { allowed: false as const, why: "awsx cannot build a VPC from malformed inputs" };

function asExposure(id: string, read: Read<unknown> & { kind: "unknown" | "malformed" }): Exposure {
  return read.kind === "unknown"
    ? { id, message: `${read.why}.`, undecided: read.why }
    : { id, message: read.message, inDmz: MALFORMED_IN_DMZ };
}

function vpcExposures(vpc: GraphResource, graph: StackGraph): Exposure[] {
  const exposures: Exposure[] = [
    {
      id: "internetGateway",
      message:
        "awsx creates an internet gateway for every Vpc, even one without public subnets (network-no-internet-gateway " +
        "reports it under the Pulumi CLI). Expected no internet gateway outside an authorized DMZ: build the VPC from " +
        "aws.ec2.Vpc and aws.ec2.Subnet resources, or allow-list this VPC as a DMZ.",
    },
  ];
  const layout = subnetLayout(graph, vpc);
  const nat = natStrategy(graph, vpc);
  if (layout.kind !== "value") {
    exposures.push(asExposure("publicSubnets", layout));
  } else if (layout.value.publicBecause) {
    exposures.push({
      id: "publicSubnets",
      message:
        `${layout.value.publicBecause}: public subnets hand out public IPv4 addresses (mapPublicIpOnLaunch) and route ` +
        "0.0.0.0/0 to the internet gateway (network-no-public-subnet and network-no-internet-route under the CLI). " +
        'Expected only Private, Isolated or Unused subnet specs with subnetStrategy "Auto" or "Exact".',
    });
  }
  if (nat.kind !== "value") {
    exposures.push(asExposure("natGateways", nat));
  } else if (nat.value.name !== "none" && layout.kind === "value") {
    if (layout.value.publicBecause) {
      exposures.push({
        id: "natGateways",
        message:
          `natGateways.strategy is ${nat.value.shown}: awsx creates ${natGatewayCount(vpc, nat.value.name)} with Elastic IPs in ` +
          "the public subnets, giving the private subnets outbound internet access (network-no-nat-gateway under the " +
          'CLI). Expected natGateways: { strategy: "None" }.',
      });
    } else {
      exposures.push({
        id: "natGateways",
        message:
          `natGateways.strategy is ${nat.value.shown} but there is no public subnet to host a NAT gateway: awsx rejects ` +
          'this Vpc during preview. Expected natGateways: { strategy: "None" }.',
        inDmz: { allowed: false, why: "awsx rejects this Vpc during preview" },
      });
    }
  }
  if (layout.kind === "value" && layout.value.ipv6Because) {
    exposures.push({
      id: "ipv6",
      message:
        `${layout.value.ipv6Because}: every network interface gets a globally routable IPv6 address ` +
        "(network-no-public-subnet under the CLI). Expected assignIpv6AddressOnCreation: false.",
    });
  }
  return exposures;
}

function check(input: { graph: StackGraph; config: DmzConfig }): StackCheckResult {
  const placements = new ComponentPlacement(input.graph, input.config);
  const findings: StackFinding[] = [];
  const deferred: Array<{ urn: string; reason: string }> = [];
  for (const vpc of input.graph.ofType(AWSX_VPC)) {
    // Under the CLI the plugin's children are in the stack and the network policies judge them.
    if (hasChildren(input.graph, vpc)) continue;
    const placement = placements.ofVpc(vpc);
    for (const exposure of vpcExposures(vpc, input.graph)) {
      const decision = decideExposure(exposure, placement);
      if (decision.kind === "violation")
        findings.push({ urn: vpc.urn, id: exposure.id, message: decision.message });
      if (decision.kind === "defer") deferred.push({ urn: vpc.urn, reason: decision.reason });
    }
  }
  return { findings, deferred };
}

export const networkAwsxVpcPrivate: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-awsx-vpc-private",
  displayName: "awsx Vpc: no internet gateway, public subnet or NAT gateway outside an authorized DMZ",
  description:
    "An awsx:ec2:Vpc component, judged from its inputs while its children are not in the stack (offline), creates " +
    "no internet gateway, public subnets, public NAT gateways or public IPv6 addresses, except in a VPC allow-listed " +
    "as an authorized DMZ.",
  area: "network",
  severity: "high",
  pci: ["1.4.1", "1.3.1", "1.3.2", "1.4.2"],
  remediationSteps:
    'Give the Vpc only Private or Isolated subnet specs (subnetStrategy "Auto") and natGateways: { strategy: "None" }, ' +
    "and reach AWS services through VPC endpoints. awsx still creates an internet gateway for every Vpc: build " +
    "VPCs that hold cardholder data from aws.ec2.Vpc and aws.ec2.Subnet instead, or exempt the `internetGateway` " +
    "finding with a reason when no route uses it. If the VPC is an authorized DMZ, add its URN (or a glob) to " +
    "`authorizedDmzVpcs` here and in the network policies.",
  appliesTo: new Set([AWSX_VPC]),
  configProperties: { authorizedDmzVpcs: COMPONENT_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `// Private and isolated subnets only, no NAT gateway. awsx still creates an internet gateway that no route
// uses: exempt that one finding in the pack config ({ urn, findings: ["internetGateway"], reason, expires }).
new awsx.ec2.Vpc("cde-vpc-prod", {
  subnetStrategy: "Auto",
  subnetSpecs: [{ type: "Private" }, { type: "Isolated" }],
  natGateways: { strategy: "None" },
});`,
    violating: `new awsx.ec2.Vpc("core-vpc-prod"); // default: public subnets, an internet gateway, a NAT gateway per zone`,
  },
  parseConfig: readDmzConfig,
  check,
};
