/** Reading the settings the lifecycle policies judge, as a program or the engine may pass them. */

/** A boolean, also from the strings "true"/"false"; undefined when it is neither. */
export function parseFlag(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

/** A whole number, also from a numeric string; undefined when it is neither. */
export function parseWholeNumber(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) ? number : undefined;
}

/** Shows a value in a message, shortened. */
export function describeValue(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}
