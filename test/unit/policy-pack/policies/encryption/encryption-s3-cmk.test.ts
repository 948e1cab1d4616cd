import assert from "node:assert/strict";
import { encryptionS3Cmk } from "../../../../../policy-pack/policies/encryption/encryption-s3-cmk";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateStack, urnOf, type StackResourceCase } from "../../harness";
import { exemption, resource, stackKey, stackReference } from "./stack-cases";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SSE_V2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";

const bucket = (
  name = "statements",
  props: Record<string, unknown> = {},
  deps: Record<string, string[]> = {},
) => resource(BUCKET, name, { bucket: `${name}-test`, ...props }, deps);

/** A configuration resource for `bucketName`, its key built from `keySources`. */
const sseConfig = (
  name: string,
  byDefault: Record<string, unknown> | undefined,
  { bucketName = "statements", keySources = ["data-key"], type = SSE } = {},
): StackResourceCase =>
  resource(
    type,
    name,
    {
      bucket: UNKNOWN,
      rules: byDefault ? [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: true }] : [],
    },
    { bucket: [bucketName], rules: keySources },
  );

const KMS_DEFAULT = { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN };
const evaluate = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(encryptionS3Cmk, cases, config);

describe("encryption-s3-cmk", () => {
  describe("compliant", () => {
    it("accepts a bucket whose configuration resource uses a stack key (unknown ARN in preview)", async () => {
      const verdict = await evaluate([stackKey(), bucket(), sseConfig("statements-sse", KMS_DEFAULT)]);
      assert.deepEqual(verdict, { violations: [] });
    });

    it("accepts the deprecated V2 configuration token and dual-layer DSSE-KMS", async () => {
      const config = sseConfig(
        "statements-sse",
        { ...KMS_DEFAULT, sseAlgorithm: "aws:kms:dsse" },
        { type: SSE_V2 },
      );
      assert.deepEqual(await evaluate([stackKey(), bucket(), config]), { violations: [] });
    });

    it("links a configuration to its bucket by the bucket's literal name", async () => {
      const config = { ...sseConfig("statements-sse", KMS_DEFAULT, { bucketName: "none" }) };
      config.props = { ...config.props, bucket: "statements-test" };
      assert.deepEqual(await evaluate([stackKey(), bucket(), config]), { violations: [] });
    });

    it("accepts a legacy inline configuration with a stack key on a v7 Bucket", async () => {
      const inline = { rule: { applyServerSideEncryptionByDefault: KMS_DEFAULT } };
      const verdict = await evaluate([
        stackKey(),
        bucket(
          "statements",
          { serverSideEncryptionConfiguration: inline },
          { serverSideEncryptionConfiguration: ["data-key"] },
        ),
      ]);
      assert.deepEqual(verdict, { violations: [] });
    });

    it("accepts the deprecated BucketV2's inline list of configurations", async () => {
      const inline = [{ rules: [{ applyServerSideEncryptionByDefaults: [KMS_DEFAULT] }] }];
      const verdict = await evaluate([
        stackKey(),
        resource(
          BUCKET_V2,
          "legacy",
          { serverSideEncryptionConfigurations: inline },
          { serverSideEncryptionConfigurations: ["data-key"] },
        ),
      ]);
      assert.deepEqual(verdict, { violations: [] });
    });

    it("ignores a targeted bucket's inline output (the AWS default until refreshed)", async () => {
      const inline = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } };
      const verdict = await evaluate([
        stackKey(),
        bucket("statements", { serverSideEncryptionConfiguration: inline }),
        sseConfig("statements-sse", KMS_DEFAULT),
      ]);
      assert.deepEqual(verdict, { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports a bucket without any encryption configuration (cannot be dodged by omission)", async () => {
      const verdict = await evaluate([stackKey(), bucket()]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(BUCKET, "statements"),
          message:
            "the bucket has no server-side encryption configuration: no aws:s3/bucketServerSideEncryptionConfiguration " +
            "resource targets it through its `bucket` input and its inline serverSideEncryptionConfiguration sets no " +
            "default encryption, so S3 applies SSE-S3 (AES256); expected a customer-managed KMS key (an aws:kms/key:Key " +
            "of this stack, an alias of one, or a key matching allowedKeyArns).",
        },
      ]);
    });

    it("reports AES256 on the configuration resource, not on the bucket", async () => {
      const verdict = await evaluate([
        bucket(),
        sseConfig("statements-sse", { sseAlgorithm: "AES256" }, { keySources: [] }),
      ]);
      assert.deepEqual(
        verdict.violations.map((v) => [v.urn, v.message]),
        [
          [
            urnOf(SSE, "statements-sse"),
            'rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256"; expected "aws:kms" or "aws:kms:dsse", ' +
              "with rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId set to a customer-managed KMS key.",
          ],
        ],
      );
    });

    it("reports aws:kms without a key (aws/s3) and with an AWS managed alias", async () => {
      const noKey = await evaluate([
        bucket(),
        sseConfig("sse", { sseAlgorithm: "aws:kms" }, { keySources: [] }),
      ]);
      assert.match(
        noKey.violations[0].message,
        /kmsMasterKeyId is not set, so the AWS managed key aws\/s3 is used/,
      );
      const managed = await evaluate([
        bucket(),
        sseConfig("sse", { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }),
      ]);
      assert.match(managed.violations[0].message, /kmsMasterKeyId is "alias\/aws\/s3", an AWS managed key/);
    });

    it("reports a configuration whose rules set no default encryption", async () => {
      const verdict = await evaluate([bucket(), sseConfig("statements-sse", undefined)]);
      assert.equal(verdict.violations.length, 1);
      assert.match(
        verdict.violations[0].message,
        /^no rule sets applyServerSideEncryptionByDefault, so S3 applies SSE-S3/,
      );
    });

    it("checks configuration resources whose bucket is not in the stack", async () => {
      const config = sseConfig("external-sse", { sseAlgorithm: "AES256" }, { bucketName: "none" });
      const verdict = await evaluate([config]);
      assert.equal(verdict.violations[0].urn, urnOf(SSE, "external-sse"));
    });

    it("reports an inline AES256 configuration when no resource targets the bucket", async () => {
      const inline = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } };
      const verdict = await evaluate([bucket("statements", { serverSideEncryptionConfiguration: inline })]);
      assert.match(
        verdict.violations[0].message,
        /^serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm is "AES256"/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("treats a provider-computed inline configuration (unknown, built from nothing) as absent", async () => {
      const verdict = await evaluate([
        bucket("statements", { serverSideEncryptionConfiguration: UNKNOWN_OBJECT }),
      ]);
      assert.match(verdict.violations[0].message, /^the bucket has no server-side encryption configuration/);
    });

    it("decides rules that are entirely unknown but built from a stack key", async () => {
      const config = resource(
        SSE,
        "sse",
        { bucket: UNKNOWN, rules: UNKNOWN },
        { bucket: ["statements"], rules: ["data-key"] },
      );
      assert.deepEqual(await evaluate([stackKey(), bucket(), config]), { violations: [] });
    });

    it("fails closed on a key from another stack unknown during preview, or defers when configured", async () => {
      const cases = [
        stackReference(),
        bucket(),
        sseConfig("sse", KMS_DEFAULT, { keySources: ["central-keys"] }),
      ];
      const strict = await evaluate(cases);
      assert.match(
        strict.violations[0].message,
        /kmsMasterKeyId is unknown during preview and built from pulumi:pulumi:StackReference/,
      );
      const lenient = await evaluate(cases, { unverifiedKeyReferences: "defer" });
      assert.deepEqual(lenient.violations, []);
      assert.match(lenient.notApplicable ?? "", /^deferred .*::sse: rules\[0\]/);
    });
  });

  describe("malformed input", () => {
    it("reports rules that are not a list of objects", async () => {
      const config = resource(SSE, "sse", { bucket: UNKNOWN, rules: "aws:kms" }, { bucket: ["statements"] });
      const verdict = await evaluate([bucket(), config]);
      assert.match(verdict.violations[0].message, /^no rule sets applyServerSideEncryptionByDefault/);
    });

    it("reports an sseAlgorithm of the wrong type", async () => {
      const verdict = await evaluate([
        stackKey(),
        bucket(),
        sseConfig("sse", { sseAlgorithm: 1, kmsMasterKeyId: UNKNOWN }),
      ]);
      assert.match(verdict.violations[0].message, /sseAlgorithm is 1; expected "aws:kms" or "aws:kms:dsse"/);
    });
  });

  describe("exemptions", () => {
    it("exempts a bucket's finding with its reason, reported as not applicable", async () => {
      const verdict = await evaluate([bucket()], { exemptions: [exemption(BUCKET, "statements")] });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted urn:.*::statements: Migration to the central key in progress \[ticket RISK-7\] \(expires 2999-01-01\); suppressed: the bucket has no/,
      );
    });

    it("does not apply an expired exemption and says why", async () => {
      const verdict = await evaluate([bucket()], {
        exemptions: [exemption(BUCKET, "statements", { expires: "2021-06-30" })],
      });
      assert.match(verdict.violations[0].message, /Exemption not applied because it expired on 2021-06-30/);
    });
  });
});
