/**
 * Every AWS resource's logical name, and every physical name the program sets explicitly, carries
 * the environment suffix (PCI DSS 6.5.3, 6.5.4, 12.5.1).
 *
 * Naming is evidence of environment separation, not separation itself: PCI DSS 6.5.3 is met by
 * separate accounts, networks and access controls. A consistent suffix lets reviewers, logs, ARNs
 * and the inventory tell a pre-production resource from a production one at a glance, and catches
 * a production name copied into a test stack (or the reverse) before it collides.
 *
 * - Suffix: this policy's `environmentSuffix`, else the stack config `environmentSuffix`, else the
 *   stack name (environment-suffix.ts).
 * - Scope: custom resources of the AWS provider (`aws:*`); components, providers and the stack
 *   resource are not. `skipTypes` leaves out more.
 * - Logical names are always judged: Pulumi builds autonames from them and every URN holds one.
 * - Physical names: the name inputs of physical-names.ts (or `nameProperties`). A name the provider
 *   autonamed from the logical name is judged by that logical name. A `...Prefix` input is only the
 *   start of a name the provider completes with a generated tail, so it must contain the suffix as
 *   a token whatever the convention: a pattern anchored at the end cannot judge it.
 * - AWS naming constraints (S3 takes only lowercase and no `_`, Glue no `-`, KMS aliases start with
 *   `alias/`, FIFO queues end with `.fifo`) are absorbed, never reported: see name-pattern.ts and
 *   physical-names.ts.
 * - Unknown physical name during preview (built from another resource's output): by default the
 *   logical name decides. It is known, it identifies the resource in state and every report, and an
 *   unknown name comes from a resource of this stack that is itself judged here. Deferring would
 *   turn every such resource into an advisory with nothing left to learn; `whenNameUnknown: defer`
 *   defers instead, and only when nothing else already failed.
 */
import {
  PolicyConfigError,
  readBoolean,
  readEnum,
  readString,
  readStringArray,
  readStringMap,
  type RawConfig,
} from "../../lib/config";
import { globToRegExp } from "../../lib/exemptions";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isRecord, isUnknown, undecidable } from "../../lib/values";
import { resolveEnvironmentSuffix, type EnvironmentSuffix } from "./environment-suffix";
import {
  DEFAULT_PRESET,
  NameMatcher,
  PRESET_NAMES,
  parseConvention,
  tokenConvention,
  type NamingConvention,
} from "./name-pattern";
import {
  PHYSICAL_NAME_PROPERTIES,
  isDefaultAutoname,
  splitFixedText,
  type PhysicalNameSpec,
} from "./physical-names";

export interface NamingConfig {
  /** Blank: read the stack config, then the stack name. */
  environmentSuffix?: string;
  convention: NamingConvention;
  skipTypes: RegExp[];
  /** Type token -> name inputs, replacing the built-in table's entry. */
  nameProperties: ReadonlyMap<string, string[]>;
  whenNameUnknown: "logical-name" | "defer";
}

function parseConfig(raw: RawConfig): NamingConfig {
  const typeNames = new Map(Object.entries(readStringMap(raw, "typeNames")));
  return {
    environmentSuffix: readString(raw, "environmentSuffix"),
    convention: parseConvention(
      readString(raw, "pattern") ?? DEFAULT_PRESET,
      readBoolean(raw, "caseSensitive"),
      typeNames,
    ),
    skipTypes: readStringArray(raw, "skipTypes").map(globToRegExp),
    nameProperties: readNameProperties(raw),
    whenNameUnknown: readEnum(raw, "whenNameUnknown", ["logical-name", "defer"] as const),
  };
}

function readNameProperties(raw: RawConfig): Map<string, string[]> {
  const value = raw.nameProperties ?? {};
  const entries = isRecord(value) ? Object.entries(value) : undefined;
  if (
    !entries ||
    !entries.every(([, list]) => Array.isArray(list) && list.every((p) => typeof p === "string"))
  ) {
    throw new PolicyConfigError(
      `'nameProperties' must map type tokens to arrays of input names, got ${JSON.stringify(value)}`,
    );
  }
  return new Map(entries as Array<[string, string[]]>);
}

function inScope(type: string, config: NamingConfig): boolean {
  return type.startsWith("aws:") && !config.skipTypes.some((pattern) => pattern.test(type));
}

/** The built-in entry, or the configured inputs (a name ending in `Prefix` is a prefix input). */
function nameSpecOf(type: string, config: NamingConfig): PhysicalNameSpec | undefined {
  const builtIn = PHYSICAL_NAME_PROPERTIES.get(type);
  const configured = config.nameProperties.get(type);
  if (!configured) return builtIn;
  const isPrefix = (property: string) => property.endsWith("Prefix");
  return { ...builtIn, names: configured.filter((p) => !isPrefix(p)), prefixes: configured.filter(isPrefix) };
}

/** `orders` -> `orders-test`; a prefix keeps a trailing separator; AWS's fixed text stays where it was. */
function suggestion(
  core: string,
  suffix: string,
  spec: PhysicalNameSpec | undefined,
  isPrefix = false,
): string {
  const separator = spec?.underscoreOnly ? "_" : "-";
  const base = core.replace(/[-_./]+$/, "");
  const suffixText = suffix.split(/[-_.]+/).join(separator);
  const name = `${base}${separator}${suffixText}${isPrefix ? separator : ""}`;
  return spec?.lowercase ? name.toLowerCase() : name;
}

interface Judge {
  type: string;
  logicalName: string;
  suffix: EnvironmentSuffix;
  spec?: PhysicalNameSpec;
  /** The convention, for logical names. */
  logical: NameMatcher;
  /** The convention with the suffix as AWS stores it for this type, for physical names. */
  physical: NameMatcher;
  /** The suffix-token rule, for prefix inputs. */
  prefix: NameMatcher;
}

function judgeFor(input: ResourceCheckInput<NamingConfig>): Judge {
  const suffix = resolveEnvironmentSuffix(input.config.environmentSuffix, input.stack);
  const spec = nameSpecOf(input.type, input.config);
  const physicalSuffix = spec?.lowercase ? suffix.value.toLowerCase() : suffix.value;
  const convention = input.config.convention;
  return {
    type: input.type,
    logicalName: input.name,
    suffix,
    spec,
    logical: new NameMatcher(convention, suffix.value, input.type),
    physical: new NameMatcher(convention, physicalSuffix, input.type),
    prefix: new NameMatcher(tokenConvention(convention), physicalSuffix, input.type),
  };
}

function expected(matcher: NameMatcher, example: string, judge: Judge): string {
  const hint = matcher.suggestsAppending ? `, e.g. '${example}'` : "";
  return `must ${matcher.expectation}${hint} (suffix from ${judge.suffix.source}).`;
}

function logicalNameFindings(judge: Judge): Finding[] {
  const name = judge.logicalName;
  if (judge.logical.matches(name)) return [];
  const example = suggestion(name, judge.suffix.value, undefined);
  return [
    { id: "logicalName", message: `Logical name '${name}' ${expected(judge.logical, example, judge)}` },
  ];
}

function nameFindings(property: string, value: string, judge: Judge, spec: PhysicalNameSpec): Finding[] {
  const { start, core, end } = splitFixedText(value, spec);
  if (isDefaultAutoname(core, judge.logicalName) || judge.physical.matches(core)) return [];
  const example = start + suggestion(core, judge.suffix.value, spec) + end;
  const what = `${property} '${value}' (the physical name of this ${judge.type})`;
  return [{ id: property, message: `${what} ${expected(judge.physical, example, judge)}` }];
}

function prefixFindings(property: string, value: string, judge: Judge, spec: PhysicalNameSpec): Finding[] {
  const { start, core } = splitFixedText(value, spec);
  if (judge.prefix.matches(core)) return [];
  const example = start + suggestion(core, judge.suffix.value, spec, true);
  const what = `${property} '${value}' (the start of this ${judge.type}'s physical name, completed by the provider)`;
  return [{ id: property, message: `${what} ${expected(judge.prefix, example, judge)}` }];
}

/** Findings for the explicit physical names, and the name inputs that are unknown during preview. */
function physicalNameFindings(
  props: Record<string, unknown>,
  judge: Judge,
): { findings: Finding[]; unknown: string[] } {
  const spec = judge.spec;
  const result = { findings: [] as Finding[], unknown: [] as string[] };
  if (!spec) return result;
  for (const property of [...spec.names, ...spec.prefixes]) {
    const value = props[property];
    if (value === undefined || value === null || value === "") continue;
    if (isUnknown(value)) {
      result.unknown.push(property);
    } else if (typeof value !== "string") {
      const got = JSON.stringify(value)?.slice(0, 80);
      result.findings.push({
        id: property,
        message: `${property} (a physical name of this ${judge.type}) must be a string, got ${got}.`,
      });
    } else {
      const judgeValue = spec.prefixes.includes(property) ? prefixFindings : nameFindings;
      result.findings.push(...judgeValue(property, value, judge, spec));
    }
  }
  return result;
}

export function checkNaming(input: ResourceCheckInput<NamingConfig>): Finding[] {
  if (!inScope(input.type, input.config)) return [];
  const judge = judgeFor(input);
  const physical = physicalNameFindings(input.props, judge);
  const findings = [...logicalNameFindings(judge), ...physical.findings];
  if (findings.length === 0 && physical.unknown.length > 0 && input.config.whenNameUnknown === "defer") {
    const property = physical.unknown[0];
    return undecidable(property, input.props[property]);
  }
  return findings;
}

export const namingEnvironmentSuffix: ResourcePolicyDefinition<NamingConfig> = {
  kind: "resource",
  name: "naming-environment-suffix",
  displayName: "Environment suffix in resource names",
  description:
    "The logical name of every AWS resource, and every physical name set explicitly (name, bucket, identifier, " +
    "namePrefix...), carries the environment suffix, as evidence of which environment the resource belongs to.",
  area: "naming",
  severity: "medium",
  pci: ["6.5.3", "6.5.4", "12.5.1"],
  remediationSteps:
    "Build every name from the environment suffix: read it once in the program " +
    '(`const env = new pulumi.Config().require("environmentSuffix")`) and use it in the logical name and in ' +
    "`name`, `bucket`, `identifier`... (`orders-prod` for both), or leave the physical name out so Pulumi " +
    "autonames it from the logical name. Set the suffix in the stack config `environmentSuffix` (or in this " +
    "policy's `environmentSuffix`); otherwise the stack name is the suffix. Naming is evidence, not separation: " +
    "keep environments in separate accounts and networks as well.",
  appliesTo: new Set(["aws:*"]),
  configProperties: {
    environmentSuffix: {
      type: "string",
      default: "",
      description:
        "The suffix names must carry. Blank: the stack config 'environmentSuffix', else the stack name.",
    },
    pattern: {
      type: "string",
      default: DEFAULT_PRESET,
      description:
        `Naming convention: ${PRESET_NAMES.join(", ")}, or a regular expression over the whole name with ` +
        "{suffix} (required) and {type} (the type's short name, e.g. queue or security-group) placeholders. " +
        "Prefix inputs (namePrefix...) are always checked for the suffix as a token.",
    },
    caseSensitive: {
      type: "boolean",
      default: false,
      description:
        "Compare case-sensitively (lowercase-only names such as S3 buckets are then compared to the lowercased suffix).",
    },
    typeNames: {
      type: "object",
      additionalProperties: { type: "string", minLength: 1 },
      default: {},
      description:
        'Type token -> an extra short name {type} accepts, e.g. {"aws:ec2/securityGroup:SecurityGroup": "sg"}.',
    },
    skipTypes: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description:
        "Globs (* and ?) of aws:* type tokens not to judge. Components, providers and the stack are never judged.",
    },
    nameProperties: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string", minLength: 1 } },
      default: {},
      description:
        "Type token -> the inputs holding its physical name (inputs ending in 'Prefix' are prefixes), " +
        "replacing the built-in entry for that type or adding a type the built-in table lacks.",
    },
    whenNameUnknown: {
      type: "string",
      enum: ["logical-name", "defer"],
      default: "logical-name",
      description:
        "When a physical name is unknown during preview: judge by the logical name, or defer (advisory) if nothing else failed.",
    },
  },
  examples: {
    compliant: [
      `const env = new pulumi.Config().require("environmentSuffix"); // "prod"`,
      "new aws.sqs.Queue(`orders-${env}`, { name: `orders-${env}.fifo`, fifoQueue: true });",
      "new aws.s3.Bucket(`audit-logs-${env}`); // autonamed from the logical name",
    ].join("\n"),
    violating: `new aws.sqs.Queue("orders", { name: "orders-queue" }); // neither name carries the suffix`,
  },
  parseConfig,
  check: checkNaming,
};
