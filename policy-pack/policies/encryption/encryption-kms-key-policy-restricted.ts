/**
 * A KMS key policy grants full control of the key (`kms:*`, `*`, or an Allow with NotAction) to
 * nobody but account roots (PCI DSS 3.6.1.3: access to keys is restricted to the fewest
 * custodians necessary). Granting `kms:*` to the root delegates to the account's IAM policies,
 * as the AWS default key policy does; granting it to a role, user, service or "*" gives that
 * principal key deletion and policy rewriting on top of every cryptographic operation.
 * Key administrators and users get the specific actions they need instead.
 *
 * A key without a `policy` gets the AWS default key policy, which is compliant.
 */
import { readStringArray, type RawConfig } from "../../lib/config";
import { coversWholeService } from "../../lib/iam-actions";
import { isAccountRoot, type PrincipalEntry, type Statement } from "../../lib/iam-document";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { documentsOf } from "../iam/document-locations";
import {
  checkDocuments,
  verdict,
  where,
  type StatementContext,
  type StatementVerdict,
} from "../iam/statement-check";

export interface KmsKeyPolicyRestrictedConfig {
  /** Principal ARNs besides account roots that may hold kms:* (e.g. a break-glass key custodian role). */
  allowedPrincipals: ReadonlySet<string>;
}

const KEY_TYPES = new Set(["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"]);

/** The Action entries that grant every KMS action, or ["NotAction"] for an Allow with NotAction. */
function fullGrants(statement: Statement): string[] {
  if (statement.notAction) return ["NotAction"];
  return statement.action?.known.filter((entry) => coversWholeService(entry, "kms")) ?? [];
}

function describePrincipal(entry: PrincipalEntry): string {
  return entry.type === "*" ? '"*"' : `${entry.type} ${entry.value}`;
}

function inspectKeyGrant(context: StatementContext, config: KmsKeyPolicyRestrictedConfig): StatementVerdict {
  const { statement } = context;
  const grants = fullGrants(statement);
  if (grants.length === 0) return verdict([], statement.action?.unknown ? ["Action"] : []);
  const via = grants.join(", ");
  if (statement.notPrincipal) {
    return verdict([
      {
        id: "NotPrincipal",
        message: `${where(context)} grants ${via} to everyone except its NotPrincipal; expected kms:* only for the account root.`,
      },
    ]);
  }
  const principal = statement.principal;
  const custodians = (principal?.entries ?? []).filter(
    (entry) => !isAccountRoot(entry) && !config.allowedPrincipals.has(entry.value),
  );
  const findings: Finding[] = custodians.map((entry) => ({
    id: `Principal::${entry.value}`,
    message:
      `${where(context)} grants ${via} to ${describePrincipal(entry)}; expected kms:* only for the account root ` +
      "(arn:aws:iam::<account>:root) and specific actions for key administrators and users.",
  }));
  // An unknown principal may be a root ARN built from an output, or a role: only that decides.
  return verdict(findings, principal?.unknown ? ["Principal"] : []);
}

export const kmsKeyPolicyRestricted: ResourcePolicyDefinition<KmsKeyPolicyRestrictedConfig> = {
  kind: "resource",
  name: "encryption-kms-key-policy-restricted",
  displayName: "KMS key policies grant kms:* only to the account root",
  description:
    "A KMS key policy grants full control (kms:*, *, or Allow with NotAction) only to account roots; administrators and users get specific actions.",
  area: "encryption",
  severity: "high",
  pci: ["3.6.1.3", "3.6.1", "7.2.5"],
  remediationSteps:
    "Keep the statement that grants kms:* to arn:aws:iam::<account>:root, and give key administrators " +
    "(kms:Create*, kms:Describe*, kms:Enable*, kms:List*, kms:Put*, kms:Update*, kms:Revoke*, kms:Disable*, " +
    "kms:Get*, kms:Delete*, kms:TagResource, kms:UntagResource, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion) " +
    "and key users (kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey) separate statements.",
  appliesTo: KEY_TYPES,
  configProperties: {
    allowedPrincipals: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description:
        "Principal ARNs besides account roots allowed to hold kms:* (e.g. a break-glass key custodian role).",
    },
  },
  examples: {
    compliant: `new aws.kms.Key("cardholder-data", { enableKeyRotation: true, policy: JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "RootDelegation", Effect: "Allow", Principal: { AWS: \`arn:aws:iam::\${accountId}:root\` },
    Action: "kms:*", Resource: "*" }],
}) });`,
    violating: `new aws.kms.Key("cardholder-data", { enableKeyRotation: true, policy: JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: \`arn:aws:iam::\${accountId}:role/app\` }, Action: "kms:*", Resource: "*" }],
}) });`,
  },
  parseConfig: (raw: RawConfig) => ({
    allowedPrincipals: new Set(readStringArray(raw, "allowedPrincipals")),
  }),
  check: (input: ResourceCheckInput<KmsKeyPolicyRestrictedConfig>) =>
    checkDocuments(documentsOf(input.type, input.props), {
      audiences: ["resource"],
      inspect: (context) => inspectKeyGrant(context, input.config),
    }),
};
