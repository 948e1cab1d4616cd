/**
 * No AWS-managed administrator, power-user or *FullAccess policy is attached to a role, user or
 * group (PCI DSS 7.2.2, 7.2.1, 7.2.5): they grant whole services (or everything) on every
 * resource, and AWS widens them as services grow. Specific AWS-managed policies can be
 * allow-listed by ARN.
 *
 * An unknown ARN during preview is the output of a resource in the stack (a customer-managed
 * policy, checked by the document policies), never an AWS-managed policy, whose ARN is a literal.
 */
import { readStringArray, type RawConfig } from "../../lib/config";
import { globToRegExp } from "../../lib/exemptions";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isUnknown } from "../../lib/values";

export interface NoAdminManagedPoliciesConfig {
  deniedPolicyNames: RegExp[];
  allowedPolicyArns: ReadonlySet<string>;
}

/** Input holding the attached policy ARNs, per attaching resource type. */
const ATTACHMENT_INPUTS: ReadonlyMap<string, string> = new Map([
  ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "policyArn"],
  ["aws:iam/userPolicyAttachment:UserPolicyAttachment", "policyArn"],
  ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "policyArn"],
  ["aws:iam/policyAttachment:PolicyAttachment", "policyArn"],
  ["aws:iam/role:Role", "managedPolicyArns"],
  ["aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "policyArns"],
  ["aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", "policyArns"],
  ["aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", "policyArns"],
]);

/** Admin and power user, every *FullAccess, and the job-function administrators (SystemAdministrator...). */
export const DEFAULT_DENIED_POLICY_NAMES = [
  "AdministratorAccess*",
  "PowerUserAccess",
  "*FullAccess*",
  "*Administrator",
];

/** `arn:aws:iam::aws:policy/[path/]Name`: the account part `aws` marks an AWS-managed policy. */
const AWS_MANAGED_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

function attachedArns(value: unknown, input: string): { arns: string[]; malformed?: Finding } {
  if (value === undefined || value === null) return { arns: [] };
  const entries = Array.isArray(value) ? value : [value];
  if (entries.every((entry) => typeof entry === "string"))
    return { arns: entries.filter((arn) => !isUnknown(arn)) };
  return {
    arns: [],
    malformed: {
      id: `Malformed::${input}`,
      message: `'${input}' must be ${input === "policyArn" ? "an ARN string" : "a list of ARN strings"}, got ${JSON.stringify(value)?.slice(0, 80)}.`,
    },
  };
}

function checkAttachments(input: ResourceCheckInput<NoAdminManagedPoliciesConfig>): Finding[] {
  const property = ATTACHMENT_INPUTS.get(input.type);
  if (!property) return [];
  const { arns, malformed } = attachedArns(input.props[property], property);
  if (malformed) return [malformed];
  const findings: Finding[] = [];
  for (const arn of arns) {
    const name = AWS_MANAGED_ARN.exec(arn)?.[1];
    if (!name || input.config.allowedPolicyArns.has(arn)) continue;
    if (!input.config.deniedPolicyNames.some((pattern) => pattern.test(name))) continue;
    findings.push({
      id: `PolicyArn::${arn}`,
      message:
        `'${property}' attaches the AWS-managed policy ${arn}, which grants broad access on every resource; ` +
        "expected a customer-managed policy with the actions and resources the workload needs.",
    });
  }
  return findings;
}

export const iamNoAdminManagedPolicies: ResourcePolicyDefinition<NoAdminManagedPoliciesConfig> = {
  kind: "resource",
  name: "iam-no-admin-managed-policies",
  displayName: "No AWS-managed administrator or FullAccess policies",
  description:
    "Roles, users and groups do not get AWS-managed AdministratorAccess, PowerUserAccess or *FullAccess policies, through attachments or managedPolicyArns.",
  area: "iam",
  severity: "critical",
  pci: ["7.2.2", "7.2.1", "7.2.5"],
  remediationSteps:
    "Replace the attachment with a customer-managed policy (aws.iam.Policy) listing the actions and " +
    "resources the workload needs, or a narrower AWS-managed policy (e.g. *ReadOnlyAccess). If an " +
    "AWS-managed policy is approved for the whole organization, add its ARN to `allowedPolicyArns`.",
  appliesTo: new Set(ATTACHMENT_INPUTS.keys()),
  configProperties: {
    deniedPolicyNames: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: DEFAULT_DENIED_POLICY_NAMES,
      description: "Globs (`*` = any characters) over AWS-managed policy names that must not be attached.",
    },
    allowedPolicyArns: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description: "AWS-managed policy ARNs accepted even though their name matches deniedPolicyNames.",
    },
  },
  examples: {
    compliant: `new aws.iam.RolePolicyAttachment("app-read", { role: role.name, policyArn: appPolicy.arn });`,
    violating: `new aws.iam.RolePolicyAttachment("app-admin", {
  role: role.name,
  policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
});`,
  },
  parseConfig: (raw: RawConfig) => ({
    deniedPolicyNames: readStringArray(raw, "deniedPolicyNames").map((glob) => globToRegExp(glob)),
    allowedPolicyArns: new Set(readStringArray(raw, "allowedPolicyArns")),
  }),
  check: checkAttachments,
};
