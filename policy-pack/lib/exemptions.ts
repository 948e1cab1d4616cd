/**
 * Exemptions: a policy's config may list resources it does not apply to, each with a reason and
 * an expiry, so a waiver is always justified, visible and temporary.
 *
 * An exemption that applies is reported through `notApplicable` with its reason (never silent).
 * One that is expired or has no reason does not apply, and the violation says why.
 */

export interface Exemption {
  /** Exact resource URN. */
  urn?: string;
  /** Glob over the URN: `*` matches any run of characters, `?` one character. */
  urnPattern?: string;
  /** Why the violation is accepted. Required. */
  reason: string;
  /** Last day (UTC, YYYY-MM-DD) on which the exemption applies. Required. */
  expires: string;
  /** Change or risk ticket that approved it. */
  ticket?: string;
  /** Restrict to some finding ids of the policy (e.g. `Action::s3:*`); all findings when absent. */
  findings?: string[];
}

/** JSON schema of the `exemptions` property every FinGuard policy accepts. */
export const EXEMPTIONS_SCHEMA = {
  type: "array",
  default: [],
  description: "Resources this policy does not apply to, each with a reason and an expiry.",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["reason", "expires"],
    anyOf: [{ required: ["urn"] }, { required: ["urnPattern"] }],
    properties: {
      urn: { type: "string", minLength: 1 },
      urnPattern: { type: "string", minLength: 1 },
      reason: { type: "string", minLength: 1, maxLength: 2048 },
      expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
      ticket: { type: "string" },
      findings: { type: "array", items: { type: "string", minLength: 1 } },
    },
  },
};

/** Prefix of every notApplicable reason that records an applied exemption (the evaluator parses it). */
export const EXEMPTED_PREFIX = "exempted:";

export type ExemptionDecision =
  | { kind: "applies"; exemption: Exemption }
  | { kind: "rejected"; exemption: Exemption; problem: string }
  | { kind: "none" };

/** Decides whether a finding of a policy on a resource is exempted, on `today` (YYYY-MM-DD). */
export function decideExemption(
  exemptions: readonly Exemption[],
  urn: string,
  today: string,
  findingId?: string,
): ExemptionDecision {
  let rejected: ExemptionDecision = { kind: "none" };
  for (const exemption of exemptions) {
    if (!matchesUrn(exemption, urn) || !matchesFinding(exemption, findingId)) continue;
    const problem = exemptionProblem(exemption, today);
    if (!problem) return { kind: "applies", exemption };
    rejected = { kind: "rejected", exemption, problem };
  }
  return rejected;
}

function matchesUrn(exemption: Exemption, urn: string): boolean {
  if (exemption.urn !== undefined && exemption.urn === urn) return true;
  return exemption.urnPattern !== undefined && globToRegExp(exemption.urnPattern).test(urn);
}

function matchesFinding(exemption: Exemption, findingId: string | undefined): boolean {
  if (!exemption.findings || exemption.findings.length === 0) return true;
  return findingId !== undefined && exemption.findings.includes(findingId);
}

/** Why an exemption must not apply, or undefined when it is valid. */
export function exemptionProblem(exemption: Exemption, today: string): string | undefined {
  if (typeof exemption.reason !== "string" || exemption.reason.trim() === "") {
    return "it has no reason";
  }
  if (typeof exemption.expires !== "string" || !isIsoDate(exemption.expires)) {
    return `its expiry '${String(exemption.expires)}' is not a YYYY-MM-DD date`;
  }
  if (exemption.expires < today) return `it expired on ${exemption.expires}`;
  return undefined;
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const globCache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let compiled = globCache.get(glob);
  if (!compiled) {
    const body = glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    compiled = new RegExp(`^${body}$`);
    globCache.set(glob, compiled);
  }
  return compiled;
}

/** Human-readable, parseable text for an applied exemption. */
export function describeExemption(exemption: Exemption): string {
  const ticket = exemption.ticket ? ` [ticket ${exemption.ticket}]` : "";
  return `${exemption.reason}${ticket} (expires ${exemption.expires})`;
}

/** What a violation message adds when a matching exemption was refused. */
export function describeRejection(decision: ExemptionDecision): string {
  return decision.kind === "rejected"
    ? ` Exemption not applied because ${decision.problem}: "${decision.exemption.reason ?? ""}".`
    : "";
}

/**
 * The evaluation date: today in UTC, or FINGUARD_EVALUATION_DATE (YYYY-MM-DD) so an audit can be
 * reproduced as of a given day.
 */
export function evaluationDate(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const override = env.FINGUARD_EVALUATION_DATE;
  if (override && isIsoDate(override)) return override;
  return now.toISOString().slice(0, 10);
}

let todayCache: { at: number; day: string } | undefined;

/** evaluationDate() for the pack's hot path: recomputed at most once a minute. */
export function currentEvaluationDate(): string {
  const now = Date.now();
  if (!todayCache || now - todayCache.at > 60_000) todayCache = { at: now, day: evaluationDate() };
  return todayCache.day;
}
