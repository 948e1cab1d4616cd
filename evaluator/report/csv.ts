/** CSV, one row per policy x resource outcome (RFC 4180 quoting), for spreadsheets and audits. */
import type { EvaluationResult } from "../results/model";
import { everyOutcome } from "./audit-view";

export const CSV_COLUMNS = [
  "project",
  "stack",
  "policy",
  "status",
  "enforcement_level",
  "severity",
  "pci_reference",
  "resource_urn",
  "resource_type",
  "message",
] as const;

const quote = (value: string | undefined) => {
  const text = value ?? "";
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function renderCsv(result: EvaluationResult): string {
  const pci = new Map(result.policies.map((p) => [p.name, p.framework?.reference]));
  const rows = everyOutcome(result).map((o) => [
    o.policy,
    o.status,
    o.enforcementLevel,
    o.severity,
    pci.get(o.policy),
    o.urn,
    o.resourceType,
    o.message,
  ]);
  return [
    CSV_COLUMNS.join(","),
    ...rows.map((r) => [result.run.project, result.run.stack, ...r].map(quote).join(",")),
    "",
  ].join("\r\n");
}
