/**
 * Decides whether a key reference (a `kmsKeyId`, `kmsKeyArn`, `kmsMasterKeyId`...) designates a
 * customer-managed KMS key: a key of this stack (directly, or through a stack alias that targets
 * one), or a key of another stack listed in `allowedKeyArns`.
 *
 * Provenance comes from propertyDependencies, which are known during preview: a reference that is
 * unknown but was built from an `aws:kms/key:Key` of the stack is decided, not deferred.
 * propertyDependencies are recorded per top-level input, so inside an array or object input
 * (`ebsBlockDevices`, `serverSideEncryption`) every element shares the sources of the whole input.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import { isUnknown } from "../../lib/values";

/** Resource types that create customer-managed KMS keys. */
export const KMS_KEY_TYPES: ReadonlySet<string> = new Set([
  "aws:kms/key:Key",
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/externalKey:ExternalKey",
  "aws:kms/replicaExternalKey:ReplicaExternalKey",
]);

export const KMS_ALIAS_TYPE = "aws:kms/alias:Alias";

/** The expectation every key finding ends with. */
export const EXPECTED_KEY =
  "expected a customer-managed KMS key (an aws:kms/key:Key of this stack, an alias of one, or a key matching allowedKeyArns)";

export type KeyDecision =
  | { kind: "customer-managed" }
  | { kind: "absent" }
  /** `why` completes "<property> ...", e.g. `is "alias/aws/s3", an AWS managed key`. */
  | { kind: "not-customer-managed"; why: string }
  | { kind: "unverifiable"; why: string };

/** `alias/aws/<service>` names, bare or as alias ARNs, always designate AWS managed keys. */
export function isAwsManagedAlias(reference: string): boolean {
  return /(^|:)alias\/aws\//.test(reference);
}

export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "not set";
  return JSON.stringify(value)?.slice(0, 120) ?? String(value);
}

export class KeyResolver {
  /** Known ARNs, ids and alias names of the stack's customer-managed keys (known in update previews). */
  private readonly stackKeyIdentifiers = new Set<string>();

  constructor(
    private readonly graph: StackGraph,
    private readonly allowedKeys: readonly RegExp[],
  ) {
    for (const key of graph.ofType(...KMS_KEY_TYPES)) this.addIdentifiers(key, ["arn", "keyId", "id"]);
    for (const alias of graph.ofType(KMS_ALIAS_TYPE)) {
      if (this.aliasTargetsCustomerKey(alias)) this.addIdentifiers(alias, ["name", "arn"]);
    }
  }

  /**
   * Decides the reference `value`, read from (somewhere inside) the input `property` of `resource`.
   * An unknown `value` must have sources: one built from nothing counts as absent (encryption-specs).
   */
  decide(resource: GraphResource, property: string, value: unknown): KeyDecision {
    if (value === undefined || value === null || value === "") return { kind: "absent" };
    if (typeof value !== "string") {
      return { kind: "not-customer-managed", why: `is ${describeValue(value)}, not a key id, ARN or alias` };
    }
    if (!isUnknown(value) && isAwsManagedAlias(value)) {
      return { kind: "not-customer-managed", why: `is "${value}", an AWS managed key` };
    }
    if (this.graph.propertySources(resource, property).some((source) => this.isCustomerKey(source))) {
      return { kind: "customer-managed" };
    }
    if (isUnknown(value)) return { kind: "unverifiable", why: this.unverifiableReason(resource, property) };
    if (this.stackKeyIdentifiers.has(value) || this.isAllowed(value)) return { kind: "customer-managed" };
    return {
      kind: "not-customer-managed",
      why: `is "${value}", neither a KMS key of this stack nor in allowedKeyArns`,
    };
  }

  private isCustomerKey(resource: GraphResource): boolean {
    if (KMS_KEY_TYPES.has(resource.type)) return true;
    return resource.type === KMS_ALIAS_TYPE && this.aliasTargetsCustomerKey(resource);
  }

  private aliasTargetsCustomerKey(alias: GraphResource): boolean {
    const sources = this.graph.propertySources(alias, "targetKeyId");
    if (sources.some((source) => KMS_KEY_TYPES.has(source.type))) return true;
    const target = alias.props.targetKeyId;
    return (
      typeof target === "string" &&
      !isUnknown(target) &&
      (this.stackKeyIdentifiers.has(target) || this.isAllowed(target))
    );
  }

  private isAllowed(reference: string): boolean {
    return this.allowedKeys.some((pattern) => pattern.test(reference));
  }

  /**
   * An unknown reference built only from things that are not stack keys: typically another
   * stack's output (StackReference), a component output, or a data source fed by unknowns.
   */
  private unverifiableReason(resource: GraphResource, property: string): string {
    const sources = this.graph.propertySources(resource, property);
    const shown = sources
      .slice(0, 3)
      .map((source) => `${source.type} "${source.name}"`)
      .join(", ");
    const more = sources.length > 3 ? ` and ${sources.length - 3} more` : "";
    return (
      `is unknown during preview and built from ${shown}${more}, not from a KMS key of this stack, ` +
      "so it cannot be verified as customer-managed"
    );
  }

  private addIdentifiers(resource: GraphResource, properties: readonly string[]): void {
    for (const property of properties) {
      const value = resource.props[property];
      if (typeof value === "string" && value !== "" && !isUnknown(value)) this.stackKeyIdentifiers.add(value);
    }
  }
}
