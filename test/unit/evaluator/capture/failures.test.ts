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
