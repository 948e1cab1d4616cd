/**
 * zero-trust-payments with its optional parts switched off, and invalid settings refused.
 */
import assert from "node:assert/strict";
import {
  createZeroTrustPayments,
  type ZeroTrustPayments,
} from "../../../../reference-stacks/zero-trust-payments";
import { assertLeastPrivilegeDocuments, assertNoInternetPath } from "../helpers/assertions";
import { policyOf, runProgram, stackConfig, type ProgramRun } from "../helpers/pulumi-harness";

describe("zero-trust-payments options", function () {
  this.timeout(60000);
  let run: ProgramRun<ZeroTrustPayments>;

  before(async () => {
    run = await runProgram(
      {
        ...stackConfig("zero-trust-payments"),
        "finguard-reference:createTrail": "false",
        "finguard-reference:createWorkloadInstance": "false",
        "finguard-reference:environmentSuffix": "pr-7",
        "finguard-reference:secretRecoveryWindowInDays": "0",
      },
      () => createZeroTrustPayments(),
      { stack: "zero-trust-payments" },
    );
  });

  it("creates no trail, no trail alarms and no CloudTrail grant without createTrail", () => {
    assert.equal(run.ofType("aws:cloudtrail/trail:Trail").length, 0);
    assert.equal(
      run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").length,
      1,
      "only the application alarm",
    );
    const s3Key = run.one("aws:kms/key:Key", (k) => k.name === "ztp-s3-key-pr-7");
    assert.equal(policyOf(s3Key.inputs.policy).Statement.length, 1, "root statement only");
    const audit = run.one("aws:s3/bucketPolicy:BucketPolicy", (p) => p.name === "ztp-audit-pr-7-policy");
    assert.deepEqual(
      policyOf(audit.inputs.policy).Statement.map((s) => s.Sid),
      ["DenyInsecureTransport"],
    );
    assert.equal(run.result.outputs.trailName, undefined);
  });

  it("creates no instance without createWorkloadInstance, but keeps Session Manager ready", () => {
    assert.equal(run.ofType("aws:ec2/instance:Instance").length, 0);
    assert.equal(run.result.outputs.workloadInstanceId, undefined);
    assert.equal(run.ofType("aws:ssm/document:Document").length, 1);
    assert.equal(run.ofType("aws:iam/instanceProfile:InstanceProfile").length, 1);
  });

  it("uses the suffix from config everywhere and forces secret deletion when asked", () => {
    assert.equal(run.one("aws:secretsmanager/secret:Secret").inputs.name, "ztp-db-credentials-pr-7");
    assert.equal(run.one("aws:secretsmanager/secret:Secret").inputs.recoveryWindowInDays, 0);
    assertNoInternetPath(run);
    assertLeastPrivilegeDocuments(run);
  });

  it("refuses an unknown database mode and an invalid recovery window", async () => {
    const base = stackConfig("zero-trust-payments");
    await assert.rejects(
      runProgram({ ...base, "finguard-reference:databaseMode": "mysql" }, () => createZeroTrustPayments()),
      /databaseMode must be none or postgres/,
    );
    await assert.rejects(
      runProgram({ ...base, "finguard-reference:secretRecoveryWindowInDays": "3" }, () =>
        createZeroTrustPayments(),
      ),
      /secretRecoveryWindowInDays must be 0 or 7-30/,
    );
  });
});
