/**
 * Typed reading of policy configuration. The Pulumi CLI validates pack config against each
 * policy's JSON schema, but the Node server does not, and a pack can be driven by other hosts:
 * every policy parses its config into a typed object and fails with a message naming the key.
 */

export class PolicyConfigError extends Error {}

export type RawConfig = Record<string, unknown>;

export function readString(raw: RawConfig, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string")
    throw new PolicyConfigError(`'${key}' must be a string, got ${describe(value)}`);
  return value;
}

export function readStringArray(raw: RawConfig, key: string): string[] {
  const value = raw[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new PolicyConfigError(`'${key}' must be an array of strings, got ${describe(value)}`);
  }
  return value;
}

export function readNumber(raw: RawConfig, key: string, bounds: { min?: number; max?: number } = {}): number {
  const value = raw[key];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new PolicyConfigError(`'${key}' must be a number, got ${describe(value)}`);
  }
  if (bounds.min !== undefined && value < bounds.min)
    throw new PolicyConfigError(`'${key}' must be >= ${bounds.min}`);
  if (bounds.max !== undefined && value > bounds.max)
    throw new PolicyConfigError(`'${key}' must be <= ${bounds.max}`);
  return value;
}

export function readBoolean(raw: RawConfig, key: string): boolean {
  const value = raw[key];
  if (typeof value !== "boolean")
    throw new PolicyConfigError(`'${key}' must be a boolean, got ${describe(value)}`);
  return value;
}

export function readEnum<T extends string>(raw: RawConfig, key: string, allowed: readonly T[]): T {
  const value = raw[key];
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new PolicyConfigError(`'${key}' must be one of ${allowed.join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

/** A map of string -> string (e.g. tag key -> allowed-value regex). */
export function readStringMap(raw: RawConfig, key: string): Record<string, string> {
  const value = raw[key];
  if (value === undefined || value === null) return {};
  if (
    typeof value !== "object" ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === "string")
  ) {
    throw new PolicyConfigError(`'${key}' must be an object of strings, got ${describe(value)}`);
  }
  return value as Record<string, string>;
}

/** Compiles a user-supplied regular expression, naming the key when it is invalid. */
export function compilePattern(pattern: string, key: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new PolicyConfigError(`'${key}' is not a valid regular expression: ${(error as Error).message}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
}
