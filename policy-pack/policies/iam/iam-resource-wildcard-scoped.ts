/**
 * `Resource: "*"` in identity policies only for actions that cannot be scoped (PCI DSS 7.2.5,
 * 7.3.1, 7.2.2): an action that supports resource-level permissions is granted on the resources
 * the workload needs, not on every resource of the account. The offline IAM action catalog says
 * which actions support them (they list resource types); `sts:GetCallerIdentity` or
 * `ec2:DescribeInstances` list none and need `*`.
 *
 * Resource policies are out of scope: their `*` means the one resource they are attached to.
 * Actions the catalog does not know are left to iam-unknown-actions.
 */
import type { RawConfig } from "../../lib/config";
import { expandAction, parseActionPattern, type CatalogAction } from "../../lib/iam-actions";
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

/** The catalog actions of an Action entry that could be scoped to resources; "any" for a cross-service wildcard. */
function scopableActions(action: string): readonly CatalogAction[] | "any" {
  const pattern = parseActionPattern(action);
  const expansion = pattern && expandAction(pattern);
  if (expansion?.kind === "any-service") return "any";
  if (expansion?.kind !== "actions") return [];
  return expansion.actions.filter((a) => a.resourceLevel);
}

function describeScopable(action: string, scopable: readonly CatalogAction[] | "any"): string {
  if (scopable === "any") return `'${action}' includes actions that support resource-level permissions`;
  if (scopable.length === 1 && scopable[0].name.toLowerCase() === action.toLowerCase()) {
    return `'${scopable[0].name}' supports resource-level permissions`;
  }
  return `'${action}' includes actions that support resource-level permissions (${listed(
    scopable.map((a) => a.name),
    3,
  )})`;
}

function inspectResourceWildcard(context: StatementContext): StatementVerdict {
  const { action, resource } = context.statement;
  // An unknown Resource entry is another resource's output (an ARN), never the literal "*".
  if (!action || !resource?.known.includes("*")) return verdict();
  const findings: Finding[] = [];
  for (const name of action.known) {
    const scopable = scopableActions(name);
    if (scopable !== "any" && scopable.length === 0) continue;
    findings.push({
      id: `Resource::*::${name}`,
      message:
        `${where(context)} grants ${name} on Resource '*', but ${describeScopable(name, scopable)}; ` +
        "expected the ARNs of the resources it needs (keep '*' in a separate statement for actions that support no resource-level permissions).",
    });
  }
  return verdict(findings, action.unknown ? ["Action"] : []);
}

export const iamResourceWildcardScoped: ResourcePolicyDefinition<Record<string, never>> = {
  kind: "resource",
  name: "iam-resource-wildcard-scoped",
  displayName: "Resource '*' only for actions without resource-level permissions",
  description:
    "Identity policies grant actions that support resource-level permissions on specific ARNs, keeping Resource '*' for actions that support none.",
  area: "iam",
  severity: "medium",
  pci: ["7.2.5", "7.3.1", "7.2.2"],
  remediationSteps:
    "Split the statement: actions that support resource-level permissions get the ARNs they need (e.g. " +
    "`${bucket.arn}/*`, `table.arn`), the rest (e.g. sts:GetCallerIdentity, ec2:Describe*) keep Resource '*'. " +
    "The service authorization reference lists each action's resource types.",
  appliesTo: typesWithDocuments("identity"),
  configProperties: {},
  examples: {
    compliant: `new aws.iam.RolePolicy("app", { role: role.name, policy: {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: "s3:GetObject", Resource: pulumi.interpolate\`\${bucket.arn}/*\` },
    { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
  ],
} });`,
    violating: `new aws.iam.RolePolicy("app", { role: role.name, policy: {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "sts:GetCallerIdentity"], Resource: "*" }],
} });`,
  },
  parseConfig: (_raw: RawConfig) => ({}),
  check: (input: ResourceCheckInput<Record<string, never>>) =>
    checkDocuments(documentsOf(input.type, input.props), {
      audiences: ["identity"],
      inspect: inspectResourceWildcard,
    }),
};
