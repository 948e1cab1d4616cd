import assert from "node:assert/strict";
import { encryptionKmsKeyDeletionWindow } from "../../../../../policy-pack/policies/encryption/encryption-kms-key-deletion-window";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";

const KEY = "aws:kms/key:Key";
const key = (props: Record<string, unknown>, extra: object = {}) =>
  evaluateResource(encryptionKmsKeyDeletionWindow, { type: KEY, name: "data-key", props, ...extra });

describe("encryption-kms-key-deletion-window", () => {
  describe("compliant", () => {
    it("accepts the AWS default (30 days) and windows within 7-30", async () => {
      for (const props of [{}, { deletionWindowInDays: 7 }, { deletionWindowInDays: 30 }]) {
        assert.deepEqual(await key(props), { violations: [] }, JSON.stringify(props));
      }
    });

    it("applies to replica and imported-material keys too", async () => {
      for (const type of ["aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey"]) {
        const verdict = await evaluateResource(encryptionKmsKeyDeletionWindow, {
          type,
          props: { deletionWindowInDays: 3 },
        });
        assert.equal(verdict.violations.length, 1, type);
      }
    });
  });

  describe("violating", () => {
    it("reports a window outside the configured range", async () => {
      assert.deepEqual((await key({ deletionWindowInDays: 5 })).violations, [
        "deletionWindowInDays is 5; expected a whole number of days between 7 and 30.",
      ]);
      const verdict = await key({ deletionWindowInDays: 10 }, { config: { minDeletionWindowInDays: 14 } });
      assert.match(
        verdict.violations[0],
        /^deletionWindowInDays is 10; expected a whole number of days between 14 and 30/,
      );
    });

    it("reports the AWS default when the configured maximum is lower", async () => {
      const verdict = await key({}, { config: { maxDeletionWindowInDays: 14 } });
      assert.deepEqual(verdict.violations, [
        "deletionWindowInDays is not set (AWS default 30 days); expected a whole number of days between 7 and 14.",
      ]);
    });
  });

  describe("unknown during preview", () => {
    it("defers when the window is unknown", async () => {
      const verdict = await key({ deletionWindowInDays: UNKNOWN });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });
  });

  describe("malformed input", () => {
    it("reports a window that is not a whole number", async () => {
      assert.match(
        (await key({ deletionWindowInDays: "7" })).violations[0],
        /^deletionWindowInDays is "7"; expected a whole number/,
      );
      assert.match((await key({ deletionWindowInDays: 7.5 })).violations[0], /^deletionWindowInDays is 7.5;/);
    });

    it("fails closed on an inverted configured range", async () => {
      const verdict = await key({}, { config: { minDeletionWindowInDays: 20, maxDeletionWindowInDays: 10 } });
      assert.deepEqual(verdict.violations, [
        "invalid configuration for policy 'encryption-kms-key-deletion-window': 'minDeletionWindowInDays' (20) must be <= 'maxDeletionWindowInDays' (10)",
      ]);
    });
  });

  describe("exemptions", () => {
    it("exempts a key with a valid exemption and refuses an expired one", async () => {
      const exemption = {
        urn: urnOf(KEY, "data-key"),
        reason: "Sandbox key",
        expires: "2999-01-01",
        ticket: "CHG-9",
      };
      const valid = await key({ deletionWindowInDays: 3 }, { config: { exemptions: [exemption] } });
      assert.match(valid.notApplicable ?? "", /^exempted: Sandbox key \[ticket CHG-9\]/);
      const expired = await key(
        { deletionWindowInDays: 3 },
        { config: { exemptions: [{ ...exemption, expires: "2023-01-01" }] } },
      );
      assert.match(expired.violations[0], /Exemption not applied because it expired on 2023-01-01/);
    });
  });
});
