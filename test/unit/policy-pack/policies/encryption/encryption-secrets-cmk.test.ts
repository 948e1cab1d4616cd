import assert from "node:assert/strict";
import { encryptionSecretsCmk } from "../../../../../policy-pack/policies/encryption/encryption-secrets-cmk";
import { UNKNOWN, evaluateStack, secret, type StackResourceCase } from "../../harness";
import { exemption, resource, stackKey } from "./stack-cases";

const PARAMETER = "aws:ssm/parameter:Parameter";
const SECRET = "aws:secretsmanager/secret:Secret";
const FUNCTION = "aws:lambda/function:Function";

const evaluate = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(encryptionSecretsCmk, [stackKey(), ...cases], config);
const firstParts = async (cases: StackResourceCase[]) =>
  (await evaluate(cases)).violations.map((v) => v.message.split(";")[0]);

describe("encryption-secrets-cmk", () => {
  describe("compliant", () => {
    it("accepts SecureString parameters, secrets and replicas, and Lambda variables under stack keys", async () => {
      const cases = [
        resource(
          PARAMETER,
          "db-password",
          { type: "SecureString", value: secret("s3cr3t"), keyId: UNKNOWN },
          { keyId: ["data-key"] },
        ),
        resource(
          SECRET,
          "api-token",
          { kmsKeyId: UNKNOWN, replicas: [{ region: "eu-west-1", kmsKeyId: UNKNOWN }] },
          {
            kmsKeyId: ["data-key"],
            replicas: ["data-key"],
          },
        ),
        resource(
          FUNCTION,
          "worker",
          { environment: { variables: { MODE: "live" } }, kmsKeyArn: UNKNOWN },
          { kmsKeyArn: ["data-key"] },
        ),
      ];
      assert.deepEqual(await evaluate(cases), { violations: [] });
    });

    it("ignores plain String parameters and functions without environment variables", async () => {
      const cases = [
        resource(PARAMETER, "flag", { type: "String", value: "on" }),
        resource(FUNCTION, "worker", { environment: { variables: {} } }),
        resource(FUNCTION, "bare", {}),
      ];
      assert.deepEqual(await evaluate(cases), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports a SecureString without keyId (aws/ssm), a secret with aws/secretsmanager and Lambda variables", async () => {
      const found = await firstParts([
        resource(PARAMETER, "db-password", { type: "SecureString", value: secret("x") }),
        resource(SECRET, "api-token", { kmsKeyId: "alias/aws/secretsmanager" }),
        resource(
          FUNCTION,
          "worker",
          { environment: { variables: { TABLE: UNKNOWN } } },
          { environment: ["orders"] },
        ),
      ]);
      assert.deepEqual(found, [
        "keyId is not set, so the AWS managed key aws/ssm is used",
        'kmsKeyId is "alias/aws/secretsmanager", an AWS managed key',
        "kmsKeyArn is not set, so environment variables are encrypted with the AWS managed key aws/lambda",
      ]);
    });

    it("reports a secret replica without its own key", async () => {
      const found = await firstParts([
        resource(
          SECRET,
          "api-token",
          { kmsKeyId: UNKNOWN, replicas: [{ region: "eu-west-1" }] },
          { kmsKeyId: ["data-key"] },
        ),
      ]);
      assert.deepEqual(found, [
        "replicas[0].kmsKeyId is not set, so the replica uses the AWS managed key aws/secretsmanager of its region",
      ]);
    });
  });

  describe("unknown during preview", () => {
    it("reports an unknown parameter type as unverifiable, not as compliant", async () => {
      const source = resource("aws:s3/bucketObjectv2:BucketObjectv2", "config", {});
      const parameter = resource(
        PARAMETER,
        "maybe-secret",
        { type: UNKNOWN, value: "x" },
        { type: ["config"] },
      );
      const verdict = await evaluate([source, parameter]);
      assert.match(
        verdict.violations[0].message,
        /^keyId is not set.*This applies only if type is "SecureString", which is unknown during preview\.$/,
      );
      const deferred = await evaluate([source, parameter], { unverifiedKeyReferences: "defer" });
      assert.match(deferred.notApplicable ?? "", /^deferred .*::maybe-secret: keyId is not set/);
    });
  });

  describe("malformed input", () => {
    it("treats environment variables that are not a map as absent", async () => {
      assert.deepEqual(
        await evaluate([resource(FUNCTION, "worker", { environment: { variables: "A=1" } })]),
        { violations: [] },
      );
    });
  });

  describe("exemptions", () => {
    it("exempts a parameter with a valid exemption", async () => {
      const config = { exemptions: [exemption(PARAMETER, "db-password")] };
      const verdict = await evaluate(
        [resource(PARAMETER, "db-password", { type: "SecureString", value: "x" })],
        config,
      );
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /^exempted .*db-password: Migration/);
    });
  });
});
