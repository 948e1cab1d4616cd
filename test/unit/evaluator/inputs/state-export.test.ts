/**
 * `finguard audit --state`: a `pulumi stack export` file as a captured stack, then through the real
 * pack over the analyzer protocol. Exports are generated from the documented format (generators.ts).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../../../../evaluator/capture/types";
import { evaluateStateExport } from "../../../../evaluator/evaluate";
import { InputError } from "../../../../evaluator/inputs/errors";
import { readStateExport } from "../../../../evaluator/inputs/state-export";
import type { EvaluationResult } from "../../../../evaluator/results/model";
import { BUCKET, KEY, PROVIDER_REF, QUEUE, TAGS, queues, scratchDir, stateExport, urnOf } from "./generators";

const write = scratchDir("finguard-state-");
const PACK_DIR = resolve(__dirname, "../../../../policy-pack");
const secret = (fields: object) => ({ [SECRET_SIG]: SECRET_SIG_VALUE, ...fields });

function requireBuiltPack(): void {
  if (!existsSync(join(PACK_DIR, "bin", "index.js")))
    throw new Error("the policy pack is not built: run `npm run build`");
}

describe("state export: deployed resources as a captured stack", () => {
  const file = write(
    "state.json",
    JSON.stringify(
      stateExport(
        [
          { name: "data-key-prod", type: KEY, inputs: { enableKeyRotation: true, tags: TAGS } },
          {
            name: "data-prod",
            type: BUCKET,
            inputs: {
              bucket: "data-prod",
              tags: { ...TAGS, Owner: secret({ ciphertext: "AAAAAQ==" }) },
              policy: secret({ plaintext: '"{\\"Version\\":\\"2012-10-17\\"}"' }),
              kmsKey: {
                [SECRET_SIG]: "5cf8f73096256a8f31e491e813e4eb8e",
                urn: urnOf(KEY, "data-key-prod"),
                id: "key-id",
              },
              __defaults: ["acl"],
            },
            dependencies: [urnOf(KEY, "data-key-prod")],
            propertyDependencies: { kmsKey: [urnOf(KEY, "data-key-prod")] },
            protect: true,
            retainOnDelete: true,
          },
          { name: "data-prod", type: BUCKET, delete: true },
        ],
        { pending_operations: [{ type: "creating", resource: {} }] },
      ),
    ),
  );
  const captured = readStateExport(file, {
    configOverrides: { environmentSuffix: "prod", "aws:region": "eu-west-1" },
  });
  const bucket = captured.resources.find((r) => r.type === BUCKET);

  it("takes project and stack from the URNs, and config from --config (namespaced like `pulumi config`)", () => {
    assert.equal(captured.project, "shop");
    assert.equal(captured.stack, "prod");
    assert.deepEqual(captured.config, { "shop:environmentSuffix": "prod", "aws:region": "eu-west-1" });
  });

  it("keeps inputs, outputs, dependencies, the provider reference, protect and retainOnDelete", () => {
    assert.equal(bucket?.inputs.bucket, "data-prod");
    assert.deepEqual(bucket?.dependencies, [urnOf(KEY, "data-key-prod")]);
    assert.deepEqual(bucket?.propertyDependencies, { kmsKey: [urnOf(KEY, "data-key-prod")] });
    assert.equal(bucket?.provider, PROVIDER_REF);
    assert.equal(bucket?.options.protect, true);
    assert.equal(bucket?.options.retainOnDelete, true);
    assert.equal(bucket?.custom, true);
  });

  it("never decrypts: a ciphertext secret is a secret unknown, a plaintext one a secret of its value", () => {
    const tags = bucket?.inputs.tags as Record<string, unknown>;
    assert.deepEqual(tags.Owner, { [SECRET_SIG]: SECRET_SIG_VALUE, value: UNKNOWN_STRING });
    assert.deepEqual(bucket?.inputs.policy, {
      [SECRET_SIG]: SECRET_SIG_VALUE,
      value: '{"Version":"2012-10-17"}',
    });
  });

  it("sends resource references as the pack accepts them, without SDK-internal keys", () => {
    assert.equal(bucket?.inputs.kmsKey, "key-id");
    assert.ok(!("__defaults" in (bucket?.inputs ?? {})));
  });

  it("leaves out resources pending deletion, and warns about them and about pending operations", () => {
    assert.equal(captured.resources.filter((r) => r.type === BUCKET).length, 1);
    const warnings = captured.warnings.join("\n");
    assert.match(warnings, /1 resource\(s\) pending deletion/);
    assert.match(warnings, /1 pending operation\(s\)/);
  });

  it("reads a backend's checkpoint file too", () => {
    const { deployment } = stateExport(queues(1)) as { deployment: object };
    const checkpoint = write(
      "checkpoint.json",
      JSON.stringify({ version: 3, checkpoint: { stack: "prod", latest: deployment } }),
    );
    assert.equal(readStateExport(checkpoint).resources.length, 3);
  });

  describe("broken files: an error naming the file and the problem", () => {
    const cases: Array<[string, string, RegExp]> = [
      ["empty.json", "", /empty\.json is empty: expected the JSON that `pulumi stack export` writes/],
      [
        "truncated.json",
        JSON.stringify(stateExport(queues(3))).slice(0, 300),
        /truncated\.json: not a readable JSON stack export \(the JSON is cut off/,
      ],
      [
        "malformed.json",
        '{\n  "version": 3\n  "deployment": {}\n}',
        /malformed\.json: not a readable JSON stack export \(Expected ',' or '}' after property value at line 3, column 3\)/,
      ],
      [
        "v1.json",
        JSON.stringify({ version: 1, deployment: {} }),
        /v1\.json: expected a deployment of version 3, got version 1/,
      ],
      ["no-deployment.json", JSON.stringify({ version: 3 }), /no-deployment\.json: has no deployment/],
      [
        "no-resources.json",
        JSON.stringify({ version: 3, deployment: { manifest: {} } }),
        /deployment\.resources is missing/,
      ],
      [
        "destroyed.json",
        JSON.stringify({ version: 3, deployment: { resources: [] } }),
        /holds no resources: nothing to audit/,
      ],
      [
        "no-urn.json",
        JSON.stringify({ version: 3, deployment: { resources: [{ type: QUEUE }] } }),
        /resource 0 has no urn or type/,
      ],
      ["array.json", "[]", /expected a JSON object with version and deployment/],
    ];
    for (const [name, text, message] of cases) {
      it(name, () => {
        assert.throws(
          () => readStateExport(write(name, text)),
          (e: Error) => e instanceof InputError && message.test(e.message),
        );
      });
    }
  });
});

describe("state export through the real pack", function () {
  this.timeout(120_000);
  before(requireBuiltPack);

  it("audits deployed resources: violations, retainOnDelete, and encrypted secrets deferred", async () => {
    const file = write(
      "audit.json",
      JSON.stringify(
        stateExport([
          { name: "orders-prod", type: QUEUE, inputs: { name: "orders-prod" }, retainOnDelete: true },
          {
            name: "sealed-prod",
            type: QUEUE,
            inputs: { name: "sealed-prod", tags: secret({ ciphertext: "AAAA" }) },
          },
          ...queues(2),
        ]),
      ),
    );
    const result = await evaluateStateExport({ stateFile: file, packDir: PACK_DIR });
    assert.deepEqual(result.errors, []);
    assert.equal(result.run.source, "state-export");
    const status = (policy: string, name: string) =>
      result.outcomes.filter((o) => o.policy === policy && o.urn.endsWith(`::${name}`)).map((o) => o.status);
    assert.deepEqual(status("tags-required", "orders-prod"), ["violation"]);
    assert.deepEqual(status("tags-required", "queue-0-prod"), ["compliant"]);
    assert.deepEqual(status("tags-required", "sealed-prod"), ["deferred"]);
    assert.deepEqual(
      result.evaluatorFindings.map((f) => [f.check, f.urn.split("::").pop()]),
      [["lifecycle-no-retain-on-delete", "orders-prod"]],
    );
  });

  it("audits 10,000 deployed resources within a minute", async function () {
    this.timeout(180_000);
    const file = write("huge.json", JSON.stringify(stateExport(queues(10_000))));
    const started = performance.now();
    const result: EvaluationResult = await evaluateStateExport({ stateFile: file, packDir: PACK_DIR });
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(result.errors, []);
    assert.equal(result.summary.resources, 10_002);
    // Tagged and suffixed, but no customer-managed key: each queue is a violation the pack must report.
    assert.equal(
      result.outcomes.filter((o) => o.policy === "encryption-messaging-cmk" && o.status === "violation")
        .length,
      10_000,
    );
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
  });
});
