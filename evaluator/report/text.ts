/** The terminal summary: what blocks first, then what was waived or deferred, then the counts. */
import { isBlocking } from "../results/build";
import type { EvaluationResult, EvaluatorFinding, Outcome } from "../results/model";

const STATUS_ORDER: Outcome["status"][] = ["violation", "exempted", "deferred"];
const INDENT = "             ";

export interface TextOptions {
  /** At most this many findings are listed (the terminal's view when full reports are written). */
  limit?: number;
  /** The report holding every finding, named when some were left out. */
  fullReport?: string;
}

/** One listed finding: a policy outcome or an evaluator check, with its sort rank. */
interface Entry {
  rank: number;
  name: string;
  urn: string;
  lines: string[];
}

export function renderText(result: EvaluationResult, options: TextOptions = {}): string {
  const entries = [...outcomeEntries(result), ...result.evaluatorFindings.map(findingEntry)].sort(
    (a, b) => a.rank - b.rank || a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn),
  );
  const shown = options.limit === undefined ? entries : entries.slice(0, options.limit);
  const lines: string[] = [header(result), counts(result), ...shown.flatMap((entry) => entry.lines)];
  if (shown.length < entries.length) {
    const where = options.fullReport ? `: all are in ${options.fullReport}` : "";
    lines.push(`  ... and ${entries.length - shown.length} more${where}`);
  }
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  for (const error of result.errors) lines.push(`  ERROR (${error.stage}): ${error.message}`);
  return lines.join("\n") + "\n";
}

function outcomeEntries(result: EvaluationResult): Entry[] {
  const pciOf = new Map(result.policies.map((p) => [p.name, p.framework?.reference]));
  return result.outcomes
    .filter((o) => STATUS_ORDER.includes(o.status))
    .map((outcome) => ({
      rank: rank(outcome),
      name: outcome.policy,
      urn: outcome.urn,
      lines: [
        `  ${label(outcome).padEnd(10)} ${outcome.policy} [PCI ${pciOf.get(outcome.policy) ?? "-"}] ${shortUrn(outcome.urn)}`,
        ...(outcome.message ? [indented(outcome.message)] : []),
      ],
    }));
}

function findingEntry(finding: EvaluatorFinding): Entry {
  const violation = finding.status === "violation";
  return {
    rank: violation ? (isBlocking(finding.enforcementLevel) ? 0 : 1) : 2,
    name: finding.check,
    urn: finding.urn,
    lines: [
      `  ${(violation ? finding.enforcementLevel.toUpperCase() : "EXEMPTED").padEnd(10)} ${finding.check} (evaluator) ${shortUrn(finding.urn)}`,
      indented(finding.message),
    ],
  };
}

/** Messages often span lines (the policy's description, then the finding): keep them all under the entry. */
function indented(message: string): string {
  return INDENT + message.split("\n").join(`\n${INDENT}`);
}

function header(result: EvaluationResult): string {
  return `${result.run.project} / ${result.run.stack}  (pack ${result.pack.name}@${result.pack.version}, ${result.summary.resources} resources)`;
}

function counts(result: EvaluationResult): string {
  const s = result.summary;
  const verdict = result.errors.length > 0 ? "ERROR" : s.mandatoryViolations > 0 ? "FAIL" : "PASS";
  const decided = result.outcomes.length - s.deferred;
  // A state export holds deployed values: nothing is pending a preview there.
  const when = result.run.source === "state-export" ? "" : " during preview";
  return (
    `  ${verdict}: ${s.mandatoryViolations} mandatory and ${s.advisoryViolations} advisory violations, ` +
    `${s.exempted} exempted, ${s.deferred} deferred, ${s.compliant} compliant, ${s.notApplicable} not applicable; ` +
    `${decided}/${result.outcomes.length} policy-resource evaluations decided${when}`
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
