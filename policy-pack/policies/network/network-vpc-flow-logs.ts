/**
 * Every VPC of the stack has a flow log capturing ALL traffic, accepted and rejected (PCI DSS 10.2.1:
 * audit logs enabled for all system components, which lib/pci.ts does not list yet; 10.3.3: logs
 * sent to a central store).
 *
 * A presence rule, so a stack policy that starts from the VPCs: omitting the flow log cannot dodge
 * it, as it would a resource policy on aws:ec2/flowLog:FlowLog. A flow log covers a VPC when its
 * `vpcId` is built from that VPC (propertyDependencies: the VPC id is unknown during preview).
 * VPCs in an authorized DMZ need one too. Subnet- or interface-level flow logs do not count: they
 * miss what later subnets and interfaces carry.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type {
  StackCheckInput,
  StackCheckResult,
  StackFinding,
  StackPolicyDefinition,
} from "../../lib/policy";
import { FLOW_LOG, VPC_TYPES } from "./resource-types";
import { describeResources, describeValue, settingOf } from "./settings";

type NoConfig = Record<string, never>;

const EXPECTED = 'Expected an aws.ec2.FlowLog with vpcId set to this VPC\'s id and trafficType "ALL".';

function flowLogsOf(graph: StackGraph, vpc: GraphResource): GraphResource[] {
  return graph
    .dependentsOf(vpc.urn, FLOW_LOG)
    .filter((log) => log.propertyDependencies.vpcId?.includes(vpc.urn));
}

type Coverage = { kind: "all" } | { kind: "partial"; found: string[] } | { kind: "unknown"; reason: string };

/** Whether the VPC's flow logs capture all traffic, from their trafficType. */
function coverageOf(graph: StackGraph, logs: readonly GraphResource[]): Coverage {
  const found: string[] = [];
  const unknown: string[] = [];
  for (const log of logs) {
    const setting = settingOf(graph, log, "trafficType");
    if (setting.kind === "known" && setting.value === "ALL") return { kind: "all" };
    if (setting.kind === "unknown")
      unknown.push(`'${log.name}' (built from ${describeResources(setting.sources)})`);
    else
      found.push(
        `'${log.name}' trafficType ${setting.kind === "known" ? describeValue(setting.value) : "not set"}`,
      );
  }
  if (unknown.length > 0)
    return {
      kind: "unknown",
      reason: `trafficType of flow log ${unknown.join(", ")} is unknown during preview`,
    };
  return { kind: "partial", found };
}

function missingFlowLogMessage(coverage: Coverage & { kind: "partial" }): string {
  if (coverage.found.length === 0) {
    return `No aws:ec2/flowLog:FlowLog has a vpcId built from this VPC: its traffic is not logged. ${EXPECTED}`;
  }
  return `No flow log of this VPC captures all traffic (${coverage.found.join("; ")}): rejected or accepted connections go unlogged. ${EXPECTED}`;
}

export function checkVpcFlowLogs(input: StackCheckInput<NoConfig>): StackCheckResult {
  const findings: StackFinding[] = [];
  const deferred: Array<{ urn: string; reason: string }> = [];
  for (const vpc of input.graph.ofType(...VPC_TYPES)) {
    const coverage = coverageOf(input.graph, flowLogsOf(input.graph, vpc));
    if (coverage.kind === "unknown") deferred.push({ urn: vpc.urn, reason: coverage.reason });
    if (coverage.kind === "partial")
      findings.push({ urn: vpc.urn, id: "flow-log", message: missingFlowLogMessage(coverage) });
  }
  return { findings, deferred };
}

export const networkVpcFlowLogs: StackPolicyDefinition<NoConfig> = {
  kind: "stack",
  name: "network-vpc-flow-logs",
  displayName: "Every VPC has a flow log of all traffic",
  description:
    'Every VPC (and default VPC) of the stack has an aws:ec2/flowLog:FlowLog with trafficType "ALL".',
  area: "network",
  severity: "medium",
  pci: ["10.2.1", "10.3.3"],
  remediationSteps:
    'Add an aws.ec2.FlowLog with vpcId: vpc.id and trafficType: "ALL", delivered to a CloudWatch log group or S3 ' +
    "bucket that keeps audit logs (12 months, encrypted with a customer-managed key). A flow log of accepted or " +
    "rejected traffic only is not enough.",
  appliesTo: new Set(VPC_TYPES),
  configProperties: {},
  examples: {
    compliant: `const vpc = new aws.ec2.Vpc("core-vpc-prod", { cidrBlock: "10.0.0.0/16" });
new aws.ec2.FlowLog("core-flow-log-prod", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "s3", logDestination: auditBucket.arn });`,
    violating: `const vpc = new aws.ec2.Vpc("core-vpc-prod", { cidrBlock: "10.0.0.0/16" }); // no flow log`,
  },
  parseConfig: () => ({}),
  check: checkVpcFlowLogs,
};
