/**
 * No resource carries Pulumi's `protect` resource option, so `pulumi destroy` can tear the stack
 * down: a protected resource stops the whole destroy until the option is removed and applied.
 *
 * No PCI DSS requirement demands destroyable stacks. The nearest are 6.5.6 (test data and
 * accounts are removed before production: ephemeral stacks must really go away), 3.2.1 (data is
 * disposed of when no longer needed) and 12.5.1 (leftover resources fall out of the inventory).
 * It pulls against 10.5.1 and 10.3.x, which want audit logs and their stores to survive, so the
 * severity is low and `environments` limits the rule to where destroyability is wanted (for
 * example `["dev", "test", "pr-*"]`); production stacks may keep `protect` on their data stores.
 *
 * `retainOnDelete` (which makes destroy leave a resource behind) cannot be seen by this or any
 * CrossGuard policy: it is not in the analyzer protocol, even under the real Pulumi CLI. FinGuard's
 * evaluator checks it separately (`lifecycle-no-retain-on-delete`), judged with this policy's
 * enforcement level and exemptions.
 */
import type { RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import {
  ENVIRONMENT_SCOPE_SCHEMA,
  environmentName,
  readEnvironmentScope,
  scoped,
  type EnvironmentScope,
} from "./environment-scope";

export type NoProtectConfig = EnvironmentScope;

function checkNoProtect(input: ResourceCheckInput<NoProtectConfig>): Finding[] {
  if (!input.protect) return [];
  const environment = environmentName(input.config, input.stack);
  return [
    {
      id: "protect",
      message:
        `The protect option is set: \`pulumi destroy\` stops at this resource until protect is removed and applied. ` +
        `Expected no protect option in environment '${environment}'.`,
    },
  ];
}

export const noProtect: ResourcePolicyDefinition<NoProtectConfig> = {
  kind: "resource",
  name: "lifecycle-no-protect",
  displayName: "No protect option",
  description: "Resources do not set Pulumi's protect option, so the stack can be destroyed.",
  area: "lifecycle",
  severity: "low",
  pci: ["6.5.6", "3.2.1", "12.5.1"],
  remediationSteps:
    "Remove `protect: true` from the resource options and run `pulumi up` (or `pulumi state unprotect <urn>`). If " +
    "this stack must keep the resource, leave its environment out of this policy's `environments` or add an " +
    "exemption with a reason and an expiry.",
  appliesTo: "*",
  configProperties: { ...ENVIRONMENT_SCOPE_SCHEMA },
  examples: {
    compliant: `new aws.sqs.Queue("jobs-test", {});`,
    violating: `new aws.sqs.Queue("jobs-test", {}, { protect: true });`,
  },
  parseConfig: (raw: RawConfig) => readEnvironmentScope(raw),
  check: scoped(checkNoProtect),
};
