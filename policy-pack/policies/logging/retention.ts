/**
 * What the log retention policies share: the retention settings' schemas and readers, and how a
 * value is read. Both treat "kept forever" the same way (`allowNeverExpire`, off by default): an
 * unbounded store satisfies a minimum but is no retention policy (PCI DSS 3.2.1 asks for one).
 */
import { PolicyConfigError, readBoolean, readNumber, type RawConfig } from "../../lib/config";
import type { JsonSchema } from "../../lib/policy";

/** PCI DSS 10.5.1: the most recent three months immediately available. */
const HOT_RETENTION_DAYS = 90;

/** The longest retention CloudWatch Logs accepts (ten years); also the bound of every day count. */
export const MAX_RETENTION_DAYS = 3653;

export interface NeverExpireConfig {
  /** Whether logs that never expire (no retention set) are accepted. */
  allowNeverExpire: boolean;
}

export const MINIMUM_DAYS_SCHEMA: JsonSchema = {
  type: "integer",
  minimum: 1,
  maximum: MAX_RETENTION_DAYS,
  default: HOT_RETENTION_DAYS,
  description:
    "Days logs must be kept at least. 90 covers only PCI DSS 10.5.1's immediately available part; the " +
    "standard wants 12 months in total.",
};

export const ALLOW_NEVER_EXPIRE_SCHEMA: JsonSchema = {
  type: "boolean",
  default: false,
  description:
    "Accept logs that never expire (no retention set). Off: retention must be explicit and finite.",
};

export function readMinimumDays(raw: RawConfig): number {
  return readWholeDays(raw, "minimumDays", 1);
}

export function readAllowNeverExpire(raw: RawConfig): boolean {
  return readBoolean(raw, "allowNeverExpire");
}

export function readWholeDays(raw: RawConfig, key: string, min: number): number {
  const days = readNumber(raw, key, { min, max: MAX_RETENTION_DAYS });
  if (!Number.isInteger(days))
    throw new PolicyConfigError(`'${key}' must be a whole number of days, got ${days}`);
  return days;
}

/** A whole number of days as a program or the engine may pass it (numbers, or numeric strings). */
export function parseDays(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** Shows a value in a message, shortened. */
export function describeValue(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}
