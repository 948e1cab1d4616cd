/**
 * FinGuard as a library, for platform teams that build their own pack on top of it and for
 * tools (the FinGuard evaluator) that need the policies' metadata. Importing this module does
 * not start a policy pack server; `index.ts` does.
 */
import type { PolicyPackConfig } from "@pulumi/policy";
import { appliesToType, defaultsOf, metadataOf, toPulumiPolicy, type PolicyDefinition } from "./lib/policy";
import { ALL_POLICIES } from "./policies";

export { ALL_POLICIES } from "./policies";
export type { PolicyDefinition, GuardrailArea, Finding, StackFinding } from "./lib/policy";
export type { Exemption } from "./lib/exemptions";
export {
  EXEMPTED_PREFIX,
  decideExemption,
  describeExemption,
  describeRejection,
  evaluationDate,
  exemptionProblem,
} from "./lib/exemptions";
export { STACK_DEFERRED_LINE, STACK_EXEMPTED_LINE } from "./lib/policy";
export { PCI_REQUIREMENTS } from "./lib/pci";

export const PACK_NAME = "finguard-aws-pci";

/** Metadata of one policy as the evaluator and the docs generator need it. */
export interface CatalogEntry extends ReturnType<typeof metadataOf> {
  kind: "resource" | "stack";
  area: string;
  pci: string[];
  /** Type tokens the policy evaluates (`aws:*`-style prefixes allowed), or ["*"]. */
  appliesTo: string[];
  defaults: Record<string, unknown>;
}

export function catalog(policies: readonly PolicyDefinition[] = ALL_POLICIES): CatalogEntry[] {
  return policies.map((p) => ({
    ...metadataOf(p),
    kind: p.kind,
    area: p.area,
    pci: [...p.pci],
    appliesTo: p.appliesTo === "*" ? ["*"] : [...p.appliesTo].sort(),
    defaults: defaultsOf(p),
  }));
}

export { appliesToType, toPulumiPolicy };
export { typeMatches } from "./lib/policy";
export { readStackContext } from "./lib/stack-context";
export { inScope, readEnvironmentScope } from "./policies/lifecycle/environment-scope";

/** The @pulumi/policy policies of the whole pack (or a selection), ready for `new PolicyPack`. */
export function pulumiPolicies(policies: readonly PolicyDefinition[] = ALL_POLICIES) {
  return policies.map(toPulumiPolicy);
}

export type { PolicyPackConfig };

export { buildPolicies, BuildPoliciesError } from "./build-pack";
export type {
  BuildPoliciesOptions,
  ComponentDmzConfig,
  DmzConfig,
  EnvironmentScopeConfig,
  FinGuardEnforcementLevel,
  FinGuardExemption,
  FinGuardPolicyConfigs,
  IsoDate,
  KeyReferenceConfig,
  NoConfig,
  PolicyName,
  PolicySettings,
  PolicySettingsMap,
} from "./build-pack";
