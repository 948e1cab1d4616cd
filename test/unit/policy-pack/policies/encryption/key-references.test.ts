import assert from "node:assert/strict";
import { encryptionLogCmk } from "../../../../../policy-pack/policies/encryption/encryption-log-cmk";
import { isAwsManagedAlias } from "../../../../../policy-pack/policies/encryption/key-references";
import { UNKNOWN, evaluateStack, secret, urnOf, type StackResourceCase } from "../../harness";
import {
  KEY_ARN,
  OTHER_ACCOUNT_KEY_ARN,
  resource,
  stackAlias,
  stackKey,
  stackReference,
} from "./stack-cases";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** Key references are decided the same way by every CMK policy; the log group carries them here. */
const logGroup = (kmsKeyId: unknown, sources: string[] = []) =>
  resource(
    LOG_GROUP,
    "app-logs",
    kmsKeyId === undefined ? {} : { kmsKeyId },
    sources.length ? { kmsKeyId: sources } : {},
  );

const evaluate = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(encryptionLogCmk, cases, config);

describe("key references (customer-managed key decisions)", () => {
  describe("customer-managed", () => {
    it("decides an unknown key id built from a KMS key of the stack", async () => {
      assert.deepEqual(await evaluate([stackKey(), logGroup(UNKNOWN, ["data-key"])]), { violations: [] });
    });

    it("accepts a stack alias that targets a stack key", async () => {
      const cases = [stackKey(), stackAlias("logs", "data-key"), logGroup(UNKNOWN, ["logs"])];
      assert.deepEqual(await evaluate(cases), { violations: [] });
    });

    it("accepts the literal name of a stack alias that targets a stack key", async () => {
      const cases = [stackKey(), stackAlias("logs", "data-key"), logGroup("alias/logs")];
      assert.deepEqual(await evaluate(cases), { violations: [] });
    });

    it("accepts a known ARN equal to a stack key's ARN (update preview)", async () => {
      const key = { ...stackKey(), props: { arn: KEY_ARN, keyId: "1234abcd" } };
      assert.deepEqual(await evaluate([key, logGroup(KEY_ARN)]), { violations: [] });
    });

    it("accepts literal ARNs and aliases matching allowedKeyArns patterns, secret or not", async () => {
      const config = { allowedKeyArns: ["arn:aws:kms:*:999988887777:key/*", "alias/central-*"] };
      assert.deepEqual(await evaluate([logGroup(OTHER_ACCOUNT_KEY_ARN)], config), { violations: [] });
      assert.deepEqual(await evaluate([logGroup(secret("alias/central-logs"))], config), { violations: [] });
    });

    it("accepts a stack alias whose literal target is allowed", async () => {
      const alias = {
        ...stackAlias("logs", "none"),
        props: { name: "alias/logs", targetKeyId: OTHER_ACCOUNT_KEY_ARN },
      };
      const verdict = await evaluate([alias, logGroup(UNKNOWN, ["logs"])], {
        allowedKeyArns: [OTHER_ACCOUNT_KEY_ARN],
      });
      assert.deepEqual(verdict, { violations: [] });
    });

    it("accepts a known StackReference output that is on the allow-list", async () => {
      const verdict = await evaluate([stackReference(), logGroup(OTHER_ACCOUNT_KEY_ARN, ["central-keys"])], {
        allowedKeyArns: [OTHER_ACCOUNT_KEY_ARN],
      });
      assert.deepEqual(verdict, { violations: [] });
    });
  });

  describe("not customer-managed", () => {
    it("rejects AWS managed aliases, bare or as ARNs, even when allowed by a pattern", async () => {
      for (const reference of ["alias/aws/logs", "arn:aws:kms:us-east-1:111122223333:alias/aws/logs"]) {
        const verdict = await evaluate([logGroup(reference)], { allowedKeyArns: ["*"] });
        assert.equal(verdict.violations.length, 1, reference);
        assert.match(
          verdict.violations[0].message,
          /^kmsKeyId is ".*alias\/aws\/logs", an AWS managed key; expected a customer-managed KMS key/,
        );
      }
    });

    it("rejects an AWS managed alias even when the input also depends on a stack key", async () => {
      const verdict = await evaluate([stackKey(), logGroup("alias/aws/logs", ["data-key"])]);
      assert.match(verdict.violations[0].message, /an AWS managed key/);
    });

    it("rejects a literal key that is neither a stack key nor allowed", async () => {
      const verdict = await evaluate([stackKey(), logGroup(OTHER_ACCOUNT_KEY_ARN)]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(LOG_GROUP, "app-logs"),
          message:
            `kmsKeyId is "${OTHER_ACCOUNT_KEY_ARN}", neither a KMS key of this stack nor in allowedKeyArns; expected a ` +
            "customer-managed KMS key (an aws:kms/key:Key of this stack, an alias of one, or a key matching allowedKeyArns).",
        },
      ]);
    });

    it("rejects an absent key, naming what AWS uses instead", async () => {
      const verdict = await evaluate([logGroup(undefined)]);
      assert.match(
        verdict.violations[0].message,
        /^kmsKeyId is not set, so CloudWatch Logs encrypts with service-owned keys; expected/,
      );
    });

    it("treats an unknown the program did not build (provider-computed) as not set", async () => {
      const verdict = await evaluate([stackKey(), logGroup(UNKNOWN)]);
      assert.match(verdict.violations[0].message, /^kmsKeyId is not set/);
    });

    it("does not accept an alias whose target is not a stack key", async () => {
      const alias = {
        ...stackAlias("logs", "none"),
        props: { name: "alias/logs", targetKeyId: OTHER_ACCOUNT_KEY_ARN },
      };
      const verdict = await evaluate([alias, logGroup("alias/logs")]);
      assert.match(
        verdict.violations[0].message,
        /kmsKeyId is "alias\/logs", neither a KMS key of this stack nor in allowedKeyArns/,
      );
    });
  });

  describe("unknown during preview, not built from a stack key", () => {
    it("fails closed by default, naming where the reference comes from", async () => {
      const verdict = await evaluate([stackReference(), logGroup(UNKNOWN, ["central-keys"])]);
      assert.equal(verdict.violations.length, 1);
      assert.match(
        verdict.violations[0].message,
        /^kmsKeyId is unknown during preview and built from pulumi:pulumi:StackReference "central-keys", not from a KMS key of this stack, so it cannot be verified as customer-managed; expected/,
      );
      assert.equal(verdict.deferred, undefined);
    });

    it("defers the resource (reported, never silently compliant) with unverifiedKeyReferences: defer", async () => {
      const verdict = await evaluate([stackReference(), logGroup(UNKNOWN, ["central-keys"])], {
        unverifiedKeyReferences: "defer",
      });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^deferred urn:pulumi:test::finguard-test::aws:cloudwatch\/logGroup:LogGroup::app-logs: kmsKeyId is unknown during preview/,
      );
    });

    it("still reports decided violations in defer mode", async () => {
      const verdict = await evaluate([logGroup("alias/aws/logs")], { unverifiedKeyReferences: "defer" });
      assert.equal(verdict.violations.length, 1);
    });
  });

  describe("malformed input and config", () => {
    it("rejects a key reference that is not a string", async () => {
      const verdict = await evaluate([stackKey(), logGroup(42, ["data-key"])]);
      assert.match(verdict.violations[0].message, /^kmsKeyId is 42, not a key id, ARN or alias; expected/);
    });

    it("fails closed on malformed config", async () => {
      for (const [config, text] of [
        [{ allowedKeyArns: "arn:*" }, "'allowedKeyArns' must be an array of strings"],
        [{ allowedKeyArns: [" "] }, "'allowedKeyArns' must not contain empty patterns"],
        [{ unverifiedKeyReferences: "pass" }, "'unverifiedKeyReferences' must be one of violation, defer"],
      ] as const) {
        const verdict = await evaluate([logGroup(undefined)], config);
        assert.equal(verdict.violations.length, 1);
        assert.match(
          verdict.violations[0].message,
          new RegExp(`^invalid configuration for policy 'encryption-log-cmk': ${text}`),
        );
      }
    });
  });

  describe("helpers", () => {
    it("recognises AWS managed aliases only", () => {
      assert.equal(isAwsManagedAlias("alias/aws/s3"), true);
      assert.equal(isAwsManagedAlias("arn:aws:kms:eu-west-1:1:alias/aws/rds"), true);
      assert.equal(isAwsManagedAlias("alias/awsome"), false);
      assert.equal(isAwsManagedAlias("alias/team/aws/x"), false);
    });
  });
});
