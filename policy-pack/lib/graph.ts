/**
 * The stack as a graph, built once per stack policy: resources indexed by URN and by type, and
 * reverse dependency edges, so stack policies correlate resources through dependencies (known
 * during preview) instead of output values (often unknown), without nested scans.
 */
import type { PolicyResource } from "@pulumi/policy";
import { unwrap, type Props } from "./values";

export interface GraphResource {
  urn: string;
  type: string;
  name: string;
  props: Props;
  protect: boolean;
  parent?: string;
  provider?: { type: string; urn: string; props: Props };
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

export class StackGraph {
  readonly resources: readonly GraphResource[];
  private readonly byUrn = new Map<string, GraphResource>();
  private readonly byType = new Map<string, GraphResource[]>();
  private readonly dependents = new Map<string, GraphResource[]>();

  constructor(resources: readonly GraphResource[]) {
    this.resources = resources;
    for (const resource of resources) {
      this.byUrn.set(resource.urn, resource);
      pushTo(this.byType, resource.type, resource);
      for (const dep of allDependencies(resource)) pushTo(this.dependents, dep, resource);
    }
  }

  get(urn: string): GraphResource | undefined {
    return this.byUrn.get(urn);
  }

  ofType(...types: readonly string[]): GraphResource[] {
    return types.flatMap((type) => this.byType.get(type) ?? []);
  }

  /** Resources that depend on `urn` (through any property, explicit dependsOn or parent). */
  dependentsOf(urn: string, ...types: readonly string[]): GraphResource[] {
    const found = this.dependents.get(urn) ?? [];
    return types.length === 0 ? found : found.filter((r) => types.includes(r.type));
  }

  /** Resources that `resource`'s property `property` was built from. */
  propertySources(resource: GraphResource, property: string): GraphResource[] {
    return (resource.propertyDependencies[property] ?? []).flatMap((urn) => this.byUrn.get(urn) ?? []);
  }
}

function allDependencies(resource: GraphResource): Set<string> {
  const deps = new Set(resource.dependencies);
  for (const urns of Object.values(resource.propertyDependencies)) for (const urn of urns) deps.add(urn);
  return deps;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Converts the SDK's PolicyResource objects (proxied, linked by object) to plain graph nodes. */
export function graphFromPolicyResources(resources: readonly PolicyResource[]): StackGraph {
  return new StackGraph(
    resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: unwrap(r.props) as Props,
      protect: r.opts?.protect === true,
      parent: r.parent?.urn,
      provider: r.provider
        ? { type: r.provider.type, urn: r.provider.urn, props: unwrap(r.provider.props) as Props }
        : undefined,
      dependencies: r.dependencies.map((d) => d.urn),
      propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies).map(([key, deps]) => [key, deps.map((d) => d.urn)]),
      ),
    })),
  );
}
