/** The auditor report in Markdown: evidence, PCI matrix, findings, exemptions, every outcome. */
import type { EvaluationResult } from "../results/model";
import { MATRIX_COLUMNS, OUTCOME_COLUMNS, auditView, matrixCells, outcomeCells } from "./audit-view";

const cell = (text: string | number | undefined) =>
  String(text ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");
const row = (cells: Array<string | number | undefined>) => `| ${cells.map(cell).join(" | ")} |`;
const table = (head: string[], rows: Array<Array<string | number | undefined>>) => [
  row(head),
  row(head.map(() => "---")),
  ...rows.map(row),
];

export function renderMarkdown(result: EvaluationResult): string {
  const view = auditView(result);
  const s = result.summary;
  const lines = [
    `# FinGuard compliance report: ${result.run.project} / ${result.run.stack}`,
    "",
    "## Evidence",
    "",
    ...table(["item", "value"], view.evidence),
    "",
    "## Summary",
    "",
    ...table(
      [
        "resources",
        "mandatory violations",
        "advisory violations",
        "exempted",
        "deferred",
        "compliant",
        "not applicable",
        "evaluator findings",
      ],
      [
        [
          s.resources,
          s.mandatoryViolations,
          s.advisoryViolations,
          s.exempted,
          s.deferred,
          s.compliant,
          s.notApplicable,
          s.evaluatorFindings,
        ],
      ],
    ),
    "",
    "## PCI DSS v4.0.1 requirement matrix",
    "",
    ...table(MATRIX_COLUMNS, view.matrix.map(matrixCells)),
    "",
    "## Findings",
    "",
    ...(view.findings.length === 0
      ? ["No violations."]
      : view.findings.flatMap((f) => [
          `### ${f.blocking ? "MANDATORY" : "ADVISORY"}: ${f.outcome.policy} on \`${f.outcome.urn}\``,
          "",
          `- Severity: ${f.outcome.severity ?? "n/a"}; PCI DSS: ${f.policy?.framework?.reference ?? "n/a"}`,
          `- Finding: ${f.outcome.message ?? ""}`,
          `- Remediation: ${f.policy?.remediationSteps ?? ""}`,
          "",
        ])),
    ...result.evaluatorFindings.flatMap((f) => [
      `- ${f.status.toUpperCase()} ${f.check} on \`${f.urn}\`: ${f.message}`,
    ]),
    "",
    "## Exemptions",
    "",
    ...(result.exemptions.length === 0
      ? ["No exemptions configured."]
      : table(
          ["policy", "target", "reason", "ticket", "expires", "state", "applied"],
          result.exemptions.map((e) => [
            e.policy,
            e.urn ?? e.urnPattern,
            e.reason,
            e.ticket ?? "",
            e.expires,
            e.state === "active" ? "active" : `**${e.state.toUpperCase()}**`,
            e.applied,
          ]),
        )),
    "",
    "## Deferred during preview",
    "",
    ...(view.deferred.length === 0
      ? ["Nothing deferred."]
      : view.deferred.map((o) => `- ${o.policy} on \`${o.urn}\`: ${o.message ?? ""}`)),
    "",
    "## All outcomes",
    "",
    ...table(OUTCOME_COLUMNS, result.outcomes.map(outcomeCells)),
    "",
    ...(result.errors.length > 0
      ? ["## Errors", "", ...result.errors.map((e) => `- ${e.stage}: ${e.message}`), ""]
      : []),
  ];
  return lines.join("\n");
}
