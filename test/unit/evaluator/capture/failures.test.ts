import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CaptureError, captureProgram, type CaptureOptions } from "../../../../evaluator/capture/capture";
import { DEFAULT_AWS_PROVIDER, fixture } from "./fixtures";

async function captureError(opts: CaptureOptions): Promise<CaptureError> {
  try {
    await captureProgram(opts);
  } catch (err) {
    assert.ok(err instanceof CaptureError, String(err));
    return err;
  }
  assert.fail(`capturing ${opts.programDir} should have failed`);
}

describe("captureProgram failures", () => {
  it("keeps what was registered before the program threw", async () => {
    const err = await captureError({ programDir: fixture("throws"), stack: "dev" });
    assert.equal(err.kind, "program-threw");
    assert.equal(err.message, `program ${fixture("throws")} threw: Error: boom after two buckets`);
    assert.deepEqual(
      err.partial?.resources.map((r) => r.name),
      ["capture-throws-dev", DEFAULT_AWS_PROVIDER, "first", "second"],
    );
  });

  it("reports a missing required config key as missing-config", async () => {
    const dir = fixture("missing-config");
    const err = await captureError({ programDir: dir, stack: "dev" });
    assert.equal(err.kind, "missing-config");
    assert.equal(
      err.message,
      `program ${dir} threw: Error: Missing required configuration variable 'capture-missing-config:dbPassword'`,
    );
    assert.equal(err.configKey, "capture-missing-config:dbPassword");
    assert.ok(err.partial?.resources.some((r) => r.name === "logs"));
  });

  it("runs the same program once the key is supplied as an override", async () => {
    const stack = await captureProgram({
      programDir: fixture("missing-config"),
      stack: "dev",
      configOverrides: { dbPassword: "from-override" },
    });
    assert.ok(stack.resources.some((r) => r.name === "db"));
  });

  it("stops a program that never finishes and keeps its partial capture", async () => {
    const dir = fixture("hangs");
    const err = await captureError({ programDir: dir, stack: "dev", timeoutMs: 8000 });
    assert.equal(err.kind, "timeout");
    assert.equal(err.message, `program ${dir} did not finish within 8 s`);
    assert.ok(err.partial?.resources.some((r) => r.name === "before-the-hang"));
  });

  it("reports a program that calls process.exit as a crashed worker, with its partial capture", async () => {
    const err = await captureError({ programDir: fixture("exits"), stack: "dev" });
    assert.equal(err.kind, "worker-crashed");
    assert.match(err.message, /capture worker exited with code 3 before finishing$/);
    assert.ok(err.partial?.resources.some((r) => r.name === "before-exit"));
  });

  describe("programs that cannot run offline name the cause", function () {
    this.timeout(60_000);

    it("a file the program reads that does not exist", async () => {
      const dir = fixture("missing-file");
      const err = await captureError({ programDir: dir, stack: "dev" });
      assert.equal(err.kind, "missing-file");
      assert.equal(
        err.message,
        `program ${dir} cannot run offline (missing-file): it reads policies/bucket-policy.json, which does not exist ` +
          `(relative paths are resolved from the program directory ${dir}, as under the Pulumi CLI)`,
      );
      assert.ok(err.partial?.resources.some((r) => r.name === "before-the-read"));
    });

    it("a package that is not installed", async () => {
      const err = await captureError({ programDir: fixture("missing-dependency"), stack: "dev" });
      assert.equal(err.kind, "missing-dependency");
      assert.match(
        err.message,
        /cannot run offline \(missing-dependency\): package @pulumi\/aws-native-not-installed is not installed where the program can find it: run npm install in /,
      );
    });

    it("an invoke answered with nothing that the program then relies on", async () => {
      const err = await captureError({ programDir: fixture("unanswered-invoke"), stack: "dev" });
      assert.equal(err.kind, "unsupported-invoke");
      assert.match(
        err.message,
        /it failed \(Cannot read properties of undefined \(reading 'toLowerCase'\)\) after aws:acm\/getCertificate:getCertificate was answered with nothing offline/,
      );
      assert.ok(
        err.partial?.warnings.includes("invoke aws:acm/getCertificate:getCertificate answered with nothing"),
      );
    });

    it("an .mjs entry point with top-level await in a CommonJS package", async () => {
      const err = await captureError({ programDir: fixture("mjs-top-level-await"), stack: "dev" });
      assert.equal(err.kind, "loader");
      assert.match(
        err.message,
        /program\.mjs uses top-level await, which require\(\) cannot load: package\.json has no "type": "module", so the Pulumi CLI require\(\)s it too; add "type": "module" to package\.json$/,
      );
    });

    it("CommonJS code in a package declared as ES modules", async () => {
      const err = await captureError({ programDir: fixture("cjs-syntax-in-esm"), stack: "dev" });
      assert.equal(err.kind, "loader");
      assert.match(err.message, /the program uses CommonJS \(require is not defined in ES module scope/);
      assert.match(
        err.message,
        /but is loaded as an ES module: package\.json \(.*cjs-syntax-in-esm\) has "type": "module"$/,
      );
    });

    it("a program whose @pulumi/pulumi cannot be found", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "capture-no-sdk-"));
      try {
        writeFileSync(path.join(dir, "Pulumi.yaml"), "name: no-sdk\nruntime: nodejs\n");
        writeFileSync(path.join(dir, "index.js"), "require('@pulumi/pulumi');\n");
        const err = await captureError({ programDir: dir, stack: "dev" });
        assert.equal(err.kind, "missing-dependency");
        assert.equal(
          err.message,
          `program ${dir} cannot run offline (missing-dependency): @pulumi/pulumi cannot be found from ${dir}: ` +
            "install the program's dependencies (npm install) first",
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("bad projects", () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), "capture-bad-project-"));
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("rejects a directory without Pulumi.yaml", async () => {
      const err = await captureError({ programDir: dir, stack: "dev" });
      assert.equal(err.kind, "bad-project");
      assert.equal(err.message, `program ${dir}: no Pulumi.yaml`);
    });

    it("rejects runtimes other than nodejs", async () => {
      writeFileSync(path.join(dir, "Pulumi.yaml"), "name: py\nruntime: python\n");
      const err = await captureError({ programDir: dir, stack: "dev" });
      assert.equal(err.kind, "bad-project");
      assert.match(err.message, /runtime "python" is not nodejs/);
    });

    it("rejects a project whose entry point does not exist", async () => {
      writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nmain: src/missing.ts\n");
      const err = await captureError({ programDir: dir, stack: "dev" });
      assert.equal(err.kind, "bad-project");
      assert.match(err.message, /entry point .*src\/missing\.ts not found/);
    });
  });
});
