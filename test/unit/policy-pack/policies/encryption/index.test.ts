import assert from "node:assert/strict";
import { configSchemaOf, defaultsOf } from "../../../../../policy-pack/lib/policy";
import { PCI_REQUIREMENTS } from "../../../../../policy-pack/lib/pci";
import { encryptionPolicies } from "../../../../../policy-pack/policies/encryption";

describe("encryption area registry", () => {
  it("registers the area's policies in report order", () => {
    assert.deepEqual(
      encryptionPolicies.map((p) => p.name),
      [
        "encryption-kms-key-rotation",
        "encryption-kms-key-deletion-window",
        "encryption-kms-key-policy-restricted",
        "encryption-s3-cmk",
        "encryption-database-cmk",
        "encryption-storage-cmk",
        "encryption-secrets-cmk",
        "encryption-messaging-cmk",
        "encryption-log-cmk",
      ],
    );
  });

  it("gives every policy complete metadata, known PCI ids, examples and defaults that parse", () => {
    for (const policy of encryptionPolicies) {
      assert.equal(policy.area, "encryption", policy.name);
      assert.ok(policy.name.startsWith("encryption-"), policy.name);
      assert.ok(policy.pci.length > 0 && policy.pci.every((id) => id in PCI_REQUIREMENTS), policy.name);
      assert.ok(policy.examples?.compliant && policy.examples.violating, policy.name);
      assert.ok(policy.appliesTo !== "*" && policy.appliesTo.size > 0, policy.name);
      const schema = configSchemaOf(policy).properties as Record<string, { default?: unknown }>;
      assert.ok(
        Object.values(schema).every((property) => property.default !== undefined),
        policy.name,
      );
      assert.doesNotThrow(() => policy.parseConfig(defaultsOf(policy)), policy.name);
    }
  });

  it("checks no type twice across the customer-managed-key policies", () => {
    const types = encryptionPolicies
      .filter((p) => p.kind === "stack")
      .flatMap((p) => (p.appliesTo === "*" ? [] : [...p.appliesTo]));
    assert.equal(new Set(types).size, types.length);
  });
});
