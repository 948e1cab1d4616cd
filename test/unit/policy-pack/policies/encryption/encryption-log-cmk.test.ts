import assert from "node:assert/strict";
import { encryptionLogCmk } from "../../../../../policy-pack/policies/encryption/encryption-log-cmk";
import { UNKNOWN, evaluateStack, type StackResourceCase } from "../../harness";
import { exemption, resource, stackKey } from "./stack-cases";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const TRAIL = "aws:cloudtrail/trail:Trail";

const evaluate = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(encryptionLogCmk, [stackKey(), ...cases], config);

// Key reference decisions (aliases, allow-list, StackReference, defer) are covered in key-references.test.ts.
describe("encryption-log-cmk", () => {
  it("accepts a log group and a trail encrypted with a stack key (unknown ARN in preview)", async () => {
    const cases = [
      resource(
        LOG_GROUP,
        "app-logs",
        { retentionInDays: 365, kmsKeyId: UNKNOWN },
        { kmsKeyId: ["data-key"] },
      ),
      resource(TRAIL, "audit", { s3BucketName: UNKNOWN, kmsKeyId: UNKNOWN }, { kmsKeyId: ["data-key"] }),
    ];
    assert.deepEqual(await evaluate(cases), { violations: [] });
  });

  it("reports a trail without a key", async () => {
    const verdict = await evaluate([resource(TRAIL, "audit", { s3BucketName: "audit-test" })]);
    assert.match(
      verdict.violations[0].message,
      /^kmsKeyId is not set, so log files are protected only by the bucket's server-side encryption; expected/,
    );
  });

  it("ignores resources of other types", async () => {
    assert.deepEqual(await evaluate([resource("aws:s3/bucket:Bucket", "b", {})]), { violations: [] });
  });

  it("reports a malformed key reference", async () => {
    const verdict = await evaluate([resource(LOG_GROUP, "app-logs", { kmsKeyId: true })]);
    assert.match(verdict.violations[0].message, /^kmsKeyId is true, not a key id, ARN or alias/);
  });

  it("exempts a log group until its exemption expires", async () => {
    const logGroup = resource(LOG_GROUP, "vendor-logs", {});
    const valid = await evaluate([logGroup], { exemptions: [exemption(LOG_GROUP, "vendor-logs")] });
    assert.deepEqual(valid.violations, []);
    assert.match(valid.notApplicable ?? "", /^exempted .*vendor-logs: Migration/);
    const expired = await evaluate([logGroup], {
      exemptions: [exemption(LOG_GROUP, "vendor-logs", { expires: "2020-12-31" })],
    });
    assert.match(expired.violations[0].message, /Exemption not applied because it expired on 2020-12-31/);
  });
});
