/**
 * No resource or trust policy grants to everyone (PCI DSS 7.3.1, 7.2.1, 7.3.3, 8.2.2): a wildcard
 * principal (`"*"` or `{"AWS": "*"}`) is allowed only when a condition scopes who can use it, on
 * a key that identifies the caller or its origin (aws:SourceArn, aws:SourceAccount,
 * aws:PrincipalOrgID...). aws:SecureTransport, aws:SourceIp and the like say how a request
 * arrives, not who sends it, so they do not count. An Allow with NotPrincipal grants everyone but
 * the listed principals. Lambda permissions are the same grant in another shape
 * (`principal: "*"` scoped by sourceArn, sourceAccount or principalOrgId).
 */
import { readStringArray, type RawConfig } from "../../lib/config";
import { isAnyonePrincipal, type ConditionEntry, type Conditions } from "../../lib/iam-document";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import type { Props } from "../../lib/values";
import { documentsOf, typesWithDocuments } from "./document-locations";
import {
  checkDocuments,
  listed,
  verdict,
  where,
  type StatementContext,
  type StatementVerdict,
} from "./statement-check";

export interface NoPublicPrincipalConfig {
  /** Lower-cased condition keys that scope a wildcard principal. */
  scopingConditionKeys: ReadonlySet<string>;
}

export const DEFAULT_SCOPING_CONDITION_KEYS = [
  "aws:SourceArn",
  "aws:SourceAccount",
  "aws:SourceOwner",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:PrincipalArn",
  "aws:PrincipalAccount",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "kms:CallerAccount",
];

const SCOPING_OPERATORS =
  /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;
const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";
const LAMBDA_SCOPING_INPUTS = ["sourceArn", "sourceAccount", "principalOrgId"];

/**
 * A condition that narrows who matches: a positive operator (an `IfExists` variant passes requests
 * without the key, a negated one matches everyone else) with values that are not just `*`.
 * Unknown values are other resources' outputs (ARNs, account ids), so they scope.
 */
function scopes(entry: ConditionEntry, keys: ReadonlySet<string>): boolean {
  if (!keys.has(entry.key) || !SCOPING_OPERATORS.test(entry.operator)) return false;
  const { known, unknown } = entry.values;
  return unknown || (known.length > 0 && known.every((value) => value.replace(/[*?]/g, "") !== ""));
}

function scopedBy(condition: Conditions, keys: ReadonlySet<string>): boolean {
  return condition.entries.some((entry) => scopes(entry, keys));
}

function inspectPrincipals(context: StatementContext, config: NoPublicPrincipalConfig): StatementVerdict {
  const { principal, notPrincipal, condition } = context.statement;
  if (notPrincipal) {
    return verdict([
      {
        id: "NotPrincipal",
        message:
          `${where(context)} allows everyone except NotPrincipal [${listed(notPrincipal.entries.map((e) => e.value)) || "unknown"}]; ` +
          "expected an explicit Principal.",
      },
    ]);
  }
  if (!principal) return verdict();
  const anyone = principal.entries.some(isAnyonePrincipal);
  // Unknown identifiers are other resources' outputs (ARNs), never "*"; an unknown element could be anything.
  if (!anyone) return verdict([], principal.opaque ? ["Principal"] : []);
  if (scopedBy(condition, config.scopingConditionKeys)) return verdict();
  if (condition.unknown) return verdict([], ["Condition"]);
  const shown = principal.entries.find(isAnyonePrincipal)?.type === "*" ? '"*"' : '{"AWS": "*"}';
  return verdict([
    {
      id: "Principal::*",
      message:
        `${where(context)} allows Principal ${shown} without a condition that scopes the caller; ` +
        "expected specific principals, or a condition on the caller such as aws:SourceArn, aws:SourceAccount or " +
        "aws:PrincipalOrgID (aws:SecureTransport or aws:SourceIp alone do not identify the caller).",
    },
  ]);
}

function checkLambdaPermission(props: Props): Finding[] {
  const principal = props.principal;
  if (typeof principal !== "string") {
    return [
      {
        id: "Malformed::principal",
        message: `'principal' must be a string, got ${JSON.stringify(principal)}.`,
      },
    ];
  }
  // An unknown principal is another resource's output (an account id or ARN), never "*".
  if (principal !== "*") return [];
  if (LAMBDA_SCOPING_INPUTS.some((key) => typeof props[key] === "string" && props[key] !== "")) return [];
  return [
    {
      id: "Principal::*",
      message:
        "'principal' is \"*\" without sourceArn, sourceAccount or principalOrgId: anyone may invoke the function; " +
        "expected a service or account principal, or one of those inputs set.",
    },
  ];
}

export const iamNoPublicPrincipal: ResourcePolicyDefinition<NoPublicPrincipalConfig> = {
  kind: "resource",
  name: "iam-no-public-principal",
  displayName: "No public principal in resource and trust policies",
  description:
    'Resource policies, role trust policies and Lambda permissions do not grant to "*" unless a condition scopes the caller, and never Allow with NotPrincipal.',
  area: "iam",
  severity: "critical",
  pci: ["7.3.1", "7.2.1", "7.3.3", "8.2.2"],
  remediationSteps:
    "Name the principals (account roots, roles, service principals) in Principal. When a service must " +
    'reach the resource through "*", add a condition on the caller: aws:SourceArn / aws:SourceAccount for ' +
    "AWS services, aws:PrincipalOrgID for your organization. For Lambda permissions set sourceArn or sourceAccount.",
  appliesTo: new Set([...typesWithDocuments("resource", "trust"), LAMBDA_PERMISSION]),
  configProperties: {
    scopingConditionKeys: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: DEFAULT_SCOPING_CONDITION_KEYS,
      description:
        "Condition keys that scope a wildcard principal to known callers (compared case-insensitively).",
    },
  },
  examples: {
    compliant: `new aws.sqs.QueuePolicy("events", { queueUrl: queue.url, policy: {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage",
    Resource: queue.arn, Condition: { ArnEquals: { "aws:SourceArn": topic.arn } } }],
} });`,
    violating: `new aws.sqs.QueuePolicy("events", { queueUrl: queue.url, policy: {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: queue.arn }],
} });`,
  },
  parseConfig: (raw: RawConfig) => ({
    scopingConditionKeys: new Set(
      readStringArray(raw, "scopingConditionKeys").map((key) => key.toLowerCase()),
    ),
  }),
  check: (input: ResourceCheckInput<NoPublicPrincipalConfig>) =>
    input.type === LAMBDA_PERMISSION
      ? checkLambdaPermission(input.props)
      : checkDocuments(documentsOf(input.type, input.props), {
          audiences: ["resource", "trust"],
          inspect: (context) => inspectPrincipals(context, input.config),
        }),
};
