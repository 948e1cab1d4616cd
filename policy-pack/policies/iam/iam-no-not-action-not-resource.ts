/**
 * No Allow statement uses NotAction or NotResource (PCI DSS 7.2.1, 7.3.3: access is granted
 * explicitly, everything else denied). "Allow everything except X" grants every other action or
 * resource, including the ones AWS adds later. With Deny they are fine and common (deny all but).
 */
import type { RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { documentsOf, typesWithDocuments } from "./document-locations";
import {
  checkDocuments,
  listed,
  verdict,
  where,
  type StatementContext,
  type StatementVerdict,
} from "./statement-check";

function inspectNegations(context: StatementContext): StatementVerdict {
  const { notAction, notResource } = context.statement;
  const findings: Finding[] = [];
  if (notAction) {
    findings.push({
      id: "NotAction",
      message:
        `${where(context)} allows every action except NotAction [${listed(notAction.known) || "unknown"}]; ` +
        "expected an Allow with an explicit Action list (use NotAction only with Deny).",
    });
  }
  if (notResource) {
    findings.push({
      id: "NotResource",
      message:
        `${where(context)} allows access to every resource except NotResource [${listed(notResource.known) || "unknown"}]; ` +
        "expected an Allow with an explicit Resource list (use NotResource only with Deny).",
    });
  }
  return verdict(findings);
}

export const iamNoNotActionNotResource: ResourcePolicyDefinition<Record<string, never>> = {
  kind: "resource",
  name: "iam-no-not-action-not-resource",
  displayName: "No Allow with NotAction or NotResource",
  description:
    "Allow statements grant explicit actions on explicit resources, never 'everything except' (NotAction, NotResource).",
  area: "iam",
  severity: "high",
  pci: ["7.3.3", "7.2.1", "7.2.2"],
  remediationSteps:
    "Rewrite the statement as an Allow listing the actions (Action) and resources (Resource) it needs. To " +
    "keep an exception broad, grant explicitly and add a separate Deny statement with NotAction/NotResource.",
  appliesTo: typesWithDocuments("identity", "resource", "trust"),
  configProperties: {},
  examples: {
    compliant: `new aws.iam.RolePolicy("deny-outside-region", { role: role.name, policy: {
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } } }],
} });`,
    violating: `new aws.iam.RolePolicy("all-but-iam", { role: role.name, policy: {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
} });`,
  },
  parseConfig: (_raw: RawConfig) => ({}),
  check: (input: ResourceCheckInput<Record<string, never>>) =>
    checkDocuments(documentsOf(input.type, input.props), {
      audiences: ["identity", "resource", "trust"],
      inspect: inspectNegations,
    }),
};
