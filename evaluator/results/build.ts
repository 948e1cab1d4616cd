/**
 * Turns what the analyzer host observed (raw diagnostics and not-applicable entries) plus the
 * captured stack into the one results model, deriving the outcomes the protocol leaves implicit:
 * "compliant" (the policy applies to the type and said nothing) and the exemptions and deferrals
 * that stack policies can only report in a single notApplicable text.
 */
import {
  EXEMPTED_PREFIX,
  decideExemption,
  exemptionProblem,
  type Exemption,
  STACK_DEFERRED_LINE,
  STACK_EXEMPTED_LINE,
  type CatalogEntry,
  typeMatches,
} from "@finguard/aws-pci-policies/bin/library";
import type { CapturedStack } from "../capture/types";
import { checkRetainOnDelete } from "./evaluator-checks";
import {
  RESULTS_SCHEMA_VERSION,
  type EnforcementLevel,
  type EvaluationError,
  type EvaluationResult,
  type ExemptionRecord,
  type Outcome,
  type PolicyInfo,
  type RunInfo,
  type Severity,
  type Summary,
} from "./model";

/** The part of the analyzer host's record this module reads. */
export interface ObservedRun {
  analyzerInfo?: { name: string; version: string; policies: PolicyInfo[] };
  config?: Record<string, { enforcementLevel: string; properties: Record<string, unknown> }>;
  configDigest?: string;
  diagnostics: Array<{
    policyName: string;
    message: string;
    enforcementLevel: string;
    urn?: string;
    severity?: string;
    resourceType?: string;
  }>;
  notApplicable: Array<{ policyName: string; reason: string; urn?: string }>;
  /**
   * What actually ran, when the source says (an event log's policy summaries): "compliant" is
   * derived only for these resources and policies. Absent: everything captured was evaluated.
   */
  evaluated?: { resources?: readonly string[]; policies?: readonly string[] };
}

export interface BuildInput {
  captured: CapturedStack;
  observed: ObservedRun;
  catalog: CatalogEntry[];
  run: Omit<RunInfo, "configDigest" | "remoteComponents">;
  errors: EvaluationError[];
  toolVersion: string;
  /** The day exemptions are judged on (YYYY-MM-DD). */
  today: string;
}

const DEFERRED_MARKER = /^can't run policy /;

export function stackUrn(captured: CapturedStack): string {
  return `urn:pulumi:${captured.stack}::${captured.project}::pulumi:pulumi:Stack::${captured.project}-${captured.stack}`;
}

export function buildResult(input: BuildInput): EvaluationResult {
  const { captured, observed } = input;
  const typeOf = new Map(captured.resources.map((r) => [r.urn, r.type]));
  const policies = describePolicies(observed, input.catalog);
  const outcomes = [
    ...outcomesFromDiagnostics(observed, policies, typeOf, stackUrn(captured)),
    ...outcomesFromNotApplicable(observed, policies, typeOf, stackUrn(captured)),
  ];
  // "Compliant" means "evaluated and silent": after any error, silence proves nothing.
  if (input.errors.length === 0)
    outcomes.push(...compliantOutcomes(policies, evaluatedPart(captured, observed.evaluated), outcomes));
  const evaluatorFindings = checkRetainOnDelete(
    captured,
    observed.config?.["lifecycle-no-protect"],
    input.today,
  );
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: "finguard", version: input.toolVersion },
    pack: {
      name: observed.analyzerInfo?.name ?? "unknown",
      version: observed.analyzerInfo?.version ?? "unknown",
    },
    run: {
      ...input.run,
      configDigest: observed.configDigest,
      remoteComponents: countRemoteComponents(captured),
    },
    policies,
    resources: captured.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name })),
    outcomes,
    evaluatorFindings,
    exemptions: describeExemptions(observed, outcomes, input.today),
    warnings: captured.warnings,
    errors: input.errors,
    summary: summarize(
      captured.resources.length,
      outcomes,
      evaluatorFindings.filter((f) => f.status === "violation").length,
    ),
  };
}

function describePolicies(observed: ObservedRun, catalog: CatalogEntry[]): PolicyInfo[] {
  const byName = new Map(catalog.map((entry) => [entry.name, entry]));
  return (observed.analyzerInfo?.policies ?? []).map((policy) => {
    const entry = byName.get(policy.name);
    const level = observed.config?.[policy.name]?.enforcementLevel as EnforcementLevel | undefined;
    return {
      ...policy,
      enforcementLevel: level ?? policy.enforcementLevel,
      appliesTo: entry?.appliesTo,
      kind: entry?.kind,
    };
  });
}

function outcomesFromDiagnostics(
  observed: ObservedRun,
  policies: PolicyInfo[],
  typeOf: Map<string, string>,
  fallbackUrn: string,
): Outcome[] {
  // Event logs of older CLIs carry no severity: the policy's own metadata supplies it.
  const severityOf = new Map(policies.map((p) => [p.name, p.severity]));
  return observed.diagnostics.map((d) => {
    const urn = d.urn || fallbackUrn;
    return {
      policy: d.policyName,
      urn,
      resourceType: d.resourceType ?? typeOf.get(urn) ?? "pulumi:pulumi:Stack",
      status: DEFERRED_MARKER.test(d.message) ? "deferred" : "violation",
      enforcementLevel: d.enforcementLevel as EnforcementLevel,
      severity: (d.severity as Severity | undefined) ?? severityOf.get(d.policyName),
      message: d.message,
    };
  });
}

function outcomesFromNotApplicable(
  observed: ObservedRun,
  policies: PolicyInfo[],
  typeOf: Map<string, string>,
  fallbackUrn: string,
): Outcome[] {
  const policyByName = new Map(policies.map((p) => [p.name, p]));
  const outcome = (policy: string, urn: string, status: Outcome["status"], message: string): Outcome => ({
    policy,
    urn,
    resourceType: typeOf.get(urn) ?? "pulumi:pulumi:Stack",
    status,
    enforcementLevel: policyByName.get(policy)?.enforcementLevel ?? "advisory",
    severity: policyByName.get(policy)?.severity,
    message,
  });
  return observed.notApplicable.flatMap((entry) => {
    if (entry.urn) {
      const exempted = entry.reason.startsWith(EXEMPTED_PREFIX);
      return [outcome(entry.policyName, entry.urn, exempted ? "exempted" : "not-applicable", entry.reason)];
    }
    return parseStackNotes(entry.reason).map((note) =>
      note
        ? outcome(entry.policyName, note.urn, note.status, note.text)
        : outcome(entry.policyName, fallbackUrn, "not-applicable", entry.reason),
    );
  });
}

/** Parses a stack policy's notApplicable text: one `exempted <urn>: ...` or `deferred <urn>: ...` per line. */
export function parseStackNotes(
  reason: string,
): Array<{ urn: string; status: "exempted" | "deferred"; text: string } | undefined> {
  return reason.split("\n").map((line) => {
    const prefix = line.startsWith(STACK_EXEMPTED_LINE)
      ? STACK_EXEMPTED_LINE
      : line.startsWith(STACK_DEFERRED_LINE)
        ? STACK_DEFERRED_LINE
        : undefined;
    if (!prefix) return undefined;
    const rest = line.slice(prefix.length);
    const split = rest.indexOf(": ");
    if (split < 0) return undefined;
    return {
      urn: rest.slice(0, split),
      status: prefix === STACK_EXEMPTED_LINE ? "exempted" : "deferred",
      text:
        prefix === STACK_EXEMPTED_LINE
          ? `${EXEMPTED_PREFIX} ${rest.slice(split + 2)}`
          : rest.slice(split + 2),
    };
  });
}

/** The policies and resources that ran, as far as the source knows. */
function evaluatedPart(
  captured: CapturedStack,
  evaluated: ObservedRun["evaluated"],
): { resources: CapturedStack["resources"]; ran: (policy: string) => boolean } {
  const resources = evaluated?.resources && new Set(evaluated.resources);
  const policies = evaluated?.policies && new Set(evaluated.policies);
  return {
    resources: resources ? captured.resources.filter((r) => resources.has(r.urn)) : captured.resources,
    ran: (policy) => !policies || policies.has(policy),
  };
}

function compliantOutcomes(
  policies: PolicyInfo[],
  evaluated: ReturnType<typeof evaluatedPart>,
  reported: Outcome[],
): Outcome[] {
  const seen = new Set(reported.map((o) => `${o.policy}\u0000${o.urn}`));
  const compliant: Outcome[] = [];
  for (const policy of policies) {
    if (!policy.appliesTo || policy.enforcementLevel === "disabled" || !evaluated.ran(policy.name)) continue;
    const patterns = policy.appliesTo;
    const applies = (type: string) => typeMatches(patterns, type);
    for (const resource of evaluated.resources) {
      // Remote components are judged by the pack too (their inputs), so they count as evaluated.
      if (
        !(resource.custom || resource.remote) ||
        !applies(resource.type) ||
        seen.has(`${policy.name}\u0000${resource.urn}`)
      )
        continue;
      compliant.push({
        policy: policy.name,
        urn: resource.urn,
        resourceType: resource.type,
        status: "compliant",
        enforcementLevel: policy.enforcementLevel,
        severity: policy.severity,
      });
    }
  }
  return compliant;
}

function countRemoteComponents(captured: CapturedStack): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of captured.resources) if (r.remote) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

export function isBlocking(level: EnforcementLevel): boolean {
  return level === "mandatory" || level === "remediate";
}

function summarize(resources: number, outcomes: Outcome[], evaluatorFindings: number): Summary {
  const count = (predicate: (o: Outcome) => boolean) => outcomes.filter(predicate).length;
  return {
    resources,
    mandatoryViolations: count((o) => o.status === "violation" && isBlocking(o.enforcementLevel)),
    advisoryViolations: count((o) => o.status === "violation" && !isBlocking(o.enforcementLevel)),
    exempted: count((o) => o.status === "exempted"),
    deferred: count((o) => o.status === "deferred"),
    notApplicable: count((o) => o.status === "not-applicable"),
    compliant: count((o) => o.status === "compliant"),
    evaluatorFindings,
  };
}

/** Every exemption in the pack config, with its state today and how many outcomes it covered. */
function describeExemptions(observed: ObservedRun, outcomes: Outcome[], today: string): ExemptionRecord[] {
  const records: ExemptionRecord[] = [];
  for (const [policy, entry] of Object.entries(observed.config ?? {})) {
    const exemptions = Array.isArray(entry.properties.exemptions)
      ? (entry.properties.exemptions as Exemption[])
      : [];
    exemptions.forEach((exemption) => {
      const problem = exemptionProblem(exemption, today);
      const applied = outcomes.filter(
        (o) =>
          o.policy === policy &&
          o.status === "exempted" &&
          decideExemption([exemption], o.urn, today).kind === "applies",
      ).length;
      records.push({
        policy,
        urn: exemption.urn,
        urnPattern: exemption.urnPattern,
        reason: exemption.reason,
        ticket: exemption.ticket,
        expires: exemption.expires,
        findings: exemption.findings,
        state: problem === undefined ? "active" : problem.startsWith("it expired") ? "expired" : "invalid",
        applied,
      });
    });
  }
  return records;
}
