/**
 * SARIF 2.1.0 for code scanning. Rules carry each policy's metadata; every outcome is a result
 * (kind pass / fail / notApplicable / review), and exempted findings stay in the log as suppressed
 * results with their justification, as checkov does, so a waiver is never invisible.
 */
import { createHash } from "node:crypto";
import type * as Sarif from "sarif";
import { isBlocking } from "../results/build";
import type { EvaluationResult, Outcome, PolicyInfo, Severity } from "../results/model";
import { everyOutcome } from "./audit-view";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's security-severity scale: critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low < 4.0. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

export function renderSarif(result: EvaluationResult): string {
  const rules = result.policies.map(ruleOf);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "FinGuard",
            version: result.tool.version,
            semanticVersion: result.pack.version,
            informationUri: "https://github.com/finguard/finguard",
            rules,
          },
        },
        automationDetails: { id: `finguard/${result.run.project}/${result.run.stack}/` },
        results: everyOutcome(result).map((o) => resultOf(o, ruleIndex)),
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            startTimeUtc: result.run.startedAt,
            endTimeUtc: result.run.finishedAt,
            toolExecutionNotifications: [
              ...result.errors.map((e) => ({
                level: "error" as const,
                message: { text: `${e.stage}: ${e.message}` },
              })),
              ...result.warnings.map((w) => ({ level: "warning" as const, message: { text: w } })),
            ],
          },
        ],
        properties: {
          configDigest: result.run.configDigest,
          stack: result.run.stack,
          project: result.run.project,
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

function ruleOf(policy: PolicyInfo): Sarif.ReportingDescriptor {
  return {
    id: policy.name,
    name: policy.displayName ?? policy.name,
    shortDescription: { text: policy.displayName ?? policy.name },
    fullDescription: { text: policy.description },
    helpUri: policy.url,
    help: { text: policy.remediationSteps ?? policy.description },
    defaultConfiguration: { level: policy.enforcementLevel === "mandatory" ? "error" : "warning" },
    properties: {
      tags: [...(policy.tags ?? []), "security"],
      "security-severity": SECURITY_SEVERITY[policy.severity ?? "medium"],
      precision: "high",
      pci: policy.framework?.reference,
    },
  };
}

function resultOf(outcome: Outcome, ruleIndex: Map<string, number>): Sarif.Result {
  const sarifResult: Sarif.Result = {
    ruleId: outcome.policy,
    ruleIndex: ruleIndex.get(outcome.policy),
    kind: kindOf(outcome),
    level: levelOf(outcome),
    message: { text: outcome.message ?? `${outcome.policy}: ${outcome.status}` },
    locations: [
      {
        logicalLocations: [
          { fullyQualifiedName: outcome.urn, kind: "resource", name: outcome.urn.split("::").pop() },
        ],
      },
    ],
    partialFingerprints: {
      "finguardOutcome/v1": createHash("sha256").update(`${outcome.policy}\0${outcome.urn}`).digest("hex"),
    },
    properties: {
      status: outcome.status,
      resourceType: outcome.resourceType,
      enforcementLevel: outcome.enforcementLevel,
    },
  };
  if (outcome.status === "exempted") {
    sarifResult.suppressions = [{ kind: "external", status: "accepted", justification: outcome.message }];
  }
  return sarifResult;
}

function kindOf(outcome: Outcome): Sarif.Result.kind {
  switch (outcome.status) {
    case "violation":
    case "exempted":
      return "fail";
    case "compliant":
      return "pass";
    case "not-applicable":
      return "notApplicable";
    case "deferred":
      return "review";
  }
}

function levelOf(outcome: Outcome): Sarif.Result.level {
  if (outcome.status !== "violation" && outcome.status !== "exempted") return "none";
  if (isBlocking(outcome.enforcementLevel)) return "error";
  return outcome.severity === "low" ? "note" : "warning";
}
