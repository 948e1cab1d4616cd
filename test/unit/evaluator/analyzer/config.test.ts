import assert from "node:assert/strict";
import { join } from "node:path";
import {
  configDigest,
  PolicyConfigError,
  readPolicyPackConfigFile,
  reconcilePolicyConfig,
} from "../../../../evaluator/analyzer/config";
import type { AnalyzerInfo } from "../../../../evaluator/analyzer/types";
import { tempDir, writeJson } from "./support";

const INFO: Pick<AnalyzerInfo, "name" | "policies" | "initialConfig"> = {
  name: "pack",
  policies: [
    {
      name: "tags",
      description: "Tags.",
      enforcementLevel: "mandatory",
      configSchema: {
        properties: {
          required: { type: "array", items: { type: "string" }, default: ["owner"] },
          limit: { type: "number", default: 1 },
          owner: { type: "string" },
          exemptions: {
            type: "array",
            items: { type: "object", required: ["urn", "reason"], properties: { urn: { type: "string" } } },
          },
          mode: { enum: ["strict", "lenient"] },
          since: { type: "string", format: "date" },
        },
        required: ["owner"],
      },
    },
    { name: "plain", description: "No schema.", enforcementLevel: "advisory" },
  ],
  initialConfig: { tags: { enforcementLevel: "mandatory", properties: { owner: "team", limit: 2 } } },
};

async function withFile(content: unknown) {
  return readPolicyPackConfigFile(writeJson(tempDir(), "policy-config.json", content));
}

async function reconcileError(content: unknown): Promise<string> {
  const file = await withFile(content);
  try {
    reconcilePolicyConfig(INFO, file);
  } catch (error) {
    assert.ok(error instanceof PolicyConfigError, String(error));
    return error.message;
  }
  assert.fail("expected a PolicyConfigError");
}

describe("analyzer/config reconciliation", () => {
  it("layers schema defaults < the pack's initialConfig < the config file, shallowly per property", async () => {
    const config = reconcilePolicyConfig(INFO, await withFile({ tags: { limit: 3, required: ["env"] } }));
    assert.deepEqual(config.tags, {
      enforcementLevel: "mandatory",
      properties: { required: ["env"], limit: 3, owner: "team" },
    });
  });

  it("gives every policy an entry with properties, even without schema or config", () => {
    const config = reconcilePolicyConfig(INFO);
    assert.deepEqual(Object.keys(config).sort(), ["plain", "tags"]);
    assert.deepEqual(config.plain, { enforcementLevel: "advisory", properties: {} });
  });

  it("applies 'all' before the per-policy levels of the same layer", async () => {
    const config = reconcilePolicyConfig(INFO, await withFile({ all: "disabled", plain: "mandatory" }));
    assert.equal(config.tags.enforcementLevel, "disabled");
    assert.equal(config.plain.enforcementLevel, "mandatory");
    const objectForm = reconcilePolicyConfig(INFO, await withFile({ all: { enforcementLevel: "advisory" } }));
    assert.equal(objectForm.tags.enforcementLevel, "advisory");
  });

  it("takes an initialConfig level as given (the engine reads an unset one as advisory)", () => {
    const info = {
      ...INFO,
      initialConfig: { tags: { enforcementLevel: "advisory" as const, properties: { owner: "x" } } },
    };
    assert.equal(reconcilePolicyConfig(info).tags.enforcementLevel, "advisory");
  });

  it("does not let one reconciliation's properties leak into the pack's defaults", async () => {
    reconcilePolicyConfig(INFO, await withFile({ tags: { required: ["changed"] } }));
    assert.deepEqual(reconcilePolicyConfig(INFO).tags.properties.required, ["owner"]);
  });

  it("reports schema violations with the file, policy and JSON pointer", async () => {
    const message = await reconcileError({ tags: { exemptions: [{ urn: "u" }], mode: "loose" } });
    const file = message.slice("policy pack config ".length, message.indexOf(": "));
    assert.ok(
      message.includes(
        `policy pack config ${file}: policy 'tags': /exemptions/0 must have required property 'reason'`,
      ),
      message,
    );
    assert.ok(
      message.includes(
        `policy 'tags': /mode must be equal to one of the allowed values: "strict", "lenient"`,
      ),
      message,
    );
  });

  it("validates formats with ajv-formats", async () => {
    const message = await reconcileError({ tags: { since: "yesterday" } });
    assert.match(message, /policy 'tags': \/since must match format "date"/);
  });

  it("names the pack's defaults when they alone are invalid", () => {
    const info = { ...INFO, initialConfig: {} };
    assert.throws(
      () => reconcilePolicyConfig(info),
      /^PolicyConfigError: policy pack 'pack' default config: policy 'tags': must have required property 'owner'$/,
    );
  });

  it("rejects policy names the pack does not have", async () => {
    const message = await reconcileError({ tagz: "mandatory", all: "advisory" });
    assert.match(message, /: unknown policy 'tagz' \(pack 'pack' has no such policy\)$/);
  });
});

describe("analyzer/config file", () => {
  it("names the file and the JSON error for invalid JSON", async () => {
    const file = writeJson(tempDir(), "broken.json", '{"tags": ');
    await assert.rejects(readPolicyPackConfigFile(file), (error: Error) => {
      assert.ok(error instanceof PolicyConfigError);
      assert.ok(error.message.startsWith(`policy pack config ${file}: invalid JSON: `), error.message);
      return true;
    });
  });

  it("names the file when it cannot be read", async () => {
    const file = join(tempDir(), "missing.json");
    await assert.rejects(
      readPolicyPackConfigFile(file),
      new RegExp(`policy pack config ${file}: cannot read the file: ENOENT`),
    );
  });

  it("rejects invalid levels, non-object values and properties under 'all'", async () => {
    await assert.rejects(
      withFile({ tags: "strict" }),
      /policy 'tags': "strict" is not a valid enforcement level \(advisory, mandatory, remediate, disabled\)/,
    );
    await assert.rejects(
      withFile({ tags: { enforcementLevel: 1 } }),
      /policy 'tags': enforcementLevel must be a string, got 1/,
    );
    await assert.rejects(
      withFile({ tags: 5 }),
      /policy 'tags': expected an enforcement level or an object, got 5/,
    );
    await assert.rejects(
      withFile({ all: { limit: 1 } }),
      /'all' takes only an enforcement level, not properties/,
    );
    await assert.rejects(withFile([]), /expected a JSON object mapping policy names/);
  });

  it("treats an empty file as no configuration, like the engine", async () => {
    assert.deepEqual((await withFile("  \n")).entries, {});
  });
});

describe("analyzer/config digest", () => {
  it("is the sha256 of canonical JSON: independent of key order, sensitive to values", () => {
    const a = configDigest({
      x: { enforcementLevel: "advisory", properties: { b: 1, a: [1, { d: 1, c: 2 }] } },
    });
    const b = configDigest({
      x: { properties: { a: [1, { c: 2, d: 1 }], b: 1 }, enforcementLevel: "advisory" },
    });
    const c = configDigest({
      x: { enforcementLevel: "advisory", properties: { b: 2, a: [1, { d: 1, c: 2 }] } },
    });
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
});
