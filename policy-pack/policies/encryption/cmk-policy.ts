/**
 * What every "uses a customer-managed key" stack policy shares: its config, how unverifiable
 * references are reported, and the policy built from a table of EncryptionSpecs.
 *
 * A key reference unknown during preview that was built from no KMS key of this stack (a
 * StackReference output, a component output, a data source fed by unknowns) is UNVERIFIABLE, and
 * a violation by default:
 * - these are stack policies, and the preview is the only point where one can stop a change
 *   before AWS applies it (during an update AnalyzeStack runs once the resources exist), so
 *   deferring would let a key nobody verified reach production under a mere advisory;
 * - the literal form stays available: a StackReference output is known during preview once the
 *   other stack exists, and a known ARN is accepted when it matches `allowedKeyArns`;
 * - the failure names where the reference comes from, so the fix is obvious.
 * Teams whose keys can only be reached through unknown references may set
 * `unverifiedKeyReferences: defer`: each such resource is then reported as deferred, never as
 * compliant. A reference built from nothing at all is not unverifiable but unset (the provider
 * computes it, i.e. AWS picks its own key): always a violation.
 */
import { PolicyConfigError, readEnum, readStringArray, type RawConfig } from "../../lib/config";
import { globToRegExp } from "../../lib/exemptions";
import type { JsonSchema, StackCheckResult, StackPolicyDefinition } from "../../lib/policy";
import { evaluateParts, type CmkFinding, type EncryptionSpec } from "./encryption-specs";
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
  const defer = (finding: CmkFinding) =>
    finding.unverifiable === true && config.unverifiedKeyReferences === "defer";
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
export function cmkPolicy(
  metadata: CmkPolicyMetadata,
  specs: readonly EncryptionSpec[],
): StackPolicyDefinition<CmkConfig> {
  const partsByType = new Map(specs.map((spec) => [spec.type, spec.parts]));
  return {
    kind: "stack",
    area: "encryption",
    ...metadata,
    appliesTo: new Set(partsByType.keys()),
    configProperties: CMK_CONFIG_PROPERTIES,
    parseConfig: parseCmkConfig,
    check: ({ graph, config }) => {
      const resolver = new KeyResolver(graph, config.allowedKeys);
      // In stack order, so reports follow the program.
      const findings = graph.resources.flatMap((r) =>
        evaluateParts(r, partsByType.get(r.type) ?? [], resolver),
      );
      return toCheckResult(findings, config);
    },
  };
}
