/**
 * What the auditor reports (Markdown and HTML) show, computed once from the results model so the
 * two formats cannot disagree: the evidence header, the PCI DSS requirement matrix, the findings
 * with their remediation, and the exemptions.
 */
import { PCI_REQUIREMENTS } from "@finguard/aws-pci-policies/bin/library";
import { isBlocking } from "../results/build";
import type { EvaluationResult, Outcome, PolicyInfo } from "../results/model";

export interface MatrixRow {
  requirement: string;
  title: string;
  policies: string[];
  pass: number;
  fail: number;
  exempt: number;
  deferred: number;
}

export interface Finding {
  outcome: Outcome;
  policy?: PolicyInfo;
  blocking: boolean;
}

export interface AuditView {
  evidence: Array<[string, string]>;
  matrix: MatrixRow[];
  findings: Finding[];
  deferred: Outcome[];
}

export function auditView(result: EvaluationResult): AuditView {
  const policies = new Map(result.policies.map((p) => [p.name, p]));
  return {
    evidence: evidence(result),
    matrix: pciMatrix(result),
    findings: result.outcomes
      .filter((o) => o.status === "violation")
      .map((outcome) => ({
        outcome,
        policy: policies.get(outcome.policy),
        blocking: isBlocking(outcome.enforcementLevel),
      }))
      .sort(
        (a, b) => Number(b.blocking) - Number(a.blocking) || a.outcome.policy.localeCompare(b.outcome.policy),
      ),
    deferred: result.outcomes.filter((o) => o.status === "deferred"),
  };
}

function evidence(result: EvaluationResult): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ["Policy pack", `${result.pack.name} ${result.pack.version}`],
    ["Config digest (sha256)", result.run.configDigest ?? "n/a"],
    ["Source", result.run.source],
    ["Program", result.run.program ?? "n/a"],
    ["Project / stack", `${result.run.project} / ${result.run.stack}`],
    ["Evaluated", `${result.run.startedAt} to ${result.run.finishedAt}`],
    ["Git commit", result.run.gitCommit ?? "unknown"],
    ["Tool", `${result.tool.name} ${result.tool.version}`],
  ];
  const remote = Object.entries(result.run.remoteComponents ?? {});
  if (remote.length > 0) {
    rows.push([
      "Not evaluated offline",
      remote.map(([type, n]) => `${n} x ${type} (remote component children)`).join("; "),
    ]);
  }
  // Warnings qualify the evidence (unanswered invokes, cut-off logs): auditors see them beside it.
  for (const warning of result.warnings) rows.push(["Warning", warning]);
  return rows;
}

/** Requirement -> policies citing it -> outcome counts, in requirement order. */
export function pciMatrix(result: EvaluationResult): MatrixRow[] {
  const rows = new Map<string, MatrixRow>();
  for (const policy of result.policies) {
    for (const requirement of (policy.framework?.reference ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean)) {
      const row = rows.get(requirement) ?? {
        requirement,
        title: (PCI_REQUIREMENTS as Record<string, string>)[requirement] ?? "",
        policies: [],
        pass: 0,
        fail: 0,
        exempt: 0,
        deferred: 0,
      };
      row.policies.push(policy.name);
      rows.set(requirement, row);
    }
  }
  for (const outcome of result.outcomes) {
    for (const row of rows.values()) {
      if (!row.policies.includes(outcome.policy)) continue;
      if (outcome.status === "compliant") row.pass++;
      else if (outcome.status === "violation") row.fail++;
      else if (outcome.status === "exempted") row.exempt++;
      else if (outcome.status === "deferred") row.deferred++;
    }
  }
  return [...rows.values()].sort((a, b) => compareRequirement(a.requirement, b.requirement));
}

function compareRequirement(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Table columns and cells shared by the Markdown and HTML reports. */
export const MATRIX_COLUMNS = ["requirement", "title", "policies", "pass", "fail", "exempt", "deferred"];

export function matrixCells(m: MatrixRow): Array<string | number> {
  return [m.requirement, m.title, m.policies.join(", "), m.pass, m.fail, m.exempt, m.deferred];
}

export const OUTCOME_COLUMNS = ["policy", "resource", "type", "status", "level", "message"];

export function outcomeCells(o: Outcome): Array<string | undefined> {
  return [o.policy, o.urn, o.resourceType, o.status, o.enforcementLevel, o.message];
}

/** Policy outcomes plus the evaluator's own findings, as one list of outcomes. */
export function everyOutcome(result: EvaluationResult): Outcome[] {
  return [
    ...result.outcomes,
    ...result.evaluatorFindings.map((f) => ({
      policy: f.check,
      urn: f.urn,
      resourceType: f.resourceType,
      status: f.status,
      enforcementLevel: f.enforcementLevel,
      message: f.message,
    })),
  ];
}
