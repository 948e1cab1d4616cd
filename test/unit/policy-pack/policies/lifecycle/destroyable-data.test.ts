import assert from "node:assert/strict";
import { destroyableData } from "../../../../../policy-pack/policies/lifecycle/destroyable-data";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";

const RDS = "aws:rds/instance:Instance";
const BUCKET = "aws:s3/bucket:Bucket";
const SECRET = "aws:secretsmanager/secret:Secret";
const check = (
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
  name = "subject",
) => evaluateResource(destroyableData, { type, name, props, config });

describe("lifecycle-destroyable-data", () => {
  describe("compliant", () => {
    it("passes data stores that go away on destroy", async () => {
      const cases: Array<[string, Record<string, unknown>]> = [
        [RDS, { skipFinalSnapshot: true }],
        ["aws:rds/cluster:Cluster", { skipFinalSnapshot: true, deleteAutomatedBackups: true }],
        [BUCKET, { forceDestroy: true }],
        ["aws:ecr/repository:Repository", { forceDelete: true }],
        [SECRET, { recoveryWindowInDays: 0 }],
        [SECRET, { recoveryWindowInDays: 7 }],
        ["aws:elasticache/replicationGroup:ReplicationGroup", {}],
        ["aws:cloudwatch/logGroup:LogGroup", { skipDestroy: false }],
        ["aws:fsx/windowsFileSystem:WindowsFileSystem", { skipFinalBackup: true }],
      ];
      for (const [type, props] of cases)
        assert.deepEqual(await check(type, props), { violations: [] }, `${type} ${JSON.stringify(props)}`);
    });

    it("uses the configured secret recovery window", async () => {
      assert.deepEqual(await check(SECRET, {}, { maxSecretRecoveryWindowDays: 30 }), { violations: [] });
    });

    it("does not apply outside the configured environments", async () => {
      assert.deepEqual(await check(RDS, {}, { environments: ["dev"], environment: "prod" }), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("reports a database that would leave a final snapshot behind", async () => {
      assert.deepEqual((await check(RDS, {})).violations, [
        "skipFinalSnapshot is not set (defaults to false): destroy leaves a final snapshot behind, a copy of the data " +
          "outside any stack. Expected skipFinalSnapshot: true.",
      ]);
    });

    it("reports each problem of a resource separately", async () => {
      const verdict = await check("aws:rds/cluster:Cluster", {
        skipFinalSnapshot: false,
        deleteAutomatedBackups: false,
      });
      assert.deepEqual(verdict.violations, [
        "skipFinalSnapshot is false: destroy leaves a final snapshot behind, a copy of the data outside any stack. Expected skipFinalSnapshot: true.",
        "deleteAutomatedBackups is false: automated backups outlive the database. Expected deleteAutomatedBackups: true.",
      ]);
    });

    it("reports buckets and repositories that cannot be destroyed while they hold data", async () => {
      assert.match(
        (await check(BUCKET, {})).violations[0],
        /^forceDestroy is not set \(defaults to false\): destroy fails while the bucket holds objects/,
      );
      assert.match(
        (await check("aws:backup/vault:Vault", { forceDestroy: false })).violations[0],
        /recovery points/,
      );
      assert.match(
        (await check("aws:ecr/repository:Repository", {})).violations[0],
        /^forceDelete is not set.*holds images/,
      );
    });

    it("reports a secret recovery window longer than the maximum", async () => {
      assert.deepEqual((await check(SECRET, {})).violations, [
        "recoveryWindowInDays is not set (defaults to 30): a destroyed secret stays recoverable, and its name taken, for " +
          "30 days. Expected recoveryWindowInDays <= 7 (0 deletes at once).",
      ]);
      assert.match(
        (await check(SECRET, { recoveryWindowInDays: 14 })).violations[0],
        /^recoveryWindowInDays is 14:/,
      );
    });

    it("reports final snapshot names and skipDestroy", async () => {
      const cache = await check("aws:elasticache/cluster:Cluster", { finalSnapshotIdentifier: "last-cache" });
      assert.match(
        cache.violations[0],
        /^finalSnapshotIdentifier is "last-cache": destroy leaves a final snapshot behind/,
      );
      const memory = await check("aws:memorydb/cluster:Cluster", { finalSnapshotName: "last" });
      assert.match(memory.violations[0], /^finalSnapshotName is "last"/);
      const logs = await check("aws:cloudwatch/logGroup:LogGroup", { skipDestroy: true });
      assert.match(
        logs.violations[0],
        /^skipDestroy is true: destroy only removes it from the stack and leaves it, and its data, in the account/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("defers when the only relevant setting is unknown", async () => {
      const verdict = await check(RDS, { skipFinalSnapshot: UNKNOWN });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("reports what it can decide instead of deferring", async () => {
      const verdict = await check(RDS, { skipFinalSnapshot: UNKNOWN, deleteAutomatedBackups: false });
      assert.deepEqual(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /^deleteAutomatedBackups is false/);
    });
  });

  describe("malformed input", () => {
    it("reports settings of the wrong type and impossible recovery windows", async () => {
      assert.deepEqual((await check(BUCKET, { forceDestroy: "yes" })).violations, [
        'forceDestroy must be a boolean, got "yes". Expected forceDestroy: true.',
      ]);
      for (const recoveryWindowInDays of [3, 31, "a week", 7.5]) {
        const verdict = await check(SECRET, { recoveryWindowInDays });
        assert.match(
          verdict.violations[0],
          /^recoveryWindowInDays must be 0 or 7 to 30/,
          JSON.stringify(recoveryWindowInDays),
        );
      }
    });

    it("fails closed on a recovery window maximum out of range or fractional", async () => {
      assert.match(
        (await check(SECRET, {}, { maxSecretRecoveryWindowDays: 45 })).violations[0],
        /'maxSecretRecoveryWindowDays' must be <= 30/,
      );
      assert.match(
        (await check(SECRET, {}, { maxSecretRecoveryWindowDays: 7.5 })).violations[0],
        /must be a whole number of days/,
      );
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(RDS, "audit-db-test");

    it("exempts one finding by id and keeps the others", async () => {
      const exemptions = [
        {
          urn,
          reason: "Snapshot kept as test evidence",
          expires: "2999-01-01",
          findings: ["skipFinalSnapshot"],
        },
      ];
      const verdict = await check(RDS, { deleteAutomatedBackups: false }, { exemptions }, "audit-db-test");
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /^deleteAutomatedBackups is false/);
    });

    it("reports a fully exempted resource as not applicable", async () => {
      const exemptions = [{ urn, reason: "Snapshot kept as test evidence", expires: "2999-01-01" }];
      const verdict = await check(RDS, {}, { exemptions }, "audit-db-test");
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Snapshot kept as test evidence \(expires 2999-01-01\); suppressed: skipFinalSnapshot/,
      );
    });
  });
});
