import assert from "node:assert/strict";
import { kmsKeyPolicyRestricted } from "../../../../../policy-pack/policies/encryption/encryption-kms-key-policy-restricted";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateResource, urnOf } from "../../harness";

const KEY = "aws:kms/key:Key";
const ROOT = "arn:aws:iam::111122223333:root";
const APP_ROLE = "arn:aws:iam::111122223333:role/app";
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const grant = (Principal: unknown, Action: unknown = "kms:*", extra: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Principal,
  Action,
  Resource: "*",
  ...extra,
});
const key = (policy: unknown, extra: object = {}) =>
  evaluateResource(kmsKeyPolicyRestricted, {
    type: KEY,
    props: { enableKeyRotation: true, policy },
    ...extra,
  });

describe("encryption-kms-key-policy-restricted", () => {
  describe("compliant", () => {
    it("passes the default key policy: kms:* for the account root, as an ARN or an account id", async () => {
      assert.deepEqual(await key(doc(grant({ AWS: ROOT }))), { violations: [] });
      assert.deepEqual(
        await key(doc(grant({ AWS: ["111122223333", "arn:aws-cn:iam::444455556666:root"] }))),
        { violations: [] },
      );
    });

    it("passes specific actions for administrators, users and services", async () => {
      const policy = doc(
        grant({ AWS: ROOT }),
        grant({ AWS: APP_ROLE }, ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]),
        grant({ Service: "logs.us-east-1.amazonaws.com" }, ["kms:Encrypt*", "kms:Decrypt*"]),
        {
          Effect: "Deny",
          Principal: "*",
          Action: "kms:*",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      );
      assert.deepEqual(await key(policy), { violations: [] });
    });

    it("passes a key without a policy (the AWS default policy applies) and the KeyPolicy resource", async () => {
      assert.deepEqual(
        await evaluateResource(kmsKeyPolicyRestricted, { type: KEY, props: { enableKeyRotation: true } }),
        { violations: [] },
      );
      assert.deepEqual(await key(""), { violations: [] });
      const verdict = await evaluateResource(kmsKeyPolicyRestricted, {
        type: "aws:kms/keyPolicy:KeyPolicy",
        props: { keyId: UNKNOWN, policy: { Version: "2012-10-17", Statement: [grant({ AWS: ROOT })] } },
      });
      assert.deepEqual(verdict, { violations: [] });
    });

    it("passes allow-listed custodians", async () => {
      const config = { allowedPrincipals: ["arn:aws:iam::111122223333:role/key-custodian"] };
      assert.deepEqual(
        await key(doc(grant({ AWS: "arn:aws:iam::111122223333:role/key-custodian" })), { config }),
        { violations: [] },
      );
    });
  });

  describe("violating", () => {
    it("reports kms:* granted to a role, a service and everyone, one finding per principal", async () => {
      const verdict = await key(
        doc(
          grant({ AWS: [ROOT, APP_ROLE], Service: "lambda.amazonaws.com" }, ["kms:Decrypt", "kms:*"]),
          grant("*", "*"),
        ),
      );
      assert.deepEqual(verdict.violations, [
        "'policy' Statement[0] grants kms:* to AWS arn:aws:iam::111122223333:role/app; expected kms:* only for the account root (arn:aws:iam::<account>:root) and specific actions for key administrators and users.",
        "'policy' Statement[0] grants kms:* to Service lambda.amazonaws.com; expected kms:* only for the account root (arn:aws:iam::<account>:root) and specific actions for key administrators and users.",
        `'policy' Statement[1] grants * to "*"; expected kms:* only for the account root (arn:aws:iam::<account>:root) and specific actions for key administrators and users.`,
      ]);
    });

    it("treats Allow with NotAction, and NotPrincipal, as full grants", async () => {
      const notAction = await key(
        doc({
          Effect: "Allow",
          Principal: { AWS: APP_ROLE },
          NotAction: "kms:ScheduleKeyDeletion",
          Resource: "*",
        }),
      );
      assert.match(notAction.violations[0], /grants NotAction to AWS arn:aws:iam::111122223333:role\/app/);
      const notPrincipal = await key(
        doc({ Effect: "Allow", NotPrincipal: { AWS: APP_ROLE }, Action: "kms:*", Resource: "*" }),
      );
      assert.match(notPrincipal.violations[0], /grants kms:\* to everyone except its NotPrincipal/);
    });

    it("does not mistake a role named root for the account root", async () => {
      assert.equal(
        (await key(doc(grant({ AWS: "arn:aws:iam::111122223333:role/root" })))).violations.length,
        1,
      );
    });
  });

  describe("unknown during preview", () => {
    it("decides a role granted kms:* next to unknown resources", async () => {
      const verdict = await key({
        Version: "2012-10-17",
        Statement: [grant({ AWS: APP_ROLE }, "kms:*", { Resource: UNKNOWN })],
      });
      assert.equal(verdict.violations.length, 1);
    });

    it("defers when the policy, a kms:* principal or the actions are unknown", async () => {
      for (const policy of [
        UNKNOWN,
        { Version: "2012-10-17", Statement: [grant({ AWS: UNKNOWN })] },
        { Version: "2012-10-17", Statement: [grant(UNKNOWN_OBJECT)] },
        { Version: "2012-10-17", Statement: [grant({ AWS: APP_ROLE }, [UNKNOWN])] },
      ]) {
        assert.match(
          (await key(policy)).deferred ?? "",
          /can't be known during preview/,
          JSON.stringify(policy),
        );
      }
    });

    it("passes unknown principals that only get specific actions", async () => {
      assert.deepEqual(
        await key({ Version: "2012-10-17", Statement: [grant({ AWS: UNKNOWN }, "kms:Decrypt")] }),
        { violations: [] },
      );
    });
  });

  describe("malformed input", () => {
    it("reports a policy that is not valid JSON", async () => {
      const verdict = await key("{ not json");
      assert.match(
        verdict.violations[0],
        /^'policy' is not a valid IAM policy document: it is not valid JSON/,
      );
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(KEY, "legacy-key");
    const evaluate = (expires: string) =>
      key(doc(grant({ AWS: [ROOT, APP_ROLE] })), {
        name: "legacy-key",
        config: {
          exemptions: [
            { urn, reason: "Migrating to split statements", expires, findings: [`Principal::${APP_ROLE}`] },
          ],
        },
      });

    it("exempts one principal's grant", async () => {
      const verdict = await evaluate("2999-12-31");
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /^exempted: Migrating to split statements/);
    });

    it("reports it again after expiry", async () => {
      assert.match(
        (await evaluate("2023-03-01")).violations[0],
        /Exemption not applied because it expired on 2023-03-01/,
      );
    });
  });
});
