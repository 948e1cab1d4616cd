import assert from "node:assert/strict";
import { encryptionMessagingCmk } from "../../../../../policy-pack/policies/encryption/encryption-messaging-cmk";
import { UNKNOWN, evaluateStack, type StackResourceCase } from "../../harness";
import { exemption, resource, stackAlias, stackKey } from "./stack-cases";

const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";
const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

const evaluate = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(encryptionMessagingCmk, [stackKey(), stackAlias("messaging", "data-key"), ...cases], config);
const events = resource(
  STREAM,
  "events",
  { encryptionType: "KMS", kmsKeyId: UNKNOWN },
  { kmsKeyId: ["data-key"] },
);
const firstParts = async (cases: StackResourceCase[]) =>
  (await evaluate(cases)).violations.map((v) => v.message.split(";")[0]);

describe("encryption-messaging-cmk", () => {
  describe("compliant", () => {
    it("accepts topics, queues, streams and Firehose with stack keys or aliases", async () => {
      const cases = [
        resource(TOPIC, "alerts", { kmsMasterKeyId: UNKNOWN }, { kmsMasterKeyId: ["messaging"] }),
        resource(QUEUE, "payments", { kmsMasterKeyId: "alias/messaging" }),
        resource(STREAM, "events", { encryptionType: "KMS", kmsKeyId: UNKNOWN }, { kmsKeyId: ["data-key"] }),
        resource(
          FIREHOSE,
          "archive",
          { serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: UNKNOWN } },
          { serverSideEncryption: ["data-key"] },
        ),
      ];
      assert.deepEqual(await evaluate(cases), { violations: [] });
    });

    it("leaves a Firehose reading from a Kinesis stream to the stream's encryption", async () => {
      const firehose = resource(
        FIREHOSE,
        "archive",
        { kinesisSourceConfiguration: { kinesisStreamArn: UNKNOWN } },
        {
          kinesisSourceConfiguration: ["events"],
        },
      );
      assert.deepEqual(await evaluate([events, firehose]), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports SQS-managed SSE as not customer-managed", async () => {
      assert.deepEqual(await firstParts([resource(QUEUE, "payments", { sqsManagedSseEnabled: true })]), [
        "kmsMasterKeyId is not set, so messages use SQS-owned keys (sqsManagedSseEnabled) or no encryption",
      ]);
    });

    it("reports an AWS managed SNS key, an unencrypted stream and an AWS owned Firehose key", async () => {
      const found = await firstParts([
        resource(TOPIC, "alerts", { kmsMasterKeyId: "alias/aws/sns" }),
        resource(STREAM, "events", { encryptionType: "NONE" }),
        resource(FIREHOSE, "archive", { serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } }),
      ]);
      assert.deepEqual(found, [
        'kmsMasterKeyId is "alias/aws/sns", an AWS managed key',
        'encryptionType is "NONE"',
        'serverSideEncryption.keyType is "AWS_OWNED_CMK"',
      ]);
    });
  });

  describe("unknown during preview", () => {
    it("cannot tell whether a Firehose has a Kinesis source when that setting is unknown", async () => {
      const firehose = resource(
        FIREHOSE,
        "archive",
        { kinesisSourceConfiguration: UNKNOWN },
        { kinesisSourceConfiguration: ["events"] },
      );
      const verdict = await evaluate([events, firehose], { unverifiedKeyReferences: "defer" });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /deferred .*::archive: serverSideEncryption.enabled is not set.*This applies only if kinesisSourceConfiguration is not set/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports a key reference of the wrong type", async () => {
      const [message] = await firstParts([resource(QUEUE, "payments", { kmsMasterKeyId: { id: "k" } })]);
      assert.equal(message, 'kmsMasterKeyId is {"id":"k"}, not a key id, ARN or alias');
    });
  });

  describe("exemptions", () => {
    it("exempts by URN pattern", async () => {
      const config = {
        exemptions: [
          { urnPattern: "*::aws:sqs/queue:Queue::legacy-*", reason: "vendor queue", expires: "2999-01-01" },
        ],
      };
      const verdict = await evaluate([resource(QUEUE, "legacy-payments", {})], config);
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /^exempted .*legacy-payments: vendor queue/);
    });

    it("does not apply an expired exemption", async () => {
      const config = { exemptions: [exemption(QUEUE, "payments", { expires: "2022-01-01" })] };
      const verdict = await evaluate([resource(QUEUE, "payments", {})], config);
      assert.match(verdict.violations[0].message, /Exemption not applied because it expired on 2022-01-01/);
    });
  });
});
