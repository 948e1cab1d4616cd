import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CaptureError } from "../../../../evaluator/capture/errors";
import { loadProgramSettings, SECRET_PLACEHOLDER } from "../../../../evaluator/capture/project";

describe("loadProgramSettings", () => {
  let dir: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "capture-project-"));
    write(
      "Pulumi.yaml",
      "name: shop\nruntime: nodejs\nconfig:\n  tier:\n    type: string\n    default: gold\n  size:\n    type: integer\n",
    );
    write("index.ts", "export {};\n");
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("namespaces bare keys with the project and turns scalars and structures into strings", () => {
    write(
      "Pulumi.prod.yaml",
      [
        "config:",
        "  aws:region: eu-west-1",
        "  replicas: 3",
        "  public: false",
        "  aws:defaultTags:",
        "    tags:",
        "      owner: payments",
        "  shop:cidrs: [10.0.0.0/16, 10.1.0.0/16]",
      ].join("\n"),
    );
    const settings = loadProgramSettings({ programDir: dir, stack: "prod" });
    assert.equal(settings.project, "shop");
    assert.deepEqual(settings.config, {
      "shop:tier": "gold",
      "aws:region": "eu-west-1",
      "shop:replicas": "3",
      "shop:public": "false",
      "aws:defaultTags": '{"tags":{"owner":"payments"}}',
      "shop:cidrs": '["10.0.0.0/16","10.1.0.0/16"]',
    });
    assert.deepEqual(settings.secretKeys, []);
    assert.deepEqual(settings.warnings, []);
  });

  it("never decrypts secure values: they become a placeholder and their keys are marked secret", () => {
    write(
      "Pulumi.prod.yaml",
      "config:\n  dbPassword:\n    secure: v1:abc\n  shop:nested:\n    user: app\n    password:\n      secure: v1:def\n",
    );
    const settings = loadProgramSettings({ programDir: dir, stack: "prod" });
    assert.equal(settings.config["shop:dbPassword"], SECRET_PLACEHOLDER);
    assert.equal(
      settings.config["shop:nested"],
      JSON.stringify({ user: "app", password: SECRET_PLACEHOLDER }),
    );
    assert.deepEqual(settings.secretKeys, ["shop:dbPassword", "shop:nested"]);
  });

  it("applies overrides last, namespacing bare keys, and uses an explicit project name", () => {
    write("Pulumi.prod.yaml", "config:\n  other:tier: silver\n  other:dbPassword:\n    secure: v1:abc\n");
    const settings = loadProgramSettings({
      programDir: dir,
      stack: "prod",
      project: "other",
      configOverrides: { tier: "bronze", "aws:region": "us-east-2", dbPassword: "plain" },
    });
    assert.equal(settings.project, "other");
    assert.equal(settings.config["other:tier"], "bronze");
    assert.equal(settings.config["aws:region"], "us-east-2");
    assert.equal(settings.config["other:dbPassword"], "plain");
    assert.deepEqual(settings.secretKeys, []);
  });

  it("warns when the stack has no config file", () => {
    const settings = loadProgramSettings({ programDir: dir, stack: "qa" });
    assert.deepEqual(settings.config, { "shop:tier": "gold" });
    assert.deepEqual(settings.warnings, [
      "no Pulumi.qa.yaml: the stack has only project-level configuration",
    ]);
  });

  it("resolves the entry point from Pulumi.yaml main, then package.json main, then index.js/index.ts", () => {
    assert.equal(loadProgramSettings({ programDir: dir, stack: "qa" }).entryPath, path.join(dir, "index.ts"));
    write("package.json", JSON.stringify({ main: "lib/app.ts" }));
    write("lib/app.ts", "export {};\n");
    assert.equal(
      loadProgramSettings({ programDir: dir, stack: "qa" }).entryPath,
      path.join(dir, "lib/app.ts"),
    );
    write("Pulumi.yaml", "name: shop\nruntime: nodejs\nmain: src/\n");
    write("src/index.ts", "export {};\n");
    assert.equal(
      loadProgramSettings({ programDir: dir, stack: "qa" }).entryPath,
      path.join(dir, "src/index.ts"),
    );
  });

  it("reports unparseable stack files as bad-project", () => {
    write("Pulumi.prod.yaml", "config: [unclosed\n");
    assert.throws(
      () => loadProgramSettings({ programDir: dir, stack: "prod" }),
      (err: unknown) =>
        err instanceof CaptureError &&
        err.kind === "bad-project" &&
        /cannot parse Pulumi\.prod\.yaml/.test(err.message),
    );
  });
});
