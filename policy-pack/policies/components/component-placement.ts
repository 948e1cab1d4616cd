/**
 * What the components policies share: whether the plugin's children are in the stack, and which
 * VPCs a component lands in, for the authorized-DMZ allow-list.
 *
 * A remote component's children are built by its plugin. Under the Pulumi CLI they are registered
 * and the network policies judge each of them; offline (mocks) only the component is, with the
 * inputs the program gave it. So a components policy judges the inputs only when the component
 * has no children in the stack: the same fault is never reported twice, and nothing is missed.
 */
import type { JsonSchema } from "../../lib/policy";
import { globToRegExp } from "../../lib/exemptions";
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { DmzConfig, Placement } from "../network/dmz";
import { VpcLocator } from "../network/vpc-placement";
import { AWSX_VPC, VPC_CHILD_TYPE } from "./resource-types";

export const COMPONENT_DMZ_VPCS_SCHEMA: JsonSchema = {
  type: "array",
  items: { type: "string", minLength: 1 },
  default: [],
  description:
    "URN globs (* and ?) of the VPCs that form an authorized DMZ (PCI DSS 1.4.2). For an awsx Vpc, the glob may " +
    "match the aws:ec2/vpc:Vpc it creates (…::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::<name>) or the component itself; keep " +
    "it in step with the network policies' authorizedDmzVpcs. Empty: no VPC may face the internet.",
};

/** True when the stack holds resources parented to the component: the plugin built its children. */
export function hasChildren(graph: StackGraph, component: GraphResource): boolean {
  return graph.resources.some((resource) => resource.parent === component.urn);
}

/** URN of the aws:ec2/vpc:Vpc an awsx:ec2:Vpc creates (parent: the component, same name). */
export function vpcChildUrn(component: GraphResource): string {
  const parts = component.urn.split("::");
  if (parts.length < 4) return component.urn;
  const [stack, project, qualifiedType, ...name] = parts;
  return [stack, project, `${qualifiedType}$${VPC_CHILD_TYPE}`, name.join("::")].join("::");
}

export class ComponentPlacement {
  private readonly patterns: RegExp[];
  private readonly locator: VpcLocator;

  constructor(
    private readonly graph: StackGraph,
    private readonly config: DmzConfig,
  ) {
    this.patterns = config.authorizedDmzVpcs.map(globToRegExp);
    this.locator = new VpcLocator(graph);
  }

  /** An awsx Vpc is in the DMZ when its VPC's URN (or the component's) is allow-listed. */
  ofVpc(component: GraphResource): Placement {
    return this.decide([
      { label: `awsx Vpc '${component.name}'`, urns: [vpcChildUrn(component), component.urn] },
    ]);
  }

  /**
   * A load balancer is where its subnets (or subnet mappings, or security groups) are: in an awsx
   * Vpc's VPC when they come from its outputs, or in a VPC of the stack. Without subnets, awsx
   * uses the default VPC's public subnets, which are never in the stack.
   */
  ofLoadBalancer(component: GraphResource): Placement {
    const given = ["subnetIds", "subnets", "subnetMappings"].some(
      (p) => component.props[p] !== undefined && component.props[p] !== null,
    );
    if (!given) {
      return {
        inAuthorizedDmz: false,
        explanation:
          "no subnetIds, subnets or subnetMappings are given, so awsx places it in the default VPC's public subnets, " +
          "outside this stack and in no authorized DMZ",
      };
    }
    const sources = ["subnetIds", "subnets", "subnetMappings", "securityGroups"].flatMap((p) =>
      this.graph.propertySources(component, p),
    );
    const vpcs = new Map<string, { label: string; urns: string[] }>();
    for (const source of sources) {
      if (source.type === AWSX_VPC) {
        vpcs.set(source.urn, { label: `awsx Vpc '${source.name}'`, urns: [vpcChildUrn(source), source.urn] });
        continue;
      }
      for (const vpc of this.locator.vpcsOf(source))
        vpcs.set(vpc.urn, { label: `VPC '${vpc.name}'`, urns: [vpc.urn] });
    }
    if (vpcs.size === 0) {
      return {
        inAuthorizedDmz: false,
        explanation:
          "no VPC of this stack was found for it (through its subnets), so it is in no authorized DMZ",
      };
    }
    return this.decide([...vpcs.values()]);
  }

  private decide(vpcs: Array<{ label: string; urns: string[] }>): Placement {
    const outside = vpcs.filter((vpc) => !vpc.urns.some((urn) => this.patterns.some((p) => p.test(urn))));
    const names = (list: typeof vpcs) => list.map((vpc) => vpc.label).join(", ");
    if (outside.length === 0)
      return { inAuthorizedDmz: true, explanation: `${names(vpcs)} is an authorized DMZ` };
    const list = this.config.authorizedDmzVpcs;
    const why =
      list.length === 0
        ? "not an authorized DMZ (authorizedDmzVpcs is empty)"
        : `not an authorized DMZ (matches none of authorizedDmzVpcs: ${list.map((p) => JSON.stringify(p)).join(", ")})`;
    return {
      inAuthorizedDmz: false,
      explanation: `${names(outside)} ${outside.length === 1 ? "is" : "are"} ${why}`,
    };
  }
}
