import assert from "node:assert/strict";
import { networkNoPublicDatabase } from "../../../../../policy-pack/policies/network/network-no-public-database";
import { evaluateResource, urnOf } from "../../harness";

const RDS = "aws:rds/instance:Instance";
const DMS = "aws:dms/replicationInstance:ReplicationInstance";
const BOOLEAN_UNKNOWN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
const evaluate = (type: string, props: Record<string, unknown>, extra: object = {}) =>
  evaluateResource(networkNoPublicDatabase, { type, props, ...extra });

describe("network-no-public-database", () => {
  describe("compliant", () => {
    it("passes databases that are not publicly accessible, explicitly or by default", async () => {
      for (const [type, props] of [
        [RDS, { publiclyAccessible: false }],
        [RDS, {}],
        ["aws:rds/clusterInstance:ClusterInstance", {}],
        ["aws:redshift/cluster:Cluster", { publiclyAccessible: false }],
        ["aws:redshiftserverless/workgroup:Workgroup", {}],
        ["aws:neptune/clusterInstance:ClusterInstance", { publiclyAccessible: "false" }],
        [DMS, { publiclyAccessible: false }],
      ] as const) {
        assert.deepEqual(await evaluate(type, props), { violations: [] }, type);
      }
    });

    it("ignores other resource types", async () => {
      assert.deepEqual(await evaluate("aws:rds/cluster:Cluster", { publiclyAccessible: true }), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("reports publiclyAccessible: true", async () => {
      assert.deepEqual(await evaluate(RDS, { publiclyAccessible: true }), {
        violations: [
          "publiclyAccessible is true: the RDS DB instance gets an endpoint reachable from the internet. Expected " +
            "publiclyAccessible: false (PCI DSS 1.4.4 holds in a DMZ too).",
        ],
      });
    });

    it("reports a DMS replication instance that leaves publiclyAccessible unset (AWS makes it public)", async () => {
      const verdict = await evaluate(DMS, { replicationInstanceClass: "dms.t3.micro" });
      assert.match(
        verdict.violations[0],
        /^publiclyAccessible is not set, and AWS then makes a DMS replication instance reachable from the internet/,
      );
    });

    it("reports Redshift clusters and workgroups", async () => {
      for (const type of ["aws:redshift/cluster:Cluster", "aws:redshiftserverless/workgroup:Workgroup"]) {
        assert.equal((await evaluate(type, { publiclyAccessible: true })).violations.length, 1, type);
      }
    });
  });

  describe("unknown during preview", () => {
    it("defers an unknown publiclyAccessible with the SDK's advisory", async () => {
      const verdict = await evaluate(RDS, { publiclyAccessible: BOOLEAN_UNKNOWN });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });
  });

  describe("malformed input", () => {
    it("reports a publiclyAccessible that is not a boolean", async () => {
      const verdict = await evaluate(RDS, { publiclyAccessible: "sometimes" });
      assert.match(verdict.violations[0], /^publiclyAccessible must be a boolean, got "sometimes"/);
    });
  });

  describe("exemptions", () => {
    it("suppresses an exempted database with its reason", async () => {
      const urn = urnOf(RDS, "reporting");
      const config = {
        exemptions: [{ urn, reason: "Read replica for BI vendor, IP-restricted", expires: "2999-01-01" }],
      };
      const verdict = await evaluate(RDS, { publiclyAccessible: true }, { name: "reporting", config });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Read replica for BI vendor, IP-restricted \(expires 2999-01-01\)/,
      );
    });

    it("does not apply an expired exemption", async () => {
      const urn = urnOf(RDS, "reporting");
      const config = { exemptions: [{ urn, reason: "BI vendor", expires: "2024-02-29" }] };
      const verdict = await evaluate(RDS, { publiclyAccessible: true }, { name: "reporting", config });
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2024-02-29/);
    });
  });
});
