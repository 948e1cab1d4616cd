/**
 * Property values in the engine's wire form (google.protobuf.Struct as plain JSON): unknowns are
 * sentinel strings, secrets and resource references are signature-keyed objects.
 */
import { SECRET_SIG, SECRET_SIG_VALUE } from "./types";

/** Signature value of a resource reference (pulumi/sdk/nodejs/runtime/rpc.ts specialResourceSig). */
const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * Inputs or outputs as analyzers receive them: SDK-internal `__` keys dropped, and resource
 * references reduced to the id (custom resources) or URN (components), since a pack throws
 * "Unrecognized signature" on references.
 */
export function toAnalyzerProperties(raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (!key.startsWith("__")) properties[key] = reduceReferences(value);
  }
  return properties;
}

function reduceReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reduceReferences);
  if (typeof value !== "object" || value === null) return value;
  const object = value as Record<string, unknown>;
  if (object[SECRET_SIG] === RESOURCE_REFERENCE_SIG) {
    return typeof object.id === "string" && object.id !== "" ? object.id : object.urn;
  }
  const reduced: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(object)) reduced[key] = reduceReferences(inner);
  return reduced;
}

export function isSecret(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG] === SECRET_SIG_VALUE
  );
}

export function makeSecret(value: unknown): unknown {
  return isSecret(value) ? value : { [SECRET_SIG]: SECRET_SIG_VALUE, value };
}

const SECONDS_PER_UNIT: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * Seconds in a Go duration string ("10m", "1h30m", "1.5s"), the format of the SDK's customTimeouts.
 * Returns undefined for "" (not set); throws on anything the engine would reject.
 */
export function durationToSeconds(duration: string): number | undefined {
  if (duration === "") return undefined;
  const parts = [...duration.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (duration !== "0" && parts.map((part) => part[0]).join("") !== duration) {
    throw new Error(
      `invalid custom timeout ${JSON.stringify(duration)}: expected a duration such as "10m" or "1h30m"`,
    );
  }
  return parts.reduce((seconds, [, amount, unit]) => seconds + Number(amount) * SECONDS_PER_UNIT[unit], 0);
}
