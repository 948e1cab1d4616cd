/**
 * `iam:PassRole` is granted on named roles (PCI DSS 7.2.5, 7.2.2, 7.3.1). Passing a role hands its
 * permissions to a service the caller controls: PassRole on `*` (or on every role of an account)
 * lets the caller run code with any role, the classic privilege escalation. Role path or name
 * prefixes (`role/app/*`, `role/app-*`) count as scoped. An `iam:PassedToService` condition,
 * which also pins the service the role may be passed to, can be required by config.
 *
 * Every Action entry that covers iam:PassRole is checked (`iam:PassRole`, `iam:Pass*`, `iam:*`, `*`).
 */
import { readBoolean, type RawConfig } from "../../lib/config";
import { actionPatternCovers } from "../../lib/iam-actions";
import { hasWildcard, withoutPolicyVariables, type Conditions } from "../../lib/iam-document";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { documentsOf, typesWithDocuments } from "./document-locations";
import {
  checkDocuments,
  verdict,
  where,
  type StatementContext,
  type StatementVerdict,
} from "./statement-check";

export interface PassRoleScopedConfig {
  requirePassedToService: boolean;
}

const PASS_ROLE = "iam:PassRole";
const ARN = /^arn:[^:]*:([^:]*):[^:]*:([^:]*):(.*)$/;

/** Why a PassRole resource reaches roles it should not, or undefined when it names roles. */
function unscopedReach(resource: string): string | undefined {
  if (resource === "*") return "every role of every account";
  const arn = ARN.exec(resource);
  if (!arn) return undefined;
  const [, service, account, path] = arn;
  if (hasWildcard(account)) return "roles of any account";
  if (hasWildcard(service) || (!path.startsWith("role/") && hasWildcard(path)))
    return "every role of the account";
  const literal = withoutPolicyVariables(path.slice("role/".length)).replace(/[*?/]/g, "");
  return literal === "" ? "every role of the account" : undefined;
}

/** A positive (not IfExists) condition on iam:PassedToService. */
function pinsService(condition: Conditions): boolean {
  return condition.entries.some(
    (entry) =>
      entry.key === "iam:passedtoservice" && /^(ForAnyValue:)?String(Equals|Like)$/.test(entry.operator),
  );
}

function inspectPassRole(context: StatementContext, config: PassRoleScopedConfig): StatementVerdict {
  const { action, resource, condition } = context.statement;
  const grants = action?.known.filter((entry) => actionPatternCovers(entry, PASS_ROLE)) ?? [];
  if (grants.length === 0) return verdict([], action?.unknown ? ["Action"] : []);
  const via = grants.join(", ");
  const findings: Finding[] = [];
  for (const entry of resource?.known ?? []) {
    const reach = unscopedReach(entry);
    if (!reach) continue;
    findings.push({
      id: `PassRole::${entry}`,
      message:
        `${where(context)} grants iam:PassRole (via ${via}) on Resource '${entry}', which reaches ${reach}; ` +
        "expected the ARNs of the roles the workload passes (e.g. arn:aws:iam::123456789012:role/app-task).",
    });
  }
  const undecided: string[] = [];
  if (config.requirePassedToService && !pinsService(condition)) {
    if (condition.unknown) undecided.push("Condition");
    else
      findings.push({
        id: "PassRole::PassedToService",
        message:
          `${where(context)} grants iam:PassRole (via ${via}) without a condition on iam:PassedToService; ` +
          'expected e.g. Condition: {StringEquals: {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}.',
      });
  }
  return verdict(findings, undecided);
}

export const iamPassRoleScoped: ResourcePolicyDefinition<PassRoleScopedConfig> = {
  kind: "resource",
  name: "iam-passrole-scoped",
  displayName: "iam:PassRole scoped to specific roles",
  description:
    "Identity policies grant iam:PassRole on named roles (or a role path/prefix), never on every role.",
  area: "iam",
  severity: "high",
  pci: ["7.2.5", "7.2.2", "7.3.1"],
  remediationSteps:
    "Set the statement's Resource to the ARNs of the roles the workload passes (`taskRole.arn`), and add " +
    'Condition: {StringEquals: {"iam:PassedToService": "<service>.amazonaws.com"}}. If PassRole came in ' +
    "through a wildcard action (iam:* or *), list explicit actions instead.",
  appliesTo: typesWithDocuments("identity"),
  configProperties: {
    requirePassedToService: {
      type: "boolean",
      default: false,
      description:
        "Also require an iam:PassedToService condition on every statement that grants iam:PassRole.",
    },
  },
  examples: {
    compliant: `new aws.iam.RolePolicy("deployer", { role: deployer.name, policy: {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: taskRole.arn,
    Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }],
} });`,
    violating: `new aws.iam.RolePolicy("deployer", { role: deployer.name, policy: {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }],
} });`,
  },
  parseConfig: (raw: RawConfig) => ({ requirePassedToService: readBoolean(raw, "requirePassedToService") }),
  check: (input: ResourceCheckInput<PassRoleScopedConfig>) =>
    checkDocuments(documentsOf(input.type, input.props), {
      audiences: ["identity"],
      inspect: (context) => inspectPassRole(context, input.config),
    }),
};
