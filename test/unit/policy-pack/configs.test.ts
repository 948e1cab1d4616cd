/**
 * The ready-made --policy-pack-config files (policy-pack/configs/*.json): read and validated the way
 * the engine does (evaluator/analyzer/config.ts: schema defaults, the file's layer, JSON-schema
 * validation) against the schemas the pack publishes, and equal to what `npm run configs` generates.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  readPolicyPackConfigFile,
  reconcilePolicyConfig,
  type PolicyPackConfigFile,
} from "../../../evaluator/analyzer/config";
import type { AnalyzerInfo, PolicyPackConfig } from "../../../evaluator/analyzer/types";
import { ALL_POLICIES, PACK_NAME, catalog } from "../../../policy-pack/library";
import { CONFIGS_DIR, renderReadyMadeConfigs } from "../../../policy-pack/scripts/generate-configs";

/** GetAnalyzerInfo of the pack, from its catalog (test/e2e/tarball.test.ts shows the two agree). */
function packInfo(): AnalyzerInfo {
  return {
    name: PACK_NAME,
    version: "0.1.0",
    supportsConfig: true,
    initialConfig: {},
    policies: catalog().map((entry) => ({
      name: entry.name,
      description: entry.description,
      enforcementLevel: entry.enforcementLevel,
      severity: entry.severity,
      configSchema: {
        properties: entry.configSchema.properties as Record<string, Record<string, unknown>>,
        required: [],
      },
    })),
  };
}

const EXPECTED_LEVEL: Record<string, (policy: (typeof ALL_POLICIES)[number]) => string> = {
  "default.json": (p) => p.enforcementLevel ?? "mandatory",
  "strict.json": () => "mandatory",
  "advisory.json": () => "advisory",
};

describe("ready-made pack configs (policy-pack/configs)", () => {
  const generated = renderReadyMadeConfigs();

  it("are exactly default.json, strict.json and advisory.json", () => {
    const files = readdirSync(CONFIGS_DIR).filter((f) => f.endsWith(".json"));
    assert.deepEqual(files.sort(), Object.keys(generated).sort());
    assert.deepEqual(Object.keys(EXPECTED_LEVEL).sort(), Object.keys(generated).sort());
  });

  for (const file of Object.keys(EXPECTED_LEVEL)) {
    describe(file, () => {
      let userConfig: PolicyPackConfigFile;
      let reconciled: PolicyPackConfig;

      before(async () => {
        userConfig = await readPolicyPackConfigFile(join(CONFIGS_DIR, file));
        reconciled = reconcilePolicyConfig(packInfo(), userConfig);
      });

      it("is what `npm run configs` generates (not stale)", () => {
        const text = readFileSync(join(CONFIGS_DIR, file), "utf8");
        assert.ok(
          text === generated[file],
          `${file} is stale: run \`npm run configs\` and commit the result`,
        );
      });

      it("passes the engine's reconciliation and JSON-schema validation", () => {
        assert.deepEqual(
          Object.keys(reconciled),
          catalog().map((c) => c.name),
        );
      });

      it("names every policy with every property of its schema", () => {
        for (const entry of catalog()) {
          const given = userConfig.entries[entry.name];
          assert.ok(given, `${file} lacks ${entry.name}`);
          assert.deepEqual(
            Object.keys(given.properties).sort(),
            Object.keys(entry.configSchema.properties).sort(),
            `${file}: ${entry.name}`,
          );
        }
      });

      it("sets the levels it promises", () => {
        for (const policy of ALL_POLICIES) {
          assert.equal(reconciled[policy.name].enforcementLevel, EXPECTED_LEVEL[file](policy), policy.name);
        }
      });

      it("keeps every property at the pack's default", () => {
        const defaults = reconcilePolicyConfig(packInfo());
        for (const [policy, entry] of Object.entries(reconciled)) {
          assert.deepEqual(entry.properties, defaults[policy].properties, `${file}: ${policy}`);
        }
      });
    });
  }

  it("default.json changes nothing: it reconciles to the pack's own config", async () => {
    const userConfig = await readPolicyPackConfigFile(join(CONFIGS_DIR, "default.json"));
    assert.deepEqual(reconcilePolicyConfig(packInfo(), userConfig), reconcilePolicyConfig(packInfo()));
  });

  it("a file that breaks a schema fails the same validation (the check is not vacuous)", () => {
    const broken: PolicyPackConfigFile = {
      file: "broken.json",
      entries: { "logging-log-group-retention": { properties: { minimumDays: 0 } } },
    };
    assert.throws(
      () => reconcilePolicyConfig(packInfo(), broken),
      /policy 'logging-log-group-retention': \/minimumDays must be >= 1/,
    );
  });
});
