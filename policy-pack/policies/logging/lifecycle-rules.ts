/**
 * A bucket's lifecycle rules in one shape, read from a lifecycle configuration resource
 * (`rules[]` with `status`) or from the bucket's deprecated inline `lifecycleRules[]` (`enabled`).
 *
 * Stack policies see planned outputs: during a real preview a field the program left unset but the
 * provider computes is an unknown. An unknown in an input the program did not build from another
 * resource (no propertyDependencies) is such a default and reads as unset; otherwise the rules
 * cannot be read during preview.
 */
import type { GraphResource } from "../../lib/graph";
import { containsUnknown, isRecord, isUnknown } from "../../lib/values";
import { describeValue, parseDays } from "./retention";

/** When a lifecycle action happens: after a number of days, on a fixed date, or never. */
export type Age = { kind: "days"; days: number } | { kind: "date"; date: string } | { kind: "none" };

/** `after 30 days`, `on a fixed date (2026-01-01)`, `never`. */
export function describeAge(age: Age): string {
  if (age.kind === "days") return `after ${age.days} days`;
  return age.kind === "date" ? `on a fixed date (${age.date})` : "never";
}

export interface LifecycleRule {
  /** Stable id within the bucket, for granular exemptions. */
  id: string;
  /** The rule in a message: `rule 'keep-logs' of 'logs-lifecycle-test'`. */
  label: string;
  enabled: boolean;
  expiration: Age;
  transitions: Array<{ storageClass: string; after: Age }>;
}

export type RulesRead =
  { kind: "read"; rules: LifecycleRule[]; malformed: string[] } | { kind: "unknown"; reason: string };

interface Dialect {
  property: "rules" | "lifecycleRules";
  /** The rule's on/off field and how to read it; undefined when malformed. */
  switchField: "status" | "enabled";
  isEnabled(value: unknown): boolean | undefined;
}

const CONFIGURATION_RULES: Dialect = {
  property: "rules",
  switchField: "status",
  isEnabled: (status) => (status === "Enabled" ? true : status === "Disabled" ? false : undefined),
};

const INLINE_RULES: Dialect = {
  property: "lifecycleRules",
  switchField: "enabled",
  isEnabled: (enabled) =>
    enabled === true || enabled === "true"
      ? true
      : enabled === false || enabled === "false"
        ? false
        : undefined,
};

export function configurationRules(configuration: GraphResource): RulesRead {
  return readRules(configuration, CONFIGURATION_RULES, `of '${configuration.name}'`);
}

/** The bucket's inline rules, or undefined when it has none. */
export function inlineRules(bucket: GraphResource): RulesRead | undefined {
  const read = readRules(bucket, INLINE_RULES, "(inline lifecycleRules)");
  return read.kind === "read" && read.rules.length === 0 && read.malformed.length === 0 ? undefined : read;
}

function readRules(resource: GraphResource, dialect: Dialect, owner: string): RulesRead {
  const value = plannedValue(resource, dialect.property);
  if (containsUnknown(value)) {
    return { kind: "unknown", reason: `${dialect.property} of '${resource.name}' is unknown during preview` };
  }
  if (value === undefined || value === null) return { kind: "read", rules: [], malformed: [] };
  if (!Array.isArray(value)) {
    return {
      kind: "read",
      rules: [],
      malformed: [`${dialect.property} of '${resource.name}' must be a list, got ${describeValue(value)}.`],
    };
  }
  const rules: LifecycleRule[] = [];
  const malformed: string[] = [];
  value.forEach((raw, index) => {
    const rule = readRule(raw, `${dialect.property}[${index}]`, owner, dialect);
    if (typeof rule === "string") malformed.push(rule);
    else rules.push(rule);
  });
  return { kind: "read", rules, malformed };
}

function readRule(raw: unknown, path: string, owner: string, dialect: Dialect): LifecycleRule | string {
  if (!isRecord(raw)) return `${path} ${owner} must be an object, got ${describeValue(raw)}.`;
  const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : path;
  const label = `rule '${id}' ${owner}`;
  const enabled = dialect.isEnabled(raw[dialect.switchField]);
  if (enabled === undefined) {
    return `${label}: ${dialect.switchField} ${describeValue(raw[dialect.switchField])} is not ${dialect.switchField === "status" ? "Enabled or Disabled" : "a boolean"}.`;
  }
  const expiration = readAge(raw.expiration);
  if (typeof expiration === "string") return `${label}: expiration ${expiration}.`;
  const transitions = readTransitions(raw.transitions);
  if (typeof transitions === "string") return `${label}: ${transitions}.`;
  return { id, label, enabled, expiration, transitions };
}

function readTransitions(value: unknown): LifecycleRule["transitions"] | string {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return `transitions must be a list, got ${describeValue(value)}`;
  const transitions: LifecycleRule["transitions"] = [];
  for (const [index, transition] of value.entries()) {
    const after = readAge(transition);
    const storageClass = isRecord(transition) ? transition.storageClass : undefined;
    if (typeof after === "string") return `transitions[${index}] ${after}`;
    if (typeof storageClass !== "string")
      return `transitions[${index}].storageClass must be a string, got ${describeValue(storageClass)}`;
    // S3 transitions an object on day 0 when neither days nor date is set.
    transitions.push({ storageClass, after: after.kind === "none" ? { kind: "days", days: 0 } : after });
  }
  return transitions;
}

/** Reads `{ days }` or `{ date }` of an expiration or transition block; a string says what is malformed. */
function readAge(block: unknown): Age | string {
  if (block === undefined || block === null) return { kind: "none" };
  if (!isRecord(block)) return `must be an object, got ${describeValue(block)}`;
  if (block.days !== undefined && block.days !== null) {
    const days = parseDays(block.days);
    return days === undefined
      ? `days must be a whole number, got ${describeValue(block.days)}`
      : { kind: "days", days };
  }
  if (typeof block.date === "string" && block.date !== "") return { kind: "date", date: block.date };
  return { kind: "none" };
}

/** The planned value of an input, with the provider's computed defaults read as unset. */
function plannedValue(resource: GraphResource, property: string): unknown {
  const value = resource.props[property];
  const builtFromOutputs = (resource.propertyDependencies[property] ?? []).length > 0;
  return builtFromOutputs ? value : withoutUnknowns(value);
}

function withoutUnknowns(value: unknown): unknown {
  if (isUnknown(value)) return undefined;
  if (Array.isArray(value)) return value.map(withoutUnknowns);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withoutUnknowns(v)]));
  return value;
}
