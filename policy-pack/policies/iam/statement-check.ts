/**
 * The one loop every document policy shares: walk a resource's documents and their statements,
 * report malformed documents, skip explicit denies (they only ever narrow access), decide what is
 * known, and defer only when nothing was found and something unknown could still hide a problem.
 */
import { describeStatement, type Statement } from "../../lib/iam-document";
import type { Finding } from "../../lib/policy";
import { undecidable } from "../../lib/values";
import type { Audience, LocatedDocument } from "./document-locations";

export interface StatementContext {
  location: string;
  audience: Audience;
  statement: Statement;
}

/** What a policy concluded about one statement: findings, and element names it could not decide. */
export interface StatementVerdict {
  findings: Finding[];
  undecided: string[];
}

export const verdict = (findings: Finding[] = [], undecided: string[] = []): StatementVerdict => ({
  findings,
  undecided,
});

export interface DocumentCheck {
  audiences: readonly Audience[];
  /** Deny statements are skipped unless the policy checks spelling rather than grants. */
  includeDeny?: boolean;
  inspect(context: StatementContext): StatementVerdict;
}

export function checkDocuments(documents: readonly LocatedDocument[], check: DocumentCheck): Finding[] {
  const findings: Finding[] = [];
  const undecided: string[] = [];
  for (const { location, audience, document } of documents) {
    if (!check.audiences.includes(audience)) continue;
    if (document.kind === "unknown") undecided.push(location);
    if (document.kind === "malformed") findings.push(malformedFinding(location, document.problems));
    if (document.kind !== "parsed") continue;
    if (document.unknownStatements) undecided.push(`${location}.Statement`);
    for (const statement of document.statements) {
      if (statement.effect === "Deny" && !check.includeDeny) continue;
      const result = check.inspect({ location, audience, statement });
      const at = `${location}.Statement[${statement.index}]`;
      // A grant found in a statement whose Effect is unknown may turn out to be a Deny.
      if (statement.effect === "unknown" && !check.includeDeny) {
        if (result.findings.length > 0) undecided.push(`${at}.Effect`);
      } else {
        findings.push(...result.findings);
      }
      undecided.push(...result.undecided.map((element) => `${at}.${element}`));
    }
  }
  return decide(findings, undecided);
}

/** Findings win over deferral: a resource already known to violate is reported during preview. */
export function decide(findings: Finding[], undecided: readonly string[]): Finding[] {
  if (findings.length === 0 && undecided.length > 0) return undecidable(undecided[0]);
  return findings;
}

function malformedFinding(location: string, problems: readonly string[]): Finding {
  return {
    id: `Malformed::${location}`,
    message:
      `'${location}' is not a valid IAM policy document: ${problems.slice(0, 5).join("; ")}. ` +
      "AWS rejects it and this policy cannot verify it: fix the document.",
  };
}

/** `'policy' Statement[0] (Sid "Read")`: where a finding is, for messages. */
export function where({ location, statement }: StatementContext): string {
  return `'${location}' ${describeStatement(statement)}`;
}

export function listed(values: readonly string[], limit = 5): string {
  const shown = values.slice(0, limit).join(", ");
  return values.length > limit ? `${shown} (+${values.length - limit} more)` : shown;
}
