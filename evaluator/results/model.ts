/**
 * The one results model. Every input (offline preview, a real CLI event log, a state export) is
 * turned into an EvaluationResult, and every report format is rendered from it, so no format can
 * know something the others do not.
 */

export const RESULTS_SCHEMA_VERSION = "finguard.results/v1";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical";

/**
 * violation: the policy reported a violation.
 * exempted: the policy matched a valid exemption (reported through notApplicable by the pack).
 * not-applicable: the policy said it does not apply to this resource.
 * deferred: the policy could not run during preview (an unknown value); the CLI shows it as advisory.
 * compliant: the policy applies to this resource type and reported nothing.
 */
export type OutcomeStatus = "violation" | "exempted" | "not-applicable" | "deferred" | "compliant";

export interface Outcome {
  policy: string;
  /** Resource URN; for a stack policy violation not tied to one resource, the stack's URN. */
  urn: string;
  resourceType: string;
  status: OutcomeStatus;
  /** The level in force for this outcome (the engine reports deferrals as advisory). */
  enforcementLevel: EnforcementLevel;
  severity?: Severity;
  message?: string;
}

export interface PolicyFramework {
  name: string;
  version: string;
  /** Requirement IDs, comma-separated, primary first (e.g. "12.5.1, 2.2.1"). */
  reference: string;
  specification: string;
}

export interface PolicyInfo {
  name: string;
  displayName?: string;
  description: string;
  severity?: Severity;
  enforcementLevel: EnforcementLevel;
  framework?: PolicyFramework;
  remediationSteps?: string;
  url?: string;
  tags?: string[];
  /** Type tokens the policy evaluates, "*" for all; absent when the pack does not say. */
  appliesTo?: string[];
  kind?: "resource" | "stack";
}

export interface ResourceRef {
  urn: string;
  type: string;
  name: string;
}

/** A check the evaluator makes itself because CrossGuard cannot (e.g. retainOnDelete). */
export interface EvaluatorFinding {
  check: string;
  urn: string;
  resourceType: string;
  status: "violation" | "exempted";
  message: string;
  enforcementLevel: EnforcementLevel;
}

export interface RunInfo {
  /** How the resources were obtained. */
  source: "offline-preview" | "event-log" | "state-export";
  program?: string;
  project: string;
  stack: string;
  startedAt: string;
  finishedAt: string;
  /** sha256 of the canonical JSON of the reconciled policy config the pack received. */
  configDigest?: string;
  gitCommit?: string;
  /** Remote components whose children were not evaluated offline, by type token with a count. */
  remoteComponents?: Record<string, number>;
}

/** An exemption from the pack config, as the auditor needs to review it. */
export interface ExemptionRecord {
  policy: string;
  urn?: string;
  urnPattern?: string;
  reason: string;
  ticket?: string;
  expires: string;
  findings?: string[];
  /** active: applies today; expired: past its day; invalid: no reason or a bad date. */
  state: "active" | "expired" | "invalid";
  /** Outcomes this exemption covered in this run. */
  applied: number;
}

export interface EvaluationError {
  stage: "config" | "capture" | "pack-start" | "analyze" | "analyze-stack" | "input";
  message: string;
}

export interface Summary {
  resources: number;
  mandatoryViolations: number;
  advisoryViolations: number;
  exempted: number;
  deferred: number;
  notApplicable: number;
  compliant: number;
  evaluatorFindings: number;
}

export interface EvaluationResult {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  tool: { name: "finguard"; version: string };
  pack: { name: string; version: string };
  run: RunInfo;
  policies: PolicyInfo[];
  resources: ResourceRef[];
  outcomes: Outcome[];
  evaluatorFindings: EvaluatorFinding[];
  exemptions: ExemptionRecord[];
  warnings: string[];
  errors: EvaluationError[];
  summary: Summary;
}
