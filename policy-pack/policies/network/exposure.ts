/**
 * The shared shape of the DMZ-aware network policies: each one lists what in a resource faces the
 * internet (an exposure), and this module decides it against the resource's placement: allowed
 * in an authorized DMZ, a violation elsewhere, deferred only when preview cannot tell.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackCheckInput, StackCheckResult, StackFinding } from "../../lib/policy";
import { DmzPlacement, type DmzConfig, type Placement } from "./dmz";
import { describeResources, describeValue, parseBoolean, settingOf } from "./settings";

export interface Exposure {
  /** Stable id within the resource, so one finding can be exempted without the others. */
  id: string;
  /** What faces the internet: the property, its value and what is expected. */
  message: string;
  /** Set when preview cannot tell whether the exposure exists: why. */
  undecided?: string;
  /** When even an authorized DMZ may not have it (false) or preview cannot tell (unknown): why. */
  inDmz?: { allowed: false | "unknown"; why: string };
}

export type ExposuresOf = (resource: GraphResource, graph: StackGraph) => Exposure[];

type Decision = { kind: "pass" } | { kind: "violation"; message: string } | { kind: "defer"; reason: string };

export function decideExposure(exposure: Exposure, placement: Placement): Decision {
  if (placement.inAuthorizedDmz) {
    if (!exposure.inDmz) return { kind: "pass" };
    if (exposure.inDmz.allowed === "unknown") return { kind: "defer", reason: exposure.inDmz.why };
  }
  if (exposure.undecided) return { kind: "defer", reason: exposure.undecided };
  const reason = placement.inAuthorizedDmz
    ? `${placement.explanation}, but ${exposure.inDmz?.why}`
    : placement.explanation;
  return { kind: "violation", message: `${exposure.message} Not allowed here: ${reason}.` };
}

/** Runs a DMZ-aware policy over every resource of `types`. */
export function checkExposures(
  input: StackCheckInput<DmzConfig>,
  types: readonly string[],
  exposuresOf: ExposuresOf,
): StackCheckResult {
  const placements = new DmzPlacement(input.graph, input.config);
  const findings: StackFinding[] = [];
  const deferred: Array<{ urn: string; reason: string }> = [];
  for (const resource of input.graph.ofType(...types)) {
    const exposures = exposuresOf(resource, input.graph);
    if (exposures.length === 0) continue;
    const placement = placements.of(resource);
    for (const exposure of exposures) {
      const decision = decideExposure(exposure, placement);
      if (decision.kind === "violation")
        findings.push({ urn: resource.urn, id: exposure.id, message: decision.message });
      if (decision.kind === "defer") deferred.push({ urn: resource.urn, reason: decision.reason });
    }
  }
  return { findings, deferred };
}

export interface FlagRule {
  property: string;
  /** The value that exposes the resource. */
  exposing: boolean;
  /** What the provider uses when the program leaves the property unset. */
  whenUnset: boolean;
  /** What the exposing value does, for the message. */
  effect: string;
}

/** The exposure caused by a boolean property holding its exposing value, if any. */
export function flagExposure(resource: GraphResource, graph: StackGraph, rule: FlagRule): Exposure[] {
  const setting = settingOf(graph, resource, rule.property);
  const expected = `Expected ${rule.property}: ${!rule.exposing}.`;
  if (setting.kind === "unknown") {
    const from = describeResources(setting.sources);
    return [
      {
        id: rule.property,
        message: `${rule.property} is unknown during preview (built from ${from}) and may be ${rule.exposing}. ${expected}`,
        undecided: `${rule.property} is unknown during preview (built from ${from})`,
      },
    ];
  }
  if (setting.kind === "known" && parseBoolean(setting.value) === undefined) {
    return [
      {
        id: rule.property,
        message: `${rule.property} must be a boolean, got ${describeValue(setting.value)}. ${expected}`,
      },
    ];
  }
  const value = setting.kind === "unset" ? rule.whenUnset : parseBoolean(setting.value);
  if (value !== rule.exposing) return [];
  const shown = setting.kind === "unset" ? `not set (the provider uses ${value})` : `${value}`;
  return [{ id: rule.property, message: `${rule.property} is ${shown}: ${rule.effect}. ${expected}` }];
}
