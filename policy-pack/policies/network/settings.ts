/**
 * What the program set a property to, as a stack policy can tell.
 *
 * Stack policies see outputs. During a real preview that is the provider's planned state, where a
 * property the program left unset but the provider computes (load balancer `internal`, instance
 * `associatePublicIpAddress`, security group `ingress`...) is an unknown. A value the program built
 * from another resource always lists that resource in `propertyDependencies`, so an unknown
 * without any is the provider's default and reads as unset. Under mocks it is simply absent. An
 * empty string is how the provider's state writes an unset string.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import { isUnknown } from "../../lib/values";

export type Setting =
  | { kind: "unset" }
  | { kind: "known"; value: unknown }
  /** Unknown during preview, built from these resources' outputs. */
  | { kind: "unknown"; sources: GraphResource[] };

export function settingOf(graph: StackGraph, resource: GraphResource, property: string): Setting {
  const value = resource.props[property];
  if (value === undefined || value === null || value === "") return { kind: "unset" };
  if (!isUnknown(value)) return { kind: "known", value };
  const dependencies = resource.propertyDependencies[property] ?? [];
  return dependencies.length === 0
    ? { kind: "unset" }
    : { kind: "unknown", sources: graph.propertySources(resource, property) };
}

/** A boolean as the engine or a provider may pass it; undefined when it is neither. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

/** Names resources for a message: `'igw-test' (aws:ec2/internetGateway:InternetGateway)`. */
export function describeResources(resources: readonly GraphResource[]): string {
  if (resources.length === 0) return "another resource's output";
  return resources.map((r) => `'${r.name}' (${r.type})`).join(", ");
}

export function describeValue(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}
