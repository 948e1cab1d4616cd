/**
 * Allow statements name the actions they grant: no `*`, no `service:*`, no partial wildcards such
 * as `s3:Get*` (PCI DSS 7.2.1, 7.2.2, 7.2.5: least privilege). A wildcard grants every matching
 * action, including the ones AWS adds later. Read-only partial wildcards can be allowed by config.
 *
 * In resource policies, a statement granting only to account roots (`arn:aws:iam::<id>:root`)
 * delegates to that account's IAM policies, which these policies check in turn; that is the AWS
 * default KMS key policy, so it passes unless configured otherwise.
 */
import { readBoolean, type RawConfig } from "../../lib/config";
import { expandAction, parseActionPattern, type CatalogAction } from "../../lib/iam-actions";
import { hasWildcard, isAccountRoot, type Statement } from "../../lib/iam-document";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { documentsOf, typesWithDocuments } from "./document-locations";
import {
  checkDocuments,
  verdict,
  where,
  type StatementContext,
  type StatementVerdict,
} from "./statement-check";

export interface NoWildcardActionsConfig {
  allowReadOnlyWildcards: boolean;
  allowAccountRootDelegation: boolean;
}

const READ_ONLY_LEVELS = new Set(["Read", "List"]);

/** The catalog actions a wildcard grants today; undefined when it spans services or names an unknown one. */
function grantedToday(action: string): readonly CatalogAction[] | undefined {
  const pattern = parseActionPattern(action);
  const expansion = pattern && expandAction(pattern);
  return expansion?.kind === "actions" ? expansion.actions : undefined;
}

/** Whether every catalog action a wildcard grants is Read or List (false when it matches none). */
function isReadOnlyWildcard(action: string): boolean {
  const actions = grantedToday(action) ?? [];
  return (
    actions.length > 0 && actions.every((a) => a.accessLevels.every((level) => READ_ONLY_LEVELS.has(level)))
  );
}

function describeWildcard(action: string): string {
  if (action === "*") return "every action of every service";
  const count = grantedToday(action)?.length;
  return count === undefined ? "every matching action" : `${count} actions today and any AWS adds later`;
}

function delegatesToAccountRoots(statement: Statement): boolean {
  const principal = statement.principal;
  return (
    principal !== undefined &&
    !principal.unknown &&
    principal.entries.length > 0 &&
    principal.entries.every(isAccountRoot)
  );
}

function inspectActions(context: StatementContext, config: NoWildcardActionsConfig): StatementVerdict {
  const { statement, audience } = context;
  if (!statement.action) return verdict();
  if (audience === "resource" && config.allowAccountRootDelegation && delegatesToAccountRoots(statement))
    return verdict();
  const findings: Finding[] = statement.action.known
    .filter((action) => hasWildcard(action) && !(config.allowReadOnlyWildcards && isReadOnlyWildcard(action)))
    .map((action) => ({
      id: `Action::${action}`,
      message:
        `${where(context)} allows Action '${action}', which grants ${describeWildcard(action)}; ` +
        "expected explicit action names (e.g. s3:GetObject).",
    }));
  return verdict(findings, statement.action.unknown ? ["Action"] : []);
}

export const iamNoWildcardActions: ResourcePolicyDefinition<NoWildcardActionsConfig> = {
  kind: "resource",
  name: "iam-no-wildcard-actions",
  displayName: "No wildcard actions in IAM policies",
  description:
    "Allow statements of identity, resource and trust policies list explicit actions: no '*', 'service:*' or partial wildcards.",
  area: "iam",
  severity: "high",
  pci: ["7.2.2", "7.2.1", "7.2.5", "7.3.1"],
  remediationSteps:
    "Replace each wildcard with the actions the workload calls (CloudTrail, IAM Access Analyzer policy " +
    "generation or the service's API reference list them). To accept a wildcard on one resource, add an " +
    'exemption with `findings: ["Action::<wildcard>"]`, a reason and an expiry.',
  appliesTo: typesWithDocuments("identity", "resource", "trust"),
  configProperties: {
    allowReadOnlyWildcards: {
      type: "boolean",
      default: false,
      description:
        "Allow partial wildcards (e.g. ec2:Describe*) whose every matching action is Read or List in the IAM action catalog.",
    },
    allowAccountRootDelegation: {
      type: "boolean",
      default: true,
      description:
        "In resource policies, skip statements whose principals are all account roots: they delegate to that account's IAM policies (the default KMS key policy).",
    },
  },
  examples: {
    compliant: `new aws.iam.Policy("reader", {
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [\`\${bucketArn}/*\`] }] },
});`,
    violating: `new aws.iam.Policy("reader", {
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
});`,
  },
  parseConfig: (raw: RawConfig) => ({
    allowReadOnlyWildcards: readBoolean(raw, "allowReadOnlyWildcards"),
    allowAccountRootDelegation: readBoolean(raw, "allowAccountRootDelegation"),
  }),
  check: (input: ResourceCheckInput<NoWildcardActionsConfig>) =>
    checkDocuments(documentsOf(input.type, input.props), {
      audiences: ["identity", "resource", "trust"],
      inspect: (context) => inspectActions(context, input.config),
    }),
};
