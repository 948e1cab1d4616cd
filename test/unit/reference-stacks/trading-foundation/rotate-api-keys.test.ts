/**
 * The API-key rotation handler against a mocked SSM client (aws-sdk-client-mock).
 */
import "../helpers/quiet-aws-sdk";
import assert from "node:assert/strict";
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { createLogger } from "../../../../reference-stacks/components/lambda-logger";
import {
  ConfigurationError,
  configFromEnv,
  createHandler,
  RotationError,
  type RotationConfig,
} from "../../../../reference-stacks/trading-foundation/functions/rotate-api-keys";

const NAMES = ["/trading-api-keys-dev/exchange", "/trading-api-keys-dev/market-data"];
const CONFIG: RotationConfig = {
  parameterNames: NAMES,
  kmsKeyId: "alias/trading-parameters-key-dev",
  keyLengthBytes: 32,
};
const SEED = "seed-value-that-must-change-000000000000";

describe("rotate-api-keys handler", () => {
  const ssm = mockClient(SSMClient);
  let lines: string[];
  let versions: Record<string, number>;

  const handler = () =>
    createHandler({
      ssm: new SSMClient({ region: "us-east-2" }),
      logger: createLogger({ function: "test" }, (line) => lines.push(line)),
      config: () => CONFIG,
    });
  const logs = () => lines.map((l) => JSON.parse(l));
  const putValues = () => ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);

  beforeEach(() => {
    ssm.reset();
    lines = [];
    versions = Object.fromEntries(NAMES.map((n) => [n, 1]));
    ssm.on(GetParameterCommand).callsFake((input: { Name: string }) => ({
      Parameter: { Name: input.Name, Type: "SecureString", Value: SEED, Version: versions[input.Name] },
    }));
    ssm.on(PutParameterCommand).callsFake((input: { Name: string }) => ({ Version: ++versions[input.Name] }));
  });

  it("writes a new SecureString version of every configured parameter with the CMK", async () => {
    const result = await handler()({ source: "aws.events", id: "evt-1" });
    assert.deepEqual(
      result.rotated.map((r) => [r.name, r.previousVersion, r.version]),
      NAMES.map((n) => [n, 1, 2]),
    );
    for (const input of putValues()) {
      assert.equal(input.Type, "SecureString");
      assert.equal(input.KeyId, "alias/trading-parameters-key-dev");
      assert.equal(input.Overwrite, true);
    }
    const reads = ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input);
    assert.ok(
      reads.every((r) => r.WithDecryption === false),
      "the function never decrypts the old values",
    );
  });

  it("really changes the values: new, distinct, 32 random bytes each time", async () => {
    const h = handler();
    await h({});
    await h({});
    const values = putValues().map((i) => i.Value as string);
    assert.equal(values.length, 4);
    assert.equal(new Set(values).size, 4, "every rotation produces a different value");
    for (const v of values) {
      assert.notEqual(v, SEED);
      assert.equal(Buffer.from(v, "base64url").length, 32);
    }
  });

  it("never logs key material", async () => {
    await handler()({});
    const text = lines.join("\n");
    for (const v of putValues().map((i) => i.Value as string)) assert.ok(!text.includes(v));
    assert.ok(!text.includes(SEED));
    assert.ok(logs().every((l) => typeof l.timestamp === "string" && typeof l.level === "string"));
    assert.deepEqual(
      logs().map((l) => l.message),
      ["rotation started", "parameter rotated", "parameter rotated", "rotation finished"],
    );
  });

  it("rotates a requested subset and rejects parameters it does not manage", async () => {
    await handler()({ parameterNames: [NAMES[1]] });
    assert.deepEqual(
      putValues().map((i) => i.Name),
      [NAMES[1]],
    );
    await assert.rejects(handler()({ parameterNames: ["/other/secret"] }), ConfigurationError);
    assert.equal(logs().at(-1)?.level, "error");
    assert.match(logs().at(-1)?.errorMessage, /Not managed/);
  });

  it("keeps rotating the others when one fails, then logs and rethrows", async () => {
    ssm
      .on(GetParameterCommand, { Name: NAMES[0] })
      .rejects(
        new ParameterNotFound({ message: "not found", $metadata: { httpStatusCode: 400, requestId: "r-1" } }),
      );
    const failure = await handler()({}).then(
      () => assert.fail("expected a RotationError"),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof RotationError);
    assert.deepEqual(
      failure.failures.map((f) => f.name),
      [NAMES[0]],
    );
    assert.deepEqual(
      putValues().map((i) => i.Name),
      [NAMES[1]],
    );
    const error = logs().find((l) => l.message === "parameter rotation failed");
    assert.equal(error?.parameter, NAMES[0]);
    assert.equal(error?.errorName, "ParameterNotFound");
    assert.equal(error?.requestId, "r-1");
  });

  it("refuses to overwrite a parameter that is not a SecureString", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: NAMES[0], Type: "String", Version: 1 } });
    await assert.rejects(handler()({ parameterNames: [NAMES[0]] }), RotationError);
    assert.equal(putValues().length, 0);
  });

  it("fails when PutParameter fails (e.g. KMS access denied)", async () => {
    ssm
      .on(PutParameterCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await assert.rejects(handler()({}), /Rotation failed for 2 of 2/);
  });

  describe("configFromEnv", () => {
    const env = { PARAMETER_NAMES: JSON.stringify(NAMES), KMS_KEY_ID: "alias/k" };
    it("reads names, key and length", () => {
      assert.deepEqual(configFromEnv({ ...env, KEY_LENGTH_BYTES: "48" }), {
        parameterNames: NAMES,
        kmsKeyId: "alias/k",
        keyLengthBytes: 48,
      });
      assert.equal(configFromEnv(env).keyLengthBytes, 32);
    });
    it("rejects bad configuration", () => {
      assert.throws(() => configFromEnv({ ...env, PARAMETER_NAMES: "x" }), ConfigurationError);
      assert.throws(() => configFromEnv({ ...env, PARAMETER_NAMES: "[]" }), ConfigurationError);
      assert.throws(() => configFromEnv({ ...env, KMS_KEY_ID: "" }), ConfigurationError);
      assert.throws(() => configFromEnv({ ...env, KEY_LENGTH_BYTES: "8" }), ConfigurationError);
    });
  });
});
