/**
 * How a FinGuard policy is written, and how it becomes a @pulumi/policy policy.
 *
 * A policy is metadata plus a pure `check` that returns findings. The adapter here does the rest
 * once for all policies: type filtering, typed config with defaults, exemptions, deliberate
 * deferral during preview, and failing closed (a violation, never a crashed preview) when a
 * check or its config is broken.
 */
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { PolicyConfigError, type RawConfig } from "./config";
import {
  EXEMPTED_PREFIX,
  EXEMPTIONS_SCHEMA,
  decideExemption,
  describeExemption,
  describeRejection,
  currentEvaluationDate,
  type Exemption,
} from "./exemptions";
import { graphFromPolicyResources, type StackGraph } from "./graph";
import { pciFramework, type RequirementId } from "./pci";
import { currentStack, type StackContext } from "./stack-context";
import { isUndecidable, unwrap, type Props } from "./values";

export type GuardrailArea = "tags" | "naming" | "encryption" | "network" | "logging" | "lifecycle" | "iam";

export const DOCS_BASE_URL = "https://github.com/finguard/finguard/blob/main/docs/policies";

/** JSON schema of one config property (kept loose: it is handed to the engine as is). */
export type JsonSchema = Record<string, unknown>;

export interface PolicyMetadata<C> {
  /** Unique, kebab-case, prefixed by area (e.g. `tags-required`). */
  name: string;
  displayName: string;
  description: string;
  area: GuardrailArea;
  severity: Severity;
  /** PCI DSS v4.0.1 requirements, primary first. */
  pci: readonly RequirementId[];
  remediationSteps: string;
  enforcementLevel?: EnforcementLevel;
  /** Type tokens this policy evaluates (an entry ending in `*` is a prefix, e.g. `aws:*`), or "*" for every resource. */
  appliesTo: ReadonlySet<string> | "*";
  /** Config properties besides `exemptions` (added to every policy), each with a default. */
  configProperties: Record<string, JsonSchema>;
  /** Short TypeScript snippets for the policy's docs page. */
  examples?: { compliant: string; violating: string };
  /** Turns the raw config (defaults filled in) into the typed config; throws PolicyConfigError. */
  parseConfig(raw: RawConfig): C;
}

export interface Finding {
  message: string;
  /** Stable id of this finding within the resource (e.g. `Action::s3:*`), for granular exemptions. */
  id?: string;
}

export interface StackFinding extends Finding {
  urn: string;
}

export interface ResourceCheckInput<C> {
  type: string;
  name: string;
  urn: string;
  /** Raw inputs: unknown values are sentinel strings (see values.ts), never throwing proxies. */
  props: Props;
  protect: boolean;
  provider?: { type: string; urn: string; props: Props };
  config: C;
  stack: StackContext;
}

export interface StackCheckInput<C> {
  graph: StackGraph;
  config: C;
  stack: StackContext;
}

/** Result of a stack check: findings, and resources it could not decide during preview. */
export interface StackCheckResult {
  findings: StackFinding[];
  deferred?: Array<{ urn: string; reason: string }>;
}

export interface ResourcePolicyDefinition<C> extends PolicyMetadata<C> {
  kind: "resource";
  check(input: ResourceCheckInput<C>): Finding[];
}

export interface StackPolicyDefinition<C> extends PolicyMetadata<C> {
  kind: "stack";
  check(input: StackCheckInput<C>): StackCheckResult;
}

export type PolicyDefinition<C = unknown> = ResourcePolicyDefinition<C> | StackPolicyDefinition<C>;

/** Every policy's full config schema: its own properties plus exemptions. */
export function configSchemaOf(definition: PolicyDefinition): PolicyConfigSchema {
  return {
    properties: { ...definition.configProperties, exemptions: EXEMPTIONS_SCHEMA },
  } as unknown as PolicyConfigSchema;
}

const defaultsCache = new WeakMap<PolicyDefinition, RawConfig>();

/** Schema defaults of a policy's config (computed once: it runs on every resource). */
export function defaultsOf(definition: PolicyDefinition): RawConfig {
  let defaults = defaultsCache.get(definition);
  if (!defaults) {
    defaults = computeDefaults(definition);
    defaultsCache.set(definition, defaults);
  }
  return defaults;
}

function computeDefaults(definition: PolicyDefinition): RawConfig {
  const schema = configSchemaOf(definition).properties as Record<string, { default?: unknown }>;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([, property]) => property.default !== undefined)
      .map(([key, property]) => [key, property.default]),
  );
}

export function appliesToType(definition: PolicyDefinition, type: string): boolean {
  if (definition.appliesTo === "*") return true;
  return (
    definition.appliesTo.has(type) ||
    prefixesOf(definition.appliesTo).some((prefix) => type.startsWith(prefix))
  );
}

const prefixCache = new WeakMap<ReadonlySet<string>, string[]>();

function prefixesOf(types: ReadonlySet<string>): string[] {
  let prefixes = prefixCache.get(types);
  if (!prefixes) {
    prefixes = [...types].filter((t) => t.endsWith("*")).map((t) => t.slice(0, -1));
    prefixCache.set(types, prefixes);
  }
  return prefixes;
}

/** The same matching over a plain list of patterns (as the catalog publishes them). */
export function typeMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (p) => p === "*" || p === type || (p.endsWith("*") && type.startsWith(p.slice(0, -1))),
  );
}

interface Settings<C> {
  config: C;
  exemptions: Exemption[];
}

/** Reads config over the schema defaults (the engine fills them, other hosts may not). */
export function readSettings<C>(definition: PolicyDefinition<C>, supplied: RawConfig): Settings<C> {
  const raw = { ...defaultsOf(definition), ...supplied };
  const exemptions = raw.exemptions;
  if (!Array.isArray(exemptions) || !exemptions.every((e) => typeof e === "object" && e !== null)) {
    throw new PolicyConfigError("'exemptions' must be an array of objects");
  }
  return { config: definition.parseConfig(raw), exemptions: exemptions as Exemption[] };
}

/** The metadata @pulumi/policy publishes for a policy (GetAnalyzerInfo). */
export function metadataOf(definition: PolicyDefinition) {
  return {
    name: definition.name,
    displayName: definition.displayName,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel ?? "mandatory",
    severity: definition.severity,
    framework: pciFramework(definition.pci),
    remediationSteps: definition.remediationSteps,
    url: `${DOCS_BASE_URL}/${definition.name}.md`,
    tags: [`area:${definition.area}`, ...definition.pci.map((id) => `pci-dss:${id}`)],
    configSchema: configSchemaOf(definition),
  };
}

/** Splits findings into the ones to report and the ones a valid exemption covers. */
export function applyExemptions(
  findings: readonly Finding[],
  urn: string,
  exemptions: readonly Exemption[],
  today: string,
): { violations: Finding[]; exempted: string[] } {
  const violations: Finding[] = [];
  const exempted: string[] = [];
  for (const finding of findings) {
    const decision = decideExemption(exemptions, urn, today, finding.id);
    if (decision.kind === "applies") {
      exempted.push(`${describeExemption(decision.exemption)}; suppressed: ${finding.message}`);
    } else {
      violations.push({ ...finding, message: finding.message + describeRejection(decision) });
    }
  }
  return { violations, exempted };
}

function failClosedMessage(definition: PolicyDefinition, error: unknown): string {
  if (error instanceof PolicyConfigError) {
    return `invalid configuration for policy '${definition.name}': ${error.message}`;
  }
  return `policy '${definition.name}' failed on this resource and fails closed: ${(error as Error)?.message ?? String(error)}`;
}

export function toResourcePolicy<C>(definition: ResourcePolicyDefinition<C>): ResourceValidationPolicy {
  return {
    ...metadataOf(definition),
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!appliesToType(definition, args.type)) return;
      let outcome: { violations: Finding[]; exempted: string[] };
      try {
        const { config, exemptions } = readSettings(definition, args.getConfig<RawConfig>());
        const findings = definition.check({
          type: args.type,
          name: args.name,
          urn: args.urn,
          props: unwrap(args.props) as Props,
          protect: args.opts?.protect === true,
          provider: args.provider
            ? {
                type: args.provider.type,
                urn: args.provider.urn,
                props: unwrap(args.provider.props) as Props,
              }
            : undefined,
          config,
          stack: currentStack(),
        });
        outcome = applyExemptions(findings, args.urn, exemptions, currentEvaluationDate());
      } catch (error) {
        if (isUndecidable(error)) throw error;
        report(failClosedMessage(definition, error));
        return;
      }
      for (const violation of outcome.violations) report(violation.message);
      if (outcome.exempted.length > 0)
        args.notApplicable(`${EXEMPTED_PREFIX} ${outcome.exempted.join(" | ")}`);
    },
  };
}

/** Line prefixes of a stack policy's notApplicable reason (one reason per policy per stack). */
export const STACK_EXEMPTED_LINE = "exempted ";
export const STACK_DEFERRED_LINE = "deferred ";

export function toStackPolicy<C>(definition: StackPolicyDefinition<C>): StackValidationPolicy {
  return {
    ...metadataOf(definition),
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const notes: string[] = [];
      try {
        const { config, exemptions } = readSettings(definition, args.getConfig<RawConfig>());
        const result = definition.check({
          graph: graphFromPolicyResources(args.resources),
          config,
          stack: currentStack(),
        });
        const today = currentEvaluationDate();
        for (const finding of result.findings) {
          const { violations, exempted } = applyExemptions([finding], finding.urn, exemptions, today);
          for (const violation of violations) report(violation.message, finding.urn);
          for (const text of exempted) notes.push(`${STACK_EXEMPTED_LINE}${finding.urn}: ${text}`);
        }
        for (const deferral of result.deferred ?? [])
          notes.push(`${STACK_DEFERRED_LINE}${deferral.urn}: ${deferral.reason}`);
      } catch (error) {
        if (isUndecidable(error)) throw error;
        report(failClosedMessage(definition, error));
        return;
      }
      if (notes.length > 0) args.notApplicable(notes.join("\n"));
    },
  };
}

export function toPulumiPolicy(
  definition: PolicyDefinition,
): ResourceValidationPolicy | StackValidationPolicy {
  return definition.kind === "resource" ? toResourcePolicy(definition) : toStackPolicy(definition);
}
