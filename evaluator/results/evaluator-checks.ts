/**
 * Checks the evaluator makes itself because no CrossGuard policy can: `retainOnDelete` is not in
 * the analyzer protocol, so even the real CLI never shows it to a pack. The capture stage sees it
 * in the raw registration, and it is judged with the configuration of `lifecycle-no-protect`
 * (same level, environments and exemptions), since retaining a resource defeats destroyability the same way.
 */
import {
  decideExemption,
  describeExemption,
  describeRejection,
  inScope,
  readEnvironmentScope,
  readStackContext,
  type Exemption,
} from "@finguard/aws-pci-policies/bin/library";
import type { CapturedStack } from "../capture/types";
import type { EnforcementLevel, EvaluatorFinding } from "./model";

export const RETAIN_ON_DELETE_CHECK = "lifecycle-no-retain-on-delete";

export function checkRetainOnDelete(
  captured: CapturedStack,
  protectPolicyConfig: { enforcementLevel: string; properties: Record<string, unknown> } | undefined,
  today: string,
): EvaluatorFinding[] {
  const level = (protectPolicyConfig?.enforcementLevel ?? "mandatory") as EnforcementLevel;
  if (level === "disabled" || !inEnvironmentScope(captured, protectPolicyConfig?.properties ?? {})) return [];
  const exemptions = (protectPolicyConfig?.properties.exemptions ?? []) as Exemption[];
  return captured.resources
    .filter((r) => r.options.retainOnDelete)
    .map((r) => {
      const decision = decideExemption(exemptions, r.urn, today);
      const finding = {
        check: RETAIN_ON_DELETE_CHECK,
        urn: r.urn,
        resourceType: r.type,
        enforcementLevel: level,
      };
      if (decision.kind === "applies") {
        return {
          ...finding,
          status: "exempted",
          message: `exempted: ${describeExemption(decision.exemption)}`,
        };
      }
      return {
        ...finding,
        status: "violation",
        message:
          "retainOnDelete is set: `pulumi destroy` would leave this resource behind. CrossGuard cannot see this " +
          "option; FinGuard's evaluator reports it from the program's registration." +
          describeRejection(decision),
      };
    });
}

/** The stack as the pack would see it, so `environments` is judged exactly as the policy judges it. */
function inEnvironmentScope(captured: CapturedStack, properties: Record<string, unknown>): boolean {
  const stack = readStackContext({
    PULUMI_NODEJS_PROJECT: captured.project,
    PULUMI_NODEJS_STACK: captured.stack,
    PULUMI_CONFIG: JSON.stringify(captured.config),
  });
  return inScope(readEnvironmentScope({ environments: ["*"], environment: "", ...properties }), stack);
}
