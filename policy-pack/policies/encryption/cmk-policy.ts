/**
 * What every "uses a customer-managed key" stack policy shares: its config, how unverifiable
 * references are reported, and the policy built from a table of EncryptionSpecs.
 *
 * Unverifiable references (unknown during preview, built from something other than a key of this
 * stack, e.g. a StackReference output or a component output) are violations by default: these
 * are stack policies, and the only point where a stack policy can stop a change before AWS
 * applies it is the preview (during an update, AnalyzeStack runs after the resources exist).
 * Deferring would let a key nobody verified reach production. A key of another stack is accepted
 * once its reference is known: list it in `allowedKeyArns`. Teams whose central key stack is only
 * reachable through unknown references may choose `unverifiedKeyReferences: defer`, which reports
 * each such resource as deferred (never silently compliant).
 */
import { PolicyConfigError, readEnum, readStringArray, type RawConfig } from "../../lib/config";
import { globToRegExp } from "../../lib/exemptions";
import type { JsonSchema, StackCheckResult, StackPolicyDefinition } from "../../lib/policy";
import { evaluateSpec, type CmkFinding, type EncryptionSpec } from "./encryption-specs";
import { KeyResolver } from "./key-references";

export interface CmkConfig {
  allowedKeys: RegExp[];
  unverifiedKeyReferences: "violation" | "defer";
}

export const CMK_CONFIG_PROPERTIES: Record<string, JsonSchema> = {
  allowedKeyArns: {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: [],
    description:
      "Keys of other stacks accepted as customer-managed: key ARNs, alias ARNs or alias names, where `*` " +
      "matches any run of characters (e.g. `arn:aws:kms:*:111122223333:key/*`). AWS managed aliases " +
      "(`alias/aws/*`) are never accepted.",
  },
  unverifiedKeyReferences: {
    type: "string",
    enum: ["violation", "defer"],
    default: "violation",
    description:
      "A key reference unknown during preview and not built from a KMS key of this stack (e.g. a " +
      "StackReference output): report a violation, or defer (reported as deferred).",
  },
};

export function parseCmkConfig(raw: RawConfig): CmkConfig {
  const patterns = readStringArray(raw, "allowedKeyArns");
  if (patterns.some((pattern) => pattern.trim() === "")) {
    throw new PolicyConfigError("'allowedKeyArns' must not contain empty patterns");
  }
  return {
    allowedKeys: patterns.map(globToRegExp),
    unverifiedKeyReferences: readEnum(raw, "unverifiedKeyReferences", ["violation", "defer"] as const),
  };
}

export const CMK_REMEDIATION =
  "Create an `aws.kms.Key` in the stack (rotation enabled) and pass its `arn` (or an `aws.kms.Alias` of it) " +
  "to the key property named in the message, switching encryption on where the service has a flag. For a " +
  "key managed by another stack, pass its ARN and add it (or a pattern) to this policy's `allowedKeyArns`. " +
  "Never use `alias/aws/*`, AES256 or the service default.";

/** Violations, or deferrals for unverifiable findings when the config says so. */
export function toCheckResult(findings: readonly CmkFinding[], config: CmkConfig): StackCheckResult {
  const defer = (finding: CmkFinding) => finding.unverifiable === true && config.unverifiedKeyReferences === "defer";
  return {
    findings: findings.filter((f) => !defer(f)).map(({ urn, id, message }) => ({ urn, id, message })),
    deferred: findings.filter(defer).map(({ urn, message }) => ({ urn, reason: message })),
  };
}

export type CmkPolicyMetadata = Omit<
  StackPolicyDefinition<CmkConfig>,
  "kind" | "area" | "appliesTo" | "configProperties" | "parseConfig" | "check"
>;

/** A stack policy that checks every resource of the given specs' types. */
export function cmkPolicy(metadata: CmkPolicyMetadata, specs: readonly EncryptionSpec[]): StackPolicyDefinition<CmkConfig> {
  return {
    kind: "stack",
    area: "encryption",
    ...metadata,
    appliesTo: new Set(specs.map((spec) => spec.type)),
    configProperties: CMK_CONFIG_PROPERTIES,
    parseConfig: parseCmkConfig,
    check: ({ graph, config }) => {
      const resolver = new KeyResolver(graph, config.allowedKeys);
      const findings = specs.flatMap((spec) => graph.ofType(spec.type).flatMap((r) => evaluateSpec(r, spec, resolver)));
      return toCheckResult(findings, config);
    },
  };
}
