/**
 * Attribute-based access control with session tags: the tag keys, the trust conditions that
 * force callers to present them, and the condition blocks that compare them with resource tags.
 */
import type { PolicyConditions, RoleTrust, ScenarioContext } from "../components";

export const SESSION_TAG_KEYS = ["Environment", "DataClassification", "CostCenter"] as const;

/** `${aws:PrincipalTag/<key>}`: an IAM policy variable (not a TypeScript template). */
export function principalTag(key: string): string {
  return "${aws:PrincipalTag/" + key + "}";
}

/**
 * Same-account trust for sts:AssumeRole + sts:TagSession that requires all three session tags,
 * pins Environment to this stack's environment and allows no other tag keys.
 */
export function abacTrust(ctx: ScenarioContext, options: { requireMfa: boolean }): RoleTrust {
  const conditions: PolicyConditions = {
    StringEquals: { "aws:RequestTag/Environment": ctx.tags.Environment },
    Null: Object.fromEntries(SESSION_TAG_KEYS.map((k) => [`aws:RequestTag/${k}`, "false"])),
    "ForAllValues:StringEquals": { "aws:TagKeys": [...SESSION_TAG_KEYS] },
  };
  if (options.requireMfa) conditions.Bool = { "aws:MultiFactorAuthPresent": "true" };
  return { sameAccount: true, actions: ["sts:AssumeRole", "sts:TagSession"], conditions };
}

/** `aws:ResourceTag/<key>` must equal the caller's session tag, for every ABAC key. */
export function resourceTagsMatchSession(prefix = "aws:ResourceTag"): Record<string, string> {
  return Object.fromEntries(SESSION_TAG_KEYS.map((k) => [`${prefix}/${k}`, principalTag(k)]));
}
