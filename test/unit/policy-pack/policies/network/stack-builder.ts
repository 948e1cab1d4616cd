/** Small builders for the network stack-policy tests: resources linked the way preview links them. */
import { SUBNET, VPC } from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, type StackResourceCase } from "../../harness";

/**
 * A resource whose inputs named in `from` are unknown (ids during preview) and depend on the named
 * resources, as the engine reports them in propertyDependencies.
 */
export function resource(
  type: string,
  name: string,
  props: Record<string, unknown> = {},
  from: Record<string, string[]> = {},
): StackResourceCase {
  const unknownInputs = Object.fromEntries(Object.keys(from).map((key) => [key, UNKNOWN]));
  return {
    type,
    name,
    props: { ...unknownInputs, ...props },
    propertyDependencies: from,
    dependencies: [...new Set(Object.values(from).flat())],
  };
}

export const vpc = (name: string) => resource(VPC, name, { cidrBlock: "10.0.0.0/16" });

export const subnet = (name: string, vpcName: string, props: Record<string, unknown> = {}) =>
  resource(SUBNET, name, { cidrBlock: "10.0.1.0/24", ...props }, { vpcId: [vpcName] });

/** A VPC named `dmz-vpc` is the authorized DMZ in these tests. */
export const DMZ_CONFIG = { authorizedDmzVpcs: ["urn:pulumi:*::aws:ec2/vpc:Vpc::dmz-*"] };
