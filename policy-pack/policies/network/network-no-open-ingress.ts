/**
 * No security group ingress from the whole internet (0.0.0.0/0, ::/0) outside an authorized DMZ,
 * and inside one only on the configured ports (PCI DSS 1.3.1: inbound traffic restricted to what
 * is necessary; 1.4.2: from untrusted networks only to authorized, publicly accessible services).
 *
 * Rules come inline (`ingress[]` of a security group or the VPC's default security group) or
 * standalone (aws:ec2/securityGroupRule:SecurityGroupRule of type "ingress",
 * aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule). A CIDR that is unknown during
 * preview is decided by what it is built from: a VPC's or subnet's CIDR is never the whole
 * internet. A whole `ingress` list unknown during preview cannot be read, and is deferred:
 * standalone rules avoid that.
 */
import { PolicyConfigError, type RawConfig } from "../../lib/config";
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { isRecord, isUnknown } from "../../lib/values";
import { AUTHORIZED_DMZ_VPCS_SCHEMA, readDmzConfig, type DmzConfig } from "./dmz";
import { checkExposures, type Exposure } from "./exposure";
import {
  DEFAULT_SECURITY_GROUP,
  DEFAULT_SUBNET,
  DEFAULT_VPC,
  MANAGED_PREFIX_LIST,
  SECURITY_GROUP,
  SECURITY_GROUP_INGRESS_RULE,
  SECURITY_GROUP_RULE,
  SUBNET,
  VPC,
} from "./resource-types";
import { describeResources, describeValue, settingOf } from "./settings";

const TYPES = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, SECURITY_GROUP_RULE, SECURITY_GROUP_INGRESS_RULE];

/** Resources whose outputs can feed a CIDR input but never amount to the whole internet. */
const CIDR_SAFE_SOURCES: readonly string[] = [
  VPC,
  DEFAULT_VPC,
  SUBNET,
  DEFAULT_SUBNET,
  SECURITY_GROUP,
  DEFAULT_SECURITY_GROUP,
  MANAGED_PREFIX_LIST,
];

const EXPECTED = "Expected ingress only from known address ranges, security groups or prefix lists.";

export interface OpenIngressConfig extends DmzConfig {
  /** TCP/UDP ports an authorized DMZ may open to the internet. */
  dmzIngressPorts: ReadonlySet<number>;
}

function parseConfig(raw: RawConfig): OpenIngressConfig {
  const ports = raw.dmzIngressPorts;
  if (!Array.isArray(ports) || !ports.every((p) => Number.isInteger(p) && p >= 0 && p <= 65535)) {
    throw new PolicyConfigError(
      `'dmzIngressPorts' must be an array of port numbers (0-65535), got ${describeValue(ports)}`,
    );
  }
  return { ...readDmzConfig(raw), dmzIngressPorts: new Set(ports as number[]) };
}

/** One ingress rule as written: where it is, its traffic and its CIDR inputs. */
interface IngressRule {
  /** `ingress[0].` for inline rules, empty for standalone ones. */
  prefix: string;
  protocol: unknown;
  fromPort: unknown;
  toPort: unknown;
  /** CIDR inputs: property name, value (list or single string) and the top-level input it is part of. */
  cidrs: Array<{ property: string; value: unknown; input: string }>;
}

export function isWholeInternet(cidr: string): boolean {
  return /\/0$/.test(cidr.trim());
}

type Traffic = { protocol: string; from?: number; to?: number } | "unknown";

function trafficOf(rule: IngressRule): Traffic {
  if ([rule.protocol, rule.fromPort, rule.toPort].some(isUnknown)) return "unknown";
  // A protocol that is neither text nor a number is malformed: judge it as all traffic, the widest reading.
  const protocol =
    typeof rule.protocol === "string" || typeof rule.protocol === "number"
      ? String(rule.protocol).toLowerCase()
      : "-1";
  const named = { "-1": "all", all: "all", "6": "tcp", "17": "udp" }[protocol] ?? protocol;
  if (named === "all") return { protocol: "all" };
  const from = typeof rule.fromPort === "number" ? rule.fromPort : 0;
  const to = typeof rule.toPort === "number" ? rule.toPort : 65535;
  return { protocol: named, from, to };
}

function isPortProtocol(protocol: string): boolean {
  return protocol === "tcp" || protocol === "udp";
}

function describeTraffic(traffic: Traffic): string {
  if (traffic === "unknown") return "traffic whose protocol or ports are unknown during preview";
  if (traffic.protocol === "all") return "all traffic";
  if (!isPortProtocol(traffic.protocol)) return `protocol ${traffic.protocol}`;
  const name = traffic.protocol.toUpperCase();
  return traffic.from === traffic.to
    ? `${name} port ${traffic.from}`
    : `${name} ports ${traffic.from}-${traffic.to}`;
}

function trafficId(traffic: Traffic): string {
  if (traffic === "unknown") return "unknown";
  return isPortProtocol(traffic.protocol)
    ? `${traffic.protocol}:${traffic.from}-${traffic.to}`
    : traffic.protocol;
}

/** Whether an authorized DMZ may open this traffic to the internet; undefined when it may. */
function dmzVerdict(traffic: Traffic, ports: ReadonlySet<number>): Exposure["inDmz"] {
  const allowed = `only TCP/UDP ports ${[...ports].sort((a, b) => a - b).join(", ") || "(none)"} may be open to the internet there`;
  if (traffic === "unknown")
    return {
      allowed: "unknown",
      why: `${allowed}, and this rule's protocol or ports are unknown during preview`,
    };
  if (isPortProtocol(traffic.protocol) && traffic.from !== undefined && traffic.to !== undefined) {
    let inList = traffic.to - traffic.from + 1 <= ports.size;
    for (let port = traffic.from; inList && port <= traffic.to; port++) inList = ports.has(port);
    if (inList) return undefined;
  }
  return { allowed: false, why: `${allowed}, not ${describeTraffic(traffic)}` };
}

function cidrList(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value : undefined;
}

function ruleExposures(
  rule: IngressRule,
  resource: GraphResource,
  graph: StackGraph,
  ports: ReadonlySet<number>,
): Exposure[] {
  const traffic = trafficOf(rule);
  const inDmz = dmzVerdict(traffic, ports);
  const exposures: Exposure[] = [];
  for (const { property, value, input } of rule.cidrs) {
    const where = `${rule.prefix}${property}`;
    const cidrs = isUnknown(value) ? [value] : cidrList(value);
    if (!cidrs) {
      exposures.push({
        id: `${where}:malformed`,
        message: `${where} must be a list of CIDR blocks, got ${describeValue(value)}. ${EXPECTED}`,
      });
      continue;
    }
    for (const cidr of cidrs) {
      if (typeof cidr === "string" && !isUnknown(cidr) && isWholeInternet(cidr)) {
        exposures.push({
          id: `${trafficId(traffic)}:${cidr.trim()}`,
          message: `${where} allows ${cidr} (the whole internet) on ${describeTraffic(traffic)}. ${EXPECTED}`,
          inDmz,
        });
      }
    }
    if (cidrs.some(isUnknown) && !fromCidrSafeSources(graph, resource, input)) {
      const why = `${where} is unknown during preview (built from ${describeResources(graph.propertySources(resource, input))}) and may be the whole internet`;
      exposures.push({ id: `${where}:unknown`, message: `${why}. ${EXPECTED}`, undecided: why, inDmz });
    }
  }
  return exposures;
}

function fromCidrSafeSources(graph: StackGraph, resource: GraphResource, input: string): boolean {
  return graph.propertySources(resource, input).every((source) => CIDR_SAFE_SOURCES.includes(source.type));
}

/** Inline rules; what cannot be read as a rule (unknown list, malformed entry) is an exposure itself. */
function inlineRules(resource: GraphResource, graph: StackGraph): Array<IngressRule | Exposure> {
  const setting = settingOf(graph, resource, "ingress");
  if (setting.kind === "unset") return [];
  if (setting.kind === "unknown") {
    const why = `ingress is unknown during preview as a whole (built from ${describeResources(setting.sources)}), so its CIDR blocks cannot be read`;
    return [
      { id: "ingress", message: `${why}. ${EXPECTED}`, undecided: why, inDmz: { allowed: "unknown", why } },
    ];
  }
  if (!Array.isArray(setting.value)) {
    return [
      {
        id: "ingress",
        message: `ingress must be a list of rules, got ${describeValue(setting.value)}. ${EXPECTED}`,
      },
    ];
  }
  return setting.value.map((rule, index) =>
    isRecord(rule)
      ? {
          prefix: `ingress[${index}].`,
          protocol: rule.protocol,
          fromPort: rule.fromPort,
          toPort: rule.toPort,
          cidrs: [
            { property: "cidrBlocks", value: rule.cidrBlocks, input: "ingress" },
            { property: "ipv6CidrBlocks", value: rule.ipv6CidrBlocks, input: "ingress" },
          ],
        }
      : {
          id: `ingress[${index}]`,
          message: `ingress[${index}] must be a rule, got ${describeValue(rule)}. ${EXPECTED}`,
        },
  );
}

function standaloneRule(resource: GraphResource): IngressRule {
  const p = resource.props;
  const legacy = resource.type === SECURITY_GROUP_RULE;
  const cidrProperties = legacy ? ["cidrBlocks", "ipv6CidrBlocks"] : ["cidrIpv4", "cidrIpv6"];
  return {
    prefix: "",
    protocol: legacy ? p.protocol : p.ipProtocol,
    fromPort: p.fromPort,
    toPort: p.toPort,
    cidrs: cidrProperties.map((property) => ({ property, value: p[property], input: property })),
  };
}

/** A SecurityGroupRule is ingress when its type says so; an unknown type may be. */
function ruleDirection(resource: GraphResource): "ingress" | "egress" | "unknown" {
  if (resource.type !== SECURITY_GROUP_RULE) return "ingress";
  const type = resource.props.type;
  if (isUnknown(type)) return "unknown";
  return type === "ingress" ? "ingress" : "egress";
}

export function ingressExposures(
  resource: GraphResource,
  graph: StackGraph,
  ports: ReadonlySet<number>,
): Exposure[] {
  const direction = ruleDirection(resource);
  if (direction === "egress") return [];
  const isInline = resource.type === SECURITY_GROUP || resource.type === DEFAULT_SECURITY_GROUP;
  const rules = isInline ? inlineRules(resource, graph) : [standaloneRule(resource)];
  const exposures = rules.flatMap((rule) =>
    "cidrs" in rule ? ruleExposures(rule, resource, graph, ports) : [rule],
  );
  if (direction === "ingress") return exposures;
  const why = "type is unknown during preview, so this may be an ingress rule";
  return exposures.map((exposure) => ({ ...exposure, undecided: exposure.undecided ?? why }));
}

export const networkNoOpenIngress: StackPolicyDefinition<OpenIngressConfig> = {
  kind: "stack",
  name: "network-no-open-ingress",
  displayName: "No security group ingress from the whole internet",
  description:
    "Security group ingress rules (inline or standalone) do not allow 0.0.0.0/0 or ::/0, except in VPCs allow-listed " +
    "as an authorized DMZ, and there only on the configured TCP/UDP ports.",
  area: "network",
  severity: "high",
  pci: ["1.3.1", "1.4.2", "1.4.1"],
  remediationSteps:
    "Allow ingress only from the address ranges, security groups or prefix lists that need it (for example the load " +
    "balancer's security group). Internet-facing services belong behind a load balancer in an authorized DMZ VPC: " +
    "add its URN (or a glob) to this policy's `authorizedDmzVpcs` and list the ports it serves in `dmzIngressPorts`. " +
    "Prefer standalone aws.vpc.SecurityGroupIngressRule resources: an inline `ingress` list with one unknown value " +
    "is unreadable during preview.",
  appliesTo: new Set(TYPES),
  configProperties: {
    authorizedDmzVpcs: AUTHORIZED_DMZ_VPCS_SCHEMA,
    dmzIngressPorts: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: [443],
      description:
        "TCP/UDP ports that security groups in an authorized DMZ VPC may open to 0.0.0.0/0 or ::/0.",
    },
  },
  examples: {
    compliant: `new aws.vpc.SecurityGroupIngressRule("app-from-alb-prod", {
  securityGroupId: appSg.id,
  referencedSecurityGroupId: albSg.id,
  ipProtocol: "tcp", fromPort: 8443, toPort: 8443,
});`,
    violating: `new aws.vpc.SecurityGroupIngressRule("ssh-prod", {
  securityGroupId: appSg.id,
  cidrIpv4: "0.0.0.0/0",
  ipProtocol: "tcp", fromPort: 22, toPort: 22,
});`,
  },
  parseConfig,
  check: (input) =>
    checkExposures(input, TYPES, (resource, graph) =>
      ingressExposures(resource, graph, input.config.dmzIngressPorts),
    ),
};
