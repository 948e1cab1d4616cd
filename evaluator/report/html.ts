/**
 * The auditor report as one self-contained HTML file: inline CSS, no scripts, no network at view
 * time. Same content as the Markdown report (both come from audit-view.ts).
 */
import type { EvaluationResult } from "../results/model";
import { MATRIX_COLUMNS, OUTCOME_COLUMNS, auditView, matrixCells, outcomeCells } from "./audit-view";

const escape = (text: string | number | undefined) =>
  String(text ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

function table(
  id: string,
  head: string[],
  rows: Array<Array<string | number | undefined>>,
  rowClass?: (i: number) => string,
): string {
  const body = rows
    .map(
      (r, i) =>
        `<tr${rowClass ? ` class="${rowClass(i)}"` : ""}>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table id="${id}"><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d2330;max-width:1200px}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}.pass{color:#116329}.fail{background:#ffebe9}.expired{background:#fff4d6}.verdict{font-weight:700;font-size:1.1rem}
code{font-size:12px;word-break:break-all}`;

export function renderHtml(result: EvaluationResult): string {
  const view = auditView(result);
  const s = result.summary;
  const verdict = result.errors.length > 0 ? "ERROR" : s.mandatoryViolations > 0 ? "FAIL" : "PASS";
  const findings = view.findings.map(
    (f) =>
      `<li class="${f.blocking ? "fail" : ""}"><strong>${f.blocking ? "MANDATORY" : "ADVISORY"}</strong> ${escape(f.outcome.policy)} ` +
      `on <code>${escape(f.outcome.urn)}</code><br>${escape(f.outcome.message)}<br><em>PCI DSS ${escape(f.policy?.framework?.reference)}; ` +
      `remediation:</em> ${escape(f.policy?.remediationSteps)}</li>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>FinGuard report: ${escape(result.run.project)} / ${escape(result.run.stack)}</title>
<style>${STYLE}</style></head><body>
<h1>FinGuard compliance report: ${escape(result.run.project)} / ${escape(result.run.stack)}</h1>
<p class="verdict" id="verdict">${verdict}: ${s.mandatoryViolations} mandatory and ${s.advisoryViolations} advisory violations, ${s.exempted} exempted, ${s.deferred} deferred, ${s.compliant} compliant (${s.resources} resources)</p>
<h2>Evidence</h2>
${table("evidence", ["item", "value"], view.evidence)}
<h2>PCI DSS v4.0.1 requirement matrix</h2>
${table("pci-matrix", MATRIX_COLUMNS, view.matrix.map(matrixCells), (i) =>
  view.matrix[i].fail > 0 ? "fail" : "pass",
)}
<h2>Findings</h2>
${findings.length > 0 ? `<ul id="findings">${findings.join("\n")}</ul>` : `<p id="findings">No violations.</p>`}
${
  result.evaluatorFindings.length > 0
    ? table(
        "evaluator-findings",
        ["check", "resource", "status", "message"],
        result.evaluatorFindings.map((f) => [f.check, f.urn, f.status, f.message]),
      )
    : ""
}
<h2>Exemptions</h2>
${table(
  "exemptions",
  ["policy", "target", "reason", "ticket", "expires", "state", "applied"],
  result.exemptions.map((e) => [
    e.policy,
    e.urn ?? e.urnPattern,
    e.reason,
    e.ticket,
    e.expires,
    e.state,
    e.applied,
  ]),
  (i) => (result.exemptions[i].state === "active" ? "" : "expired"),
)}
<h2>Deferred during preview</h2>
${table(
  "deferred",
  ["policy", "resource", "message"],
  view.deferred.map((o) => [o.policy, o.urn, o.message]),
)}
<h2>All outcomes</h2>
${table("outcomes", OUTCOME_COLUMNS, result.outcomes.map(outcomeCells))}
${
  result.errors.length > 0
    ? `<h2>Errors</h2>${table(
        "errors",
        ["stage", "message"],
        result.errors.map((e) => [e.stage, e.message]),
      )}`
    : ""
}
</body></html>
`;
}
