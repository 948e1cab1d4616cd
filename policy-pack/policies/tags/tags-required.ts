/**
 * Every taggable resource carries the mandatory tags (PCI DSS 12.5.1: an inventory of in-scope
 * components is only as good as the tags that place each component in it).
 *
 * Tags come from the resource's own `tags` merged over its provider's `defaultTags`, because the
 * AWS provider applies both. When `tags` is unknown during preview (one unknown value makes the
 * whole map unknown, pulumi/pulumi#7854), the provider's defaults may still decide the case.
 */
import { TAGGABLE_AWS_TYPES } from "../../lib/aws-types.generated";
import { compilePattern, readEnum, readStringArray, readStringMap, type RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isRecord, isUnknown, undecidable } from "../../lib/values";
import { providerDefaultTags, type TagSet } from "./tag-sources";

export const DEFAULT_REQUIRED_TAGS = ["Environment", "Owner", "CostCenter", "DataClassification"];

export interface TagsRequiredConfig {
  requiredTags: string[];
  /** Tag key -> regular expression its value must match. */
  allowedValues: Map<string, RegExp>;
  /** What to do when the resource's tags are unknown during preview and defaults do not decide. */
  whenUnknown: "defer" | "pass";
}

function parseConfig(raw: RawConfig): TagsRequiredConfig {
  const patterns = readStringMap(raw, "allowedValues");
  return {
    requiredTags: readStringArray(raw, "requiredTags"),
    allowedValues: new Map(
      Object.entries(patterns).map(([key, p]) => [key, compilePattern(p, `allowedValues.${key}`)]),
    ),
    whenUnknown: readEnum(raw, "whenUnknown", ["defer", "pass"] as const),
  };
}

/** Reads the resource's own tags: a map, unknown as a whole, or malformed. */
export function resourceTags(props: Record<string, unknown>): TagSet | "unknown" | "malformed" {
  const tags = props.tags;
  if (tags === undefined || tags === null) return new Map();
  if (isUnknown(tags)) return "unknown";
  if (!isRecord(tags)) return "malformed";
  return new Map(Object.entries(tags));
}

export function checkTags(input: ResourceCheckInput<TagsRequiredConfig>): Finding[] {
  const defaults = providerDefaultTags(input.provider?.props);
  const own = resourceTags(input.props);
  if (own === "malformed") {
    return [
      { message: `'tags' must be a map of strings, got ${JSON.stringify(input.props.tags)?.slice(0, 80)}.` },
    ];
  }
  if (own === "unknown" || defaults === "unknown") return checkPartlyUnknownTags(own, defaults, input);
  return evaluateTags(new Map([...defaults, ...own]), input.config, false);
}

/**
 * Judges what is known. The resource's own known tags override the defaults, so a bad or blank
 * value there is final; a tag missing from everything known may still come from the unknown part,
 * so it defers (or passes).
 */
function checkPartlyUnknownTags(
  own: TagSet | "unknown",
  defaults: TagSet | "unknown",
  input: ResourceCheckInput<TagsRequiredConfig>,
): Finding[] {
  const ownKnown = own === "unknown" ? new Map<string, unknown>() : own;
  const known = new Map([...(defaults === "unknown" ? [] : defaults), ...ownKnown]);
  const open = input.config.requiredTags.filter((key) => !hasValue(known.get(key)) && !ownKnown.has(key));
  const decidable = {
    ...input.config,
    requiredTags: input.config.requiredTags.filter((k) => !open.includes(k)),
  };
  const findings = evaluateTags(known, decidable, own === "unknown");
  if (findings.length > 0) return findings;
  if (open.length === 0 || input.config.whenUnknown === "pass") return [];
  return own === "unknown"
    ? undecidable("tags", input.props.tags)
    : undecidable("provider.defaultTags", input.provider?.props?.defaultTags);
}

/** Missing, empty and badly valued tags. `partial` means other tags may exist but are unknown. */
function evaluateTags(tags: TagSet, config: TagsRequiredConfig, partial: boolean): Finding[] {
  const findings: Finding[] = [];
  const missing = config.requiredTags.filter((key) => !hasValue(tags.get(key)));
  if (missing.length > 0) {
    const present = [...tags.keys()].sort().join(", ") || "none";
    findings.push({
      id: "missing",
      message: `Missing required tags: ${missing.join(", ")} (present: ${present}).`,
    });
  }
  for (const [key, pattern] of config.allowedValues) {
    const value = tags.get(key);
    if (value === undefined || isUnknown(value)) continue;
    if (typeof value !== "string" || !pattern.test(value)) {
      findings.push({
        id: `value:${key}`,
        message: `Tag ${key}=${JSON.stringify(value)} does not match ${pattern}.`,
      });
    }
  }
  return partial ? findings.filter((f) => f.id === "missing") : findings;
}

function hasValue(value: unknown): boolean {
  return isUnknown(value) || (typeof value === "string" && value.trim() !== "");
}

export const tagsRequired: ResourcePolicyDefinition<TagsRequiredConfig> = {
  kind: "resource",
  name: "tags-required",
  displayName: "Mandatory tags",
  description:
    "Taggable resources carry the mandatory inventory tags, from the resource or its provider's defaultTags.",
  area: "tags",
  severity: "medium",
  pci: ["12.5.1", "12.5.2", "6.5.3", "2.2.1"],
  remediationSteps:
    "Add the missing tags to the resource's `tags`, or once for all resources through the AWS provider's " +
    "`defaultTags` (stack config `aws:defaultTags` or an explicit provider). Use values that match the " +
    "configured patterns (for example Environment in dev|staging|prod).",
  appliesTo: TAGGABLE_AWS_TYPES,
  examples: {
    compliant: `const provider = new aws.Provider("tagged", {
  defaultTags: { tags: { Environment: "dev", Owner: "payments", CostCenter: "CC-1" } },
});
new aws.s3.Bucket("data-dev", { tags: { DataClassification: "confidential" } }, { provider });`,
    violating: `new aws.s3.Bucket("data-dev", { tags: { Environment: "dev" } }); // Owner, CostCenter, DataClassification missing`,
  },
  configProperties: {
    requiredTags: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: DEFAULT_REQUIRED_TAGS,
      description: "Tag keys every taggable resource must carry.",
    },
    allowedValues: {
      type: "object",
      additionalProperties: { type: "string" },
      default: {},
      description: "Tag key -> regular expression the value must match.",
    },
    whenUnknown: {
      type: "string",
      enum: ["defer", "pass"],
      default: "defer",
      description:
        "When tags are unknown during preview and provider defaults do not cover them: defer (advisory) or pass.",
    },
  },
  parseConfig,
  check: checkTags,
};
