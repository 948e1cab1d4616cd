/**
 * What must hold for every request, whatever it holds:
 * - the server answers (no gRPC error: under the CLI that aborts the preview);
 * - no policy fails closed on a TypeError or the like (the adapter turns a throwing check into a
 *   violation "policy '<name>' failed on this resource and fails closed": that is a policy bug);
 * - no "invalid configuration" with the schema defaults;
 * - Analyze violations are about the analyzed resource, AnalyzeStack violations name a resource of
 *   the request that the policy applies to, deferred and exempted lines too;
 * - the same request gives the same answer.
 */
import {
  STACK_DEFERRED_LINE,
  STACK_EXEMPTED_LINE,
  appliesToType,
  type PolicyDefinition,
} from "../../../policy-pack/lib/policy";
import type { RpcOutcome, WireResource } from "./rpc";

export const FAILS_CLOSED = "fails closed";
export const INVALID_CONFIGURATION = "invalid configuration for policy";

/** Problems with one outcome; empty when every invariant holds. */
export function outcomeProblems(outcome: RpcOutcome): string[] {
  const problems: string[] = [];
  if (outcome.error !== undefined) problems.push(`the server answered with an error: ${outcome.error}`);
  for (const d of outcome.diagnostics) {
    if (d.message.includes(FAILS_CLOSED)) problems.push(`${d.policy} failed closed: ${d.message}`);
    if (d.message.includes(INVALID_CONFIGURATION))
      problems.push(`${d.policy} rejected the default config: ${d.message}`);
  }
  return problems;
}

export function resourceProblems(resource: WireResource, outcome: RpcOutcome): string[] {
  const problems = outcomeProblems(outcome);
  for (const d of outcome.diagnostics) {
    if (d.urn !== "" && d.urn !== resource.urn)
      problems.push(
        `${d.policy} reported on ${JSON.stringify(d.urn)}, not on the analyzed ${JSON.stringify(resource.urn)}`,
      );
  }
  return problems;
}

export function stackProblems(
  definitions: readonly PolicyDefinition[],
  resources: readonly WireResource[],
  outcome: RpcOutcome,
): string[] {
  const problems = outcomeProblems(outcome);
  const types = new Map<string, Set<string>>();
  for (const r of resources) {
    const set = types.get(r.urn) ?? new Set<string>();
    set.add(r.type);
    types.set(r.urn, set);
  }
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const judge = (policy: string, urn: string, what: string) => {
    const definition = byName.get(policy);
    const typesAtUrn = types.get(urn);
    if (!typesAtUrn) {
      problems.push(`${policy} ${what} ${JSON.stringify(urn)}, which is not a resource of the request`);
    } else if (definition && ![...typesAtUrn].some((type) => appliesToType(definition, type))) {
      problems.push(
        `${policy} ${what} ${JSON.stringify(urn)} of type ${[...typesAtUrn].join("/")}, outside its appliesTo`,
      );
    }
  };
  for (const d of outcome.diagnostics) {
    if (d.message.includes(FAILS_CLOSED) || d.message.startsWith("can't run policy")) continue;
    judge(d.policy, d.urn, "reported a violation on");
  }
  for (const entry of outcome.notApplicable) {
    for (const line of entry.reason.split("\n")) {
      const prefix = [STACK_DEFERRED_LINE, STACK_EXEMPTED_LINE].find((p) => line.startsWith(p));
      if (!prefix) continue;
      const rest = line.slice(prefix.length);
      judge(entry.policy, rest.slice(0, rest.indexOf(": ")), `listed as ${prefix.trim()}`);
    }
  }
  return problems;
}

/** Canonical text of an outcome, to compare two answers. */
export function canonical(outcome: RpcOutcome): string {
  return JSON.stringify(outcome);
}

/** Diagnostics of one policy, order kept, for comparing a pack run against another order. */
export function byPolicy(outcome: RpcOutcome): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const d of outcome.diagnostics) {
    const list = grouped.get(d.policy) ?? [];
    list.push(JSON.stringify(d));
    grouped.set(d.policy, list);
  }
  for (const n of outcome.notApplicable) {
    const list = grouped.get(n.policy) ?? [];
    list.push(JSON.stringify(n));
    grouped.set(n.policy, list);
  }
  return grouped;
}
