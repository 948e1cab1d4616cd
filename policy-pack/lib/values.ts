/**
 * Unknown-safe reading of resource properties.
 *
 * The SDK hands policies a proxy that throws UnknownValueError on ANY access to a value that is
 * unknown during preview, which turns the whole policy into an advisory "can't run during
 * preview". FinGuard reads the raw values instead, decides what it can (an unknown KMS key id
 * that depends on a stack key is still decidable), and defers on purpose with `undecidable()`.
 */
import type { UnknownValueError as SdkUnknownValueError } from "./sdk-types";

/** Engine sentinels for unknown values, one per type (pulumi/sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The SDK's proxy exposes its target under this key (proxy.ts `getSpecialProxyTarget`). */
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

export type Props = Record<string, unknown>;

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isRecord(value)) return Object.values(value).some(containsUnknown);
  return false;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Strips the SDK's unknown-checking proxy so values can be inspected without throwing. */
export function unwrap<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  const target = (value as Record<string, unknown>)[PROXY_TARGET_KEY];
  return (target ?? value) as T;
}

/** Reads a dotted path from raw props; returns undefined for missing or non-object hops. */
export function getPath(props: unknown, path: string): unknown {
  let current: unknown = props;
  for (const key of path.split(".")) {
    if (isUnknown(current)) return current;
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      current = current[Number(key)];
    } else if (isRecord(current)) {
      current = current[key];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Thrown by checks that cannot decide during preview. It IS the SDK's UnknownValueError, so the
 * server reports the standard advisory "can't run policy ... during preview" diagnostic, exactly
 * as the CLI users know it.
 */
export function undecidable(path: string, sentinel: unknown = UNKNOWN_STRING): never {
  const sentinelString = isUnknown(sentinel) ? (sentinel as string) : UNKNOWN_STRING;
  throw new (sdkUnknownValueError())(sentinelString, path.split("."));
}

export function isUndecidable(error: unknown): boolean {
  return error instanceof sdkUnknownValueError();
}

let unknownValueErrorClass: typeof SdkUnknownValueError | undefined;

/** The class from the SDK's own proxy module, so the server's `instanceof` check recognises it. */
function sdkUnknownValueError(): typeof SdkUnknownValueError {
  if (!unknownValueErrorClass) {
    const proxyModule = "@pulumi/policy/proxy";
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require(proxyModule) as { UnknownValueError: typeof SdkUnknownValueError };
    unknownValueErrorClass = proxy.UnknownValueError;
  }
  return unknownValueErrorClass;
}

/** A string value, or undefined when absent or not a string. Unknowns are returned as-is for the caller to decide. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asStringArray(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}
