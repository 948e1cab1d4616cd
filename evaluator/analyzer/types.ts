/**
 * Plain data exchanged with a policy pack over pulumirpc.Analyzer, and the raw record of one run.
 * Nothing here is format- or report-specific: the results stage derives outcomes from it.
 */
import type { EnforcementLevel, PolicyInfo, Severity } from "../results/model";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** A policy's configSchema as the pack declares it (JSON-schema properties plus required names). */
export interface PolicyConfigSchema {
  properties: Record<string, Record<string, unknown>>;
  required: string[];
}

export interface AnalyzerPolicyInfo extends PolicyInfo {
  configSchema?: PolicyConfigSchema;
}

/** One policy's configuration as Configure carries it. */
export interface PolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

export type PolicyPackConfig = Record<string, PolicyConfig>;

export interface AnalyzerInfo {
  name: string;
  version: string;
  displayName?: string;
  description?: string;
  supportsConfig: boolean;
  policies: AnalyzerPolicyInfo[];
  /** The pack's programmatic config (third argument of `new PolicyPack`), keyed by policy or "all". */
  initialConfig: PolicyPackConfig;
}

export interface StackConfiguration {
  organization: string;
  project: string;
  stack: string;
  dryRun: boolean;
  config: Record<string, string>;
  secretKeys: string[];
  tags?: Record<string, string>;
}

export interface AnalyzerResourceOptions {
  protect: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
  deleteBeforeReplaceDefined: boolean;
  additionalSecretOutputs: string[];
  aliases: string[];
  customTimeouts?: { create?: number; update?: number; delete?: number };
  parent?: string;
}

export interface AnalyzerProviderResource {
  urn: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
}

export interface AnalyzerResource {
  urn: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  options: AnalyzerResourceOptions;
  provider?: AnalyzerProviderResource;
}

export interface AnalyzerStackResource extends AnalyzerResource {
  parent?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn?: string;
  severity?: Severity;
}

export interface NotApplicable {
  policyName: string;
  reason: string;
}

export interface AnalyzeResult {
  diagnostics: Diagnostic[];
  notApplicable: NotApplicable[];
}

export interface Remediation {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /** The resource's whole property map after this remediation. */
  properties?: Record<string, unknown>;
  /** Why the remediation could not run (e.g. an unknown value during preview). */
  diagnostic?: string;
}

export interface RemediateResult {
  remediations: Remediation[];
  notApplicable: NotApplicable[];
}

export type AnalyzerStage = "pack-start" | "config" | "analyze" | "analyze-stack";

/** Where a diagnostic came from; "remediate" diagnostics are the advisory ones the engine emits for failed remediations. */
export type DiagnosticPhase = "remediate" | "analyze" | "analyze-stack";

export interface RunDiagnostic extends Diagnostic {
  phase: DiagnosticPhase;
  /** The analyzed resource's type; for stack diagnostics, the type of the URN the pack named, if any. */
  resourceType?: string;
}

export interface RunNotApplicable extends NotApplicable {
  /** The analyzed resource (Analyze phase); undefined for stack policies. */
  urn?: string;
  phase: "analyze" | "analyze-stack";
}

export interface RunRemediation extends Remediation {
  urn: string;
}

/** Everything one run of a pack produced, kept even when the run stops early (then `error` says why). */
export interface AnalyzerRun {
  analyzerInfo?: AnalyzerInfo;
  config?: PolicyPackConfig;
  /** sha256 (hex) of the canonical JSON of `config`. */
  configDigest?: string;
  diagnostics: RunDiagnostic[];
  notApplicable: RunNotApplicable[];
  remediations: RunRemediation[];
  error?: { stage: AnalyzerStage; message: string };
}
