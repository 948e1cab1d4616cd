/**
 * Captured resources as the analyzer host sends them (evaluator/analyzer/run.ts does the same for a
 * real run): inputs for Remediate/Analyze, outputs plus the dependency graph for AnalyzeStack.
 */
import type { AnalyzerResource, AnalyzerStackResource } from "../evaluator/analyzer/types";
import type { CapturedResource, CapturedStack } from "../evaluator/capture/types";
import { providerUrnOf } from "../evaluator/capture/urn";

export function analyzeRequests(stack: CapturedStack): AnalyzerResource[] {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  return stack.resources.map((resource) => toAnalyzerResource(resource, byUrn, "inputs"));
}

export function analyzeStackRequest(stack: CapturedStack): AnalyzerStackResource[] {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  return stack.resources.map((resource) => ({
    ...toAnalyzerResource(resource, byUrn, "outputs"),
    parent: resource.parent,
    dependencies: resource.dependencies,
    propertyDependencies: resource.propertyDependencies,
  }));
}

function toAnalyzerResource(
  resource: CapturedResource,
  byUrn: ReadonlyMap<string, CapturedResource>,
  side: "inputs" | "outputs",
): AnalyzerResource {
  const { retainOnDelete: _notInProtocol, ...options } = resource.options;
  const provider = resource.provider ? byUrn.get(providerUrnOf(resource.provider)) : undefined;
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    properties: resource[side],
    options: { ...options, parent: resource.parent },
    provider: provider && {
      urn: provider.urn,
      type: provider.type,
      name: provider.name,
      properties: provider.inputs,
    },
  };
}
