/**
 * JUnit XML for CI dashboards: one test suite per policy, one test case per resource it
 * evaluated. Violations fail; exempted, deferred and not-applicable outcomes are skipped with
 * the reason, so the suite still shows full coverage.
 */
import type { EvaluationResult, Outcome } from "../results/model";
import { everyOutcome } from "./audit-view";

const xml = (text: string | number | undefined) =>
  String(text ?? "")
    .replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
    )
    // XML 1.0 forbids most control characters even when escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function renderJunit(result: EvaluationResult): string {
  const outcomes = everyOutcome(result);
  const byPolicy = new Map<string, Outcome[]>();
  for (const outcome of outcomes)
    byPolicy.set(outcome.policy, [...(byPolicy.get(outcome.policy) ?? []), outcome]);
  const suites = [...byPolicy].map(([policy, cases]) => suite(`${result.run.stack}.${policy}`, cases));
  const failures = outcomes.filter((o) => o.status === "violation").length;
  const skipped = outcomes.filter((o) => !["violation", "compliant"].includes(o.status)).length;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="finguard ${xml(result.run.project)}/${xml(result.run.stack)}" tests="${outcomes.length}" failures="${failures}" errors="${result.errors.length}" skipped="${skipped}">`,
    ...suites,
    // Warnings (remote components not evaluated offline, unanswered invokes) qualify every suite.
    ...(result.warnings.length > 0
      ? [
          `  <testsuite name="${xml(result.run.stack)}.warnings" tests="0"><system-out>${xml(result.warnings.join("\n"))}</system-out></testsuite>`,
        ]
      : []),
    ...result.errors.map(
      (e) =>
        `  <testsuite name="${xml(result.run.stack)}.errors" tests="1" errors="1"><testcase name="${xml(e.stage)}" classname="finguard"><error message="${xml(e.message)}"/></testcase></testsuite>`,
    ),
    `</testsuites>`,
    "",
  ].join("\n");
}

function suite(name: string, cases: Outcome[]): string {
  const failures = cases.filter((c) => c.status === "violation").length;
  const skipped = cases.filter((c) => !["violation", "compliant"].includes(c.status)).length;
  return [
    `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases.map(testCase),
    `  </testsuite>`,
  ].join("\n");
}

function testCase(outcome: Outcome): string {
  const open = `    <testcase name="${xml(outcome.urn)}" classname="${xml(outcome.policy)}">`;
  switch (outcome.status) {
    case "compliant":
      return `    <testcase name="${xml(outcome.urn)}" classname="${xml(outcome.policy)}"/>`;
    case "violation":
      return `${open}<failure message="${xml(outcome.message)}" type="${xml(outcome.enforcementLevel)}">${xml(outcome.resourceType)}</failure></testcase>`;
    default:
      return `${open}<skipped message="${xml(`${outcome.status}: ${outcome.message ?? ""}`)}"/></testcase>`;
  }
}
