import assert from "node:assert/strict";
import { noDeletionProtection } from "../../../../../policy-pack/policies/lifecycle/no-deletion-protection";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";

const check = (
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
  name = "subject",
) => evaluateResource(noDeletionProtection, { type, name, props, config });

describe("lifecycle-no-deletion-protection", () => {
  describe("compliant", () => {
    it("passes protections that are off or unset where AWS defaults them off", async () => {
      const cases: Array<[string, Record<string, unknown>]> = [
        ["aws:rds/instance:Instance", { deletionProtection: false }],
        ["aws:rds/cluster:Cluster", {}],
        ["aws:dynamodb/table:Table", { deletionProtectionEnabled: false }],
        ["aws:lb/loadBalancer:LoadBalancer", { enableDeletionProtection: false }],
        ["aws:cognito/userPool:UserPool", { deletionProtection: "INACTIVE" }],
        ["aws:qldb/ledger:Ledger", { deletionProtection: false }],
      ];
      for (const [type, props] of cases) assert.deepEqual(await check(type, props), { violations: [] }, type);
    });

    it("accepts termination protection the provider lifts itself with forceDestroy", async () => {
      const verdict = await check("aws:ec2/instance:Instance", {
        disableApiTermination: true,
        forceDestroy: true,
      });
      assert.deepEqual(verdict, { violations: [] });
    });

    it("does not apply outside the configured environments", async () => {
      const config = { environments: ["dev", "test"], environment: "prod" };
      assert.deepEqual(await check("aws:rds/instance:Instance", { deletionProtection: true }, config), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("names the property, its value and the expected value", async () => {
      assert.deepEqual((await check("aws:rds/instance:Instance", { deletionProtection: true })).violations, [
        "deletionProtection is true: AWS refuses to delete this resource, so `pulumi destroy` fails. Expected deletionProtection: false.",
      ]);
    });

    it("covers each protection property", async () => {
      const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        [
          "aws:dynamodb/table:Table",
          { deletionProtectionEnabled: true },
          /^deletionProtectionEnabled is true/,
        ],
        [
          "aws:alb/loadBalancer:LoadBalancer",
          { enableDeletionProtection: true },
          /^enableDeletionProtection is true/,
        ],
        ["aws:neptune/cluster:Cluster", { deletionProtection: true }, /^deletionProtection is true/],
        ["aws:docdb/cluster:Cluster", { deletionProtection: "true" }, /^deletionProtection is "true"/],
        [
          "aws:ec2/launchTemplate:LaunchTemplate",
          { disableApiTermination: true },
          /Expected disableApiTermination: false\.$/,
        ],
        ["aws:emr/cluster:Cluster", { terminationProtection: true }, /^terminationProtection is true/],
        [
          "aws:cognito/userPool:UserPool",
          { deletionProtection: "ACTIVE" },
          /^deletionProtection is "ACTIVE".*Expected deletionProtection: "INACTIVE"\.$/,
        ],
        [
          "aws:verifiedpermissions/policyStore:PolicyStore",
          { deletionProtection: "ENABLED" },
          /Expected deletionProtection: "DISABLED"/,
        ],
      ];
      for (const [type, props, pattern] of cases) {
        const verdict = await check(type, props);
        assert.equal(verdict.violations.length, 1, type);
        assert.match(verdict.violations[0], pattern, type);
      }
    });

    it("reports resources AWS protects unless told otherwise", async () => {
      assert.deepEqual((await check("aws:qldb/ledger:Ledger", {})).violations, [
        "deletionProtection is not set, and AWS defaults it to protected: AWS refuses to delete this resource, so " +
          "`pulumi destroy` fails. Expected deletionProtection: false.",
      ]);
      const trailStore = await check("aws:cloudtrail/eventDataStore:EventDataStore", {});
      assert.match(
        trailStore.violations[0],
        /^terminationProtectionEnabled is not set, and AWS defaults it to protected/,
      );
    });

    it("mentions forceDestroy where the provider can lift the protection", async () => {
      const verdict = await check("aws:ec2/instance:Instance", {
        disableApiTermination: true,
        forceDestroy: false,
      });
      assert.match(
        verdict.violations[0],
        /Expected disableApiTermination: false \(or forceDestroy: true\)\.$/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("defers when the protection flag is unknown", async () => {
      const verdict = await check("aws:rds/cluster:Cluster", { deletionProtection: UNKNOWN });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("defers when protection is on and forceDestroy is unknown", async () => {
      const verdict = await check("aws:dsql/cluster:Cluster", {
        deletionProtectionEnabled: true,
        forceDestroy: UNKNOWN,
      });
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("decides when protection is off whatever other inputs are unknown", async () => {
      assert.deepEqual(
        await check("aws:ec2/instance:Instance", {
          disableApiTermination: false,
          forceDestroy: UNKNOWN,
          ami: UNKNOWN,
        }),
        {
          violations: [],
        },
      );
    });
  });

  describe("malformed input", () => {
    it("reports values of the wrong type or outside the enum", async () => {
      const flag = await check("aws:rds/instance:Instance", { deletionProtection: "yes" });
      assert.deepEqual(flag.violations, [
        'deletionProtection must be a boolean, got "yes". Expected deletionProtection: false.',
      ]);
      const pool = await check("aws:cognito/userPool:UserPool", { deletionProtection: "ON" });
      assert.match(pool.violations[0], /^deletionProtection must be "ACTIVE" or "INACTIVE", got "ON"/);
    });

    it("fails closed on malformed environments", async () => {
      const verdict = await check("aws:rds/instance:Instance", {}, { environments: [1] });
      assert.match(
        verdict.violations[0],
        /invalid configuration for policy 'lifecycle-no-deletion-protection': 'environments' must be an array of strings/,
      );
    });
  });

  describe("exemptions", () => {
    it("reports an exempted resource as not applicable", async () => {
      const urn = urnOf("aws:rds/instance:Instance", "ledger-db-test");
      const config = {
        exemptions: [
          { urn, reason: "Shared ledger, destroyed by DBA runbook", expires: "2999-01-01", ticket: "CHG-77" },
        ],
      };
      const verdict = await check(
        "aws:rds/instance:Instance",
        { deletionProtection: true },
        config,
        "ledger-db-test",
      );
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Shared ledger, destroyed by DBA runbook \[ticket CHG-77\]/,
      );
    });
  });
});
