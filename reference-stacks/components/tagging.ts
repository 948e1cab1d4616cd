/**
 * The mandatory tag set (PCI DSS 12.5.1 inventory) and the AWS provider that applies it.
 *
 * Tags are applied once, through the provider's `defaultTags`, so no resource can forget them and
 * the tags-required guardrail sees them on every resource (it merges provider defaults with the
 * resource's own tags). Resources add only what differs: a `Name` and, where the classification
 * differs from the stack default, their own `DataClassification`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export const MANDATORY_TAG_KEYS = ["Environment", "Owner", "CostCenter", "DataClassification"] as const;
export type MandatoryTagKey = (typeof MANDATORY_TAG_KEYS)[number];

/** The four mandatory tags plus any extra ones; all values are plain (known) strings. */
export type MandatoryTags = Record<MandatoryTagKey, string> & Record<string, string>;

export interface TagValues {
  environment: string;
  owner: string;
  costCenter: string;
  dataClassification: string;
  /** Extra tags (e.g. Project, Scenario); they cannot override the mandatory keys. */
  extra?: Record<string, string>;
}

export class TaggingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaggingError";
  }
}

/** Builds and validates the mandatory tag set. Empty values are rejected: an empty tag is no tag. */
export function mandatoryTags(values: TagValues): MandatoryTags {
  const mandatory: Record<MandatoryTagKey, string> = {
    Environment: values.environment,
    Owner: values.owner,
    CostCenter: values.costCenter,
    DataClassification: values.dataClassification,
  };
  for (const [key, value] of Object.entries(mandatory)) {
    if (typeof value !== "string" || value.trim() === "") {
      throw new TaggingError(`Mandatory tag ${key} needs a non-empty value.`);
    }
  }
  const extra = values.extra ?? {};
  for (const [key, value] of Object.entries(extra)) {
    if ((MANDATORY_TAG_KEYS as readonly string[]).includes(key)) {
      throw new TaggingError(
        `Extra tag ${key} would override a mandatory tag; set it through its own setting.`,
      );
    }
    if (typeof value !== "string") throw new TaggingError(`Extra tag ${key} must be a string.`);
    if (key.startsWith("aws:")) throw new TaggingError(`Tag key ${key} uses the reserved aws: prefix.`);
  }
  return { ...extra, ...mandatory };
}

/**
 * Reads the tag values from stack config (namespace `finguard-reference` by default):
 * `environment` (default `dev`), `owner`, `costCenter`, `dataClassification` (required) and the
 * optional object `extraTags`.
 */
export function tagsFromConfig(config: pulumi.Config, extra: Record<string, string> = {}): MandatoryTags {
  return mandatoryTags({
    environment: config.get("environment") ?? "dev",
    owner: config.require("owner"),
    costCenter: config.require("costCenter"),
    dataClassification: config.require("dataClassification"),
    extra: { ...extra, ...(config.getObject<Record<string, string>>("extraTags") ?? {}) },
  });
}

export interface TaggedProviderArgs {
  region: string;
  tags: MandatoryTags;
}

/**
 * An explicit AWS provider whose `defaultTags` carry the mandatory tags. Pass it to every
 * component (`{ provider }`); components hand it down to their children through `parent`.
 * `name` is the logical name and must carry the environment suffix like every other name.
 */
export function createTaggedProvider(
  name: string,
  args: TaggedProviderArgs,
  opts?: pulumi.CustomResourceOptions,
): aws.Provider {
  return new aws.Provider(
    name,
    { region: args.region as aws.Region, defaultTags: { tags: args.tags } },
    opts,
  );
}

/** Tags for one resource: its `Name` plus overrides. The provider adds the mandatory set. */
export function resourceTags(name: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { Name: name, ...overrides };
}
