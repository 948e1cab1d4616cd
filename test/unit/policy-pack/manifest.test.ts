/**
 * The pack manifest, pinned (as cdk-nag pins its packs' rules): every policy's name, kind,
 * severity and PCI DSS v4.0.1 references. A change here changes what enforcing organizations
 * get, so it must be deliberate: update this list and CHANGELOG.md together.
 */
import assert from "node:assert/strict";
import { ALL_POLICIES, PCI_REQUIREMENTS, catalog } from "../../../policy-pack/library";

const MANIFEST: Array<[name: string, kind: string, severity: string, pci: string]> = [
  ["tags-required", "resource", "medium", "12.5.1, 12.5.2, 6.5.3, 2.2.1"],
  ["naming-environment-suffix", "resource", "medium", "6.5.3, 6.5.4, 12.5.1"],
  ["encryption-kms-key-rotation", "resource", "high", "3.7.4, 3.6.1"],
  ["encryption-kms-key-deletion-window", "resource", "medium", "3.7.5, 3.6.1"],
  ["encryption-kms-key-policy-restricted", "resource", "high", "3.6.1.3, 3.6.1, 7.2.5"],
  ["encryption-s3-cmk", "stack", "high", "3.5.1, 3.5.1.2, 3.6.1, 3.6.1.3"],
  ["encryption-database-cmk", "stack", "high", "3.5.1, 3.5.1.2, 3.6.1, 3.6.1.3"],
  ["encryption-storage-cmk", "stack", "high", "3.5.1, 3.5.1.2, 3.6.1, 3.6.1.3"],
  ["encryption-secrets-cmk", "stack", "high", "3.6.1.2, 3.6.1, 3.6.1.3, 3.5.1"],
  ["encryption-messaging-cmk", "stack", "medium", "3.5.1, 3.6.1, 3.6.1.3"],
  ["encryption-log-cmk", "stack", "medium", "10.3.2, 3.5.1, 3.6.1"],
  ["network-no-internet-gateway", "stack", "high", "1.4.1, 1.3.1, 1.3.2, 1.4.2"],
  ["network-no-internet-route", "stack", "high", "1.3.1, 1.3.2, 1.4.1"],
  ["network-no-nat-gateway", "stack", "medium", "1.3.2, 1.4.1"],
  ["network-no-public-subnet", "stack", "high", "1.4.1, 1.3.1, 1.4.5"],
  ["network-no-public-ip", "stack", "high", "1.4.1, 1.3.1, 1.4.5"],
  ["network-no-internet-facing-lb", "stack", "high", "1.4.2, 1.3.1, 1.4.1"],
  ["network-no-open-ingress", "stack", "high", "1.3.1, 1.4.2, 1.4.1"],
  ["network-no-public-database", "resource", "critical", "1.4.4, 1.3.1, 1.4.1"],
  ["network-vpc-flow-logs", "stack", "medium", "10.2.1, 10.3.3"],
  ["network-awsx-vpc-private", "stack", "high", "1.4.1, 1.3.1, 1.3.2, 1.4.2"],
  ["network-awsx-lb-internal", "stack", "high", "1.4.2, 1.3.1, 1.4.1"],
  ["logging-log-group-retention", "resource", "medium", "10.5.1, 10.3.3, 10.3.2"],
  ["logging-log-bucket-lifecycle", "stack", "medium", "10.5.1, 10.3.3, 10.3.2"],
  ["lifecycle-no-protect", "resource", "low", "6.5.6, 3.2.1, 12.5.1"],
  ["lifecycle-no-deletion-protection", "resource", "low", "6.5.6, 3.2.1, 12.5.1"],
  ["lifecycle-destroyable-data", "resource", "medium", "3.2.1, 6.5.6, 12.5.1"],
  ["iam-no-wildcard-actions", "resource", "high", "7.2.2, 7.2.1, 7.2.5, 7.3.1"],
  ["iam-no-not-action-not-resource", "resource", "high", "7.3.3, 7.2.1, 7.2.2"],
  ["iam-resource-wildcard-scoped", "resource", "medium", "7.2.5, 7.3.1, 7.2.2"],
  ["iam-passrole-scoped", "resource", "high", "7.2.5, 7.2.2, 7.3.1"],
  ["iam-no-public-principal", "resource", "critical", "7.3.1, 7.2.1, 7.3.3, 8.2.2"],
  ["iam-no-admin-managed-policies", "resource", "critical", "7.2.2, 7.2.1, 7.2.5"],
  ["iam-unknown-actions", "resource", "low", "7.2.5.1, 7.2.1"],
];

describe("pack manifest", () => {
  it("pins every policy's name, kind, severity and PCI references", () => {
    assert.deepEqual(
      catalog().map((c) => [c.name, c.kind, c.severity, c.pci.join(", ")]),
      MANIFEST,
    );
  });

  it("has unique, area-prefixed policy names", () => {
    const names = ALL_POLICIES.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    for (const policy of ALL_POLICIES) {
      const prefix = policy.name.split("-")[0];
      assert.equal(prefix, policy.area, policy.name);
    }
  });

  it("gives every policy complete metadata", () => {
    for (const policy of ALL_POLICIES) {
      assert.ok(policy.pci.length > 0 && policy.pci.every((id) => id in PCI_REQUIREMENTS), policy.name);
      assert.ok(policy.remediationSteps.length > 40, `${policy.name}: remediation steps too thin`);
      assert.ok(policy.description.length > 20, policy.name);
      assert.ok(policy.examples?.compliant && policy.examples.violating, `${policy.name}: examples missing`);
      for (const [key, schema] of Object.entries(policy.configProperties)) {
        assert.ok("default" in schema, `${policy.name}.${key} has no default`);
      }
    }
  });
});
