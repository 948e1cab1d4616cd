/**
 * The authorized DMZ: VPCs allow-listed (by URN glob) to face the internet.
 *
 * A blanket "nothing faces the internet" is stricter than PCI DSS: 1.4.2 allows inbound traffic
 * from untrusted networks to authorized, publicly accessible services, which normally live in a
 * DMZ. AWS Config's INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY likewise takes an allow-list of VPCs.
 * With the default empty list, no VPC is a DMZ. A resource is in the DMZ when it is in at least
 * one VPC of the stack and every VPC it is in is allow-listed; a VPC outside the stack (a literal
 * `vpc-...` id) cannot be matched, so it never is.
 */
import { readStringArray, type RawConfig } from "../../lib/config";
import { globToRegExp } from "../../lib/exemptions";
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { JsonSchema } from "../../lib/policy";
import { PLACEMENT_DESCRIPTION, VpcLocator } from "./vpc-placement";

export interface DmzConfig {
  /** URN globs of the aws:ec2/vpc:Vpc resources that form the authorized DMZ. */
  authorizedDmzVpcs: string[];
}

export const AUTHORIZED_DMZ_VPCS_SCHEMA: JsonSchema = {
  type: "array",
  items: { type: "string", minLength: 1 },
  default: [],
  description:
    "URN globs (* and ?) of the aws:ec2/vpc:Vpc resources that form an authorized DMZ (PCI DSS 1.4.2); " +
    "resources in them may face the internet. Empty: no VPC may.",
};

export function readDmzConfig(raw: RawConfig): DmzConfig {
  return { authorizedDmzVpcs: readStringArray(raw, "authorizedDmzVpcs") };
}

export interface Placement {
  inAuthorizedDmz: boolean;
  /** Why it is not in an authorized DMZ, or which DMZ VPCs it is in. */
  explanation: string;
}

export class DmzPlacement {
  private readonly patterns: RegExp[];
  private readonly locator: VpcLocator;

  constructor(
    graph: StackGraph,
    private readonly config: DmzConfig,
  ) {
    this.patterns = config.authorizedDmzVpcs.map(globToRegExp);
    this.locator = new VpcLocator(graph);
  }

  of(resource: GraphResource): Placement {
    const vpcs = this.locator.vpcsOf(resource);
    if (vpcs.length === 0) {
      return {
        inAuthorizedDmz: false,
        explanation: `no VPC of this stack was found for it (through its ${PLACEMENT_DESCRIPTION}), so it is in no authorized DMZ`,
      };
    }
    const outside = vpcs.filter((vpc) => !this.isAuthorized(vpc));
    if (outside.length === 0) {
      return { inAuthorizedDmz: true, explanation: `${describeVpcs(vpcs)} ${isAre(vpcs)} an authorized DMZ` };
    }
    return {
      inAuthorizedDmz: false,
      explanation: `${describeVpcs(outside)} ${isAre(outside)} ${this.notAuthorized()}`,
    };
  }

  private isAuthorized(vpc: GraphResource): boolean {
    return this.patterns.some((pattern) => pattern.test(vpc.urn));
  }

  private notAuthorized(): string {
    const list = this.config.authorizedDmzVpcs;
    return list.length === 0
      ? "not an authorized DMZ (authorizedDmzVpcs is empty)"
      : `not an authorized DMZ (matches none of authorizedDmzVpcs: ${list.map((p) => JSON.stringify(p)).join(", ")})`;
  }
}

function describeVpcs(vpcs: readonly GraphResource[]): string {
  return `${vpcs.length === 1 ? "VPC" : "VPCs"} ${vpcs.map((vpc) => `'${vpc.name}'`).join(", ")}`;
}

function isAre(items: readonly unknown[]): string {
  return items.length === 1 ? "is" : "are";
}
