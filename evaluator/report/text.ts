/** The terminal summary: what blocks first, then what was waived or deferred, then the counts. */
import { isBlocking } from "../results/build";
import type { EvaluationResult, Outcome } from "../results/model";

const STATUS_ORDER: Outcome["status"][] = ["violation", "exempted", "deferred"];

export function renderText(result: EvaluationResult): string {
  const lines: string[] = [header(result), counts(result)];
  const pciOf = new Map(result.policies.map((p) => [p.name, p.framework?.reference]));
  const notable = result.outcomes
    .filter((o) => STATUS_ORDER.includes(o.status))
    .sort((a, b) => rank(a) - rank(b) || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
  for (const outcome of notable) {
    lines.push(
      `  ${label(outcome).padEnd(10)} ${outcome.policy} [PCI ${pciOf.get(outcome.policy) ?? "-"}] ${shortUrn(outcome.urn)}`,
    );
    if (outcome.message) lines.push(`             ${outcome.message}`);
  }
  for (const finding of result.evaluatorFindings) {
    lines.push(
      `  ${(finding.status === "violation" ? finding.enforcementLevel.toUpperCase() : "EXEMPTED").padEnd(10)} ${finding.check} (evaluator) ${shortUrn(finding.urn)}`,
    );
    lines.push(`             ${finding.message}`);
  }
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  for (const error of result.errors) lines.push(`  ERROR (${error.stage}): ${error.message}`);
  return lines.join("\n") + "\n";
}

function header(result: EvaluationResult): string {
  return `${result.run.project} / ${result.run.stack}  (pack ${result.pack.name}@${result.pack.version}, ${result.summary.resources} resources)`;
}

function counts(result: EvaluationResult): string {
  const s = result.summary;
  const verdict = result.errors.length > 0 ? "ERROR" : s.mandatoryViolations > 0 ? "FAIL" : "PASS";
  const decided = result.outcomes.length - s.deferred;
  return (
    `  ${verdict}: ${s.mandatoryViolations} mandatory and ${s.advisoryViolations} advisory violations, ` +
    `${s.exempted} exempted, ${s.deferred} deferred, ${s.compliant} compliant, ${s.notApplicable} not applicable; ` +
    `${decided}/${result.outcomes.length} policy-resource evaluations decided during preview`
  );
}

function rank(outcome: Outcome): number {
  if (outcome.status === "violation") return isBlocking(outcome.enforcementLevel) ? 0 : 1;
  return 1 + STATUS_ORDER.indexOf(outcome.status);
}

function label(outcome: Outcome): string {
  if (outcome.status === "violation") return outcome.enforcementLevel.toUpperCase();
  return outcome.status.toUpperCase();
}

/** `type::name` is what a person recognises; the full URN stays in the JSON. */
function shortUrn(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? `${parts[2].split("$").pop()}::${parts.slice(3).join("::")}` : urn;
}
