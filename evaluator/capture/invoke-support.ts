/** What every invoke answer shares: the fake account, partitions, ARNs and deterministic ids. */
import { createHash } from "node:crypto";

/** The account in every fake identity and ARN (the account AWS documentation uses). */
export const FAKE_ACCOUNT_ID = "123456789012";

export type Properties = Record<string, unknown>;

export interface InvokeContext {
  /** Region of the invoke's provider, or of the stack's config, or the fallback. */
  region: string;
  /** Inputs of the provider the invoke goes through (for getDefaultTags), when known. */
  providerInputs?: Properties;
}

export type InvokeAnswer = (inputs: Properties, region: string, context: InvokeContext) => Properties;

export function awsPartition(region: string): {
  id: string;
  partition: string;
  dnsSuffix: string;
  reverseDnsPrefix: string;
} {
  if (region.startsWith("cn-")) {
    return {
      id: "aws-cn",
      partition: "aws-cn",
      dnsSuffix: "amazonaws.com.cn",
      reverseDnsPrefix: "cn.com.amazonaws",
    };
  }
  const partition = region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return { id: partition, partition, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
}

/** `<prefix>-<n hex digits of sha256(parts)>`: the same query always gets the same fake id. */
export function fakeId(prefix: string, digits: number, ...parts: unknown[]): string {
  return `${prefix}-${createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, digits)}`;
}

/** A number in [0, modulo) derived from the parts, for deterministic CIDRs. */
export function fakeNumber(modulo: number, ...parts: unknown[]): number {
  return parseInt(createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 8), 16) % modulo;
}

/** `arn:<partition>:<service>:<region>:123456789012:<resource>` (no region for global services). */
export function arn(region: string, service: string, resource: string, regional = true): string {
  const { partition } = awsPartition(region);
  return `arn:${partition}:${service}:${regional ? region : ""}:${FAKE_ACCOUNT_ID}:${resource}`;
}

export function str(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

/** The value of the first EC2 filter named `name` (`filters: [{ name, values }]`). */
export function filterValue(inputs: Properties, name: string): string | undefined {
  const filters = Array.isArray(inputs.filters) ? inputs.filters : [];
  for (const filter of filters) {
    const entry = filter as { name?: unknown; values?: unknown };
    if (entry?.name === name && Array.isArray(entry.values) && typeof entry.values[0] === "string")
      return entry.values[0];
  }
  return undefined;
}
