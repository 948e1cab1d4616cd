/**
 * Acme's PCI pack, built on FinGuard with typed settings (docs/guides/custom-pack.md).
 *
 * Every setting here becomes the policy's default: `pulumi preview --policy-pack .` and Pulumi Cloud
 * run it as written, and a policy group's config can still override any of it.
 */
import { PolicyPack } from "@pulumi/policy";
import { buildPolicies, type PolicySettingsMap } from "@finguard/aws-pci-policies/library";

/** The one VPC allowed to face the internet (PCI DSS 1.4.2); every network policy must agree. */
const dmz = { authorizedDmzVpcs: ["urn:pulumi:prod::edge::*aws:ec2/vpc:Vpc::edge-vpc"] };

/** Destroyability is hygiene for short-lived stacks; production keeps its protections. */
const ephemeral = { environments: ["dev", "test", "pr-*"] };

const policies: PolicySettingsMap = {
  "tags-required": {
    requiredTags: ["Environment", "Owner", "CostCenter", "DataClassification", "Team"],
    allowedValues: { DataClassification: "^(Public|Internal|Confidential|Cardholder)$" },
  },
  // PCI DSS 10.5.1 asks for 12 months of audit history; Acme keeps all of it in CloudWatch.
  "logging-log-group-retention": { minimumDays: 365 },
  "logging-log-bucket-lifecycle": { archiveDays: 365 },
  "network-no-internet-gateway": dmz,
  "network-no-internet-route": dmz,
  "network-no-nat-gateway": dmz,
  "network-no-public-subnet": dmz,
  "network-no-public-ip": dmz,
  "network-no-internet-facing-lb": dmz,
  "network-no-open-ingress": { ...dmz, dmzIngressPorts: [443] },
  "network-awsx-vpc-private": dmz,
  "network-awsx-lb-internal": dmz,
  "lifecycle-no-protect": ephemeral,
  "lifecycle-no-deletion-protection": ephemeral,
  "lifecycle-destroyable-data": ephemeral,
  // A misspelt action is a bug in a least-privilege policy: block it.
  "iam-unknown-actions": "mandatory",
  "encryption-s3-cmk": {
    exemptions: [
      {
        urnPattern: "urn:pulumi:*::legacy-reports::*aws:s3/bucket:Bucket::reports-*",
        reason: "Legacy report buckets hold no account data; they move to the shared CMK in Q1.",
        ticket: "RISK-311",
        expires: "2027-03-31",
      },
    ],
  },
};

new PolicyPack("acme-pci-guardrails", {
  policies: buildPolicies({
    // Acme names resources with its own scheme, so FinGuard's naming convention is left out.
    exclude: ["naming-environment-suffix"],
    policies,
  }),
});
