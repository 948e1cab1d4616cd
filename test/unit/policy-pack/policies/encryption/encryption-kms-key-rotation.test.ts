import assert from "node:assert/strict";
import { encryptionKmsKeyRotation } from "../../../../../policy-pack/policies/encryption/encryption-kms-key-rotation";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";

const KEY = "aws:kms/key:Key";
const key = (props: Record<string, unknown>, extra: object = {}) =>
  evaluateResource(encryptionKmsKeyRotation, { type: KEY, name: "data-key", props, ...extra });

describe("encryption-kms-key-rotation", () => {
  describe("compliant", () => {
    it("accepts rotation with the AWS default period and with a shorter one", async () => {
      assert.deepEqual(await key({ enableKeyRotation: true }), { violations: [] });
      assert.deepEqual(await key({ enableKeyRotation: true, rotationPeriodInDays: 90 }), { violations: [] });
    });

    it("accepts keys AWS cannot rotate (asymmetric, HMAC, custom key store) by default", async () => {
      for (const props of [
        { keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "RSA_2048" },
        { keyUsage: "GENERATE_VERIFY_MAC", customerMasterKeySpec: "HMAC_256" },
        { customKeyStoreId: "cks-1234" },
      ]) {
        assert.deepEqual(await key(props), { violations: [] }, JSON.stringify(props));
      }
    });

    it("ignores other resource types", async () => {
      const verdict = await evaluateResource(encryptionKmsKeyRotation, {
        type: "aws:kms/replicaKey:ReplicaKey",
        props: {},
      });
      assert.deepEqual(verdict, { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports rotation left at its default (off) or disabled", async () => {
      assert.deepEqual((await key({})).violations, [
        "enableKeyRotation is not set; expected true (automatic rotation at most every 365 days).",
      ]);
      assert.match(
        (await key({ enableKeyRotation: false })).violations[0],
        /^enableKeyRotation is false; expected true/,
      );
    });

    it("reports a rotation period longer than the configured cryptoperiod, including the AWS default", async () => {
      assert.deepEqual((await key({ enableKeyRotation: true, rotationPeriodInDays: 730 })).violations, [
        "rotationPeriodInDays is 730; expected at most 365 days.",
      ]);
      const verdict = await key({ enableKeyRotation: true }, { config: { maxRotationPeriodInDays: 180 } });
      assert.deepEqual(verdict.violations, [
        "rotationPeriodInDays is not set (AWS default 365 days); expected at most 180 days.",
      ]);
    });

    it("reports keys that cannot rotate when allowNonRotatableKeys is false", async () => {
      const verdict = await key(
        { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" },
        { config: { allowNonRotatableKeys: false } },
      );
      assert.deepEqual(verdict.violations, [
        'keyUsage is "SIGN_VERIFY": AWS KMS cannot rotate this key automatically; expected a symmetric ENCRYPT_DECRYPT key in AWS KMS (allowNonRotatableKeys is false).',
      ]);
    });
  });

  describe("unknown during preview", () => {
    it("defers when the rotation flag or the period is unknown", async () => {
      assert.match(
        (await key({ enableKeyRotation: UNKNOWN })).deferred ?? "",
        /can't be known during preview/,
      );
      assert.match(
        (await key({ enableKeyRotation: true, rotationPeriodInDays: UNKNOWN })).deferred ?? "",
        /can't be known/,
      );
    });

    it("decides rotation on even when the key spec is unknown", async () => {
      assert.deepEqual(await key({ enableKeyRotation: true, customerMasterKeySpec: UNKNOWN }), {
        violations: [],
      });
    });

    it("defers a key without rotation whose spec is unknown (it may be asymmetric)", async () => {
      const verdict = await key({ customerMasterKeySpec: UNKNOWN });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("decides an asymmetric key whatever the unknowns", async () => {
      assert.deepEqual(await key({ keyUsage: "SIGN_VERIFY", customerMasterKeySpec: UNKNOWN }), {
        violations: [],
      });
    });
  });

  describe("malformed input", () => {
    it("reports a rotation flag or period of the wrong type", async () => {
      assert.match(
        (await key({ enableKeyRotation: "true" })).violations[0],
        /^enableKeyRotation is "true"; expected true/,
      );
      assert.match(
        (await key({ enableKeyRotation: true, rotationPeriodInDays: "90" })).violations[0],
        /^rotationPeriodInDays is "90"; expected a number of days <= 365/,
      );
    });

    it("fails closed on config out of the AWS range", async () => {
      const verdict = await key({ enableKeyRotation: true }, { config: { maxRotationPeriodInDays: 30 } });
      assert.deepEqual(verdict.violations, [
        "invalid configuration for policy 'encryption-kms-key-rotation': 'maxRotationPeriodInDays' must be >= 90",
      ]);
    });
  });

  describe("exemptions", () => {
    const exemption = {
      urn: urnOf(KEY, "data-key"),
      reason: "Key retired next sprint",
      expires: "2999-01-01",
    };

    it("exempts a key with a valid exemption", async () => {
      const verdict = await key({}, { config: { exemptions: [exemption] } });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Key retired next sprint \(expires 2999-01-01\); suppressed: enableKeyRotation/,
      );
    });

    it("does not apply an expired exemption", async () => {
      const verdict = await key({}, { config: { exemptions: [{ ...exemption, expires: "2024-02-29" }] } });
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2024-02-29/);
    });
  });
});
