/** URNs built with the engine's rules (pulumi/sdk/go/common/resource/urn.go). */

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface StackIdentity {
  project: string;
  stack: string;
}

/** The `pkg:module:Type$pkg:module:Child` part of a URN. */
export function qualifiedTypeOf(urn: string): string {
  return urn.split("::")[2];
}

/**
 * A child's qualified type is its parent's full qualified type + "$" + its own type, except under
 * the root stack resource, whose children use their bare type.
 */
export function resourceUrn(
  id: StackIdentity,
  parentUrn: string | undefined,
  type: string,
  name: string,
): string {
  const parentType = parentUrn ? qualifiedTypeOf(parentUrn) : undefined;
  const qualifiedType = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${id.stack}::${id.project}::${qualifiedType}::${name}`;
}

/** The URN part of a provider reference (`<urn>::<id>`); URNs themselves contain "::". */
export function providerUrnOf(reference: string): string {
  return reference.slice(0, reference.lastIndexOf("::"));
}
