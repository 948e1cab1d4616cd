import assert from "node:assert/strict";
import { join } from "node:path";
import { AnalyzerClient } from "../../../../evaluator/analyzer/client";
import {
  discardPack,
  PackStartError,
  startPack,
  type PackIdentity,
} from "../../../../evaluator/analyzer/pack-process";
import { isRunning, packDir, PROJECT, STACK, tempDir } from "./support";

const IDENTITY: PackIdentity = {
  organization: "acme",
  project: PROJECT,
  stack: STACK,
  config: {},
  secretKeys: [],
};

async function startError(dir: string, timeoutMs?: number): Promise<PackStartError> {
  try {
    const pack = await startPack({ packDir: dir, identity: IDENTITY, timeoutMs });
    await pack.kill();
  } catch (error) {
    assert.ok(error instanceof PackStartError, String(error));
    return error;
  }
  assert.fail(`expected ${dir} to fail to start`);
}

describe("analyzer/pack-process", function () {
  this.timeout(60_000);

  it("starts a pack, serves gRPC on the reported port, and stops it on kill", async () => {
    const pack = await startPack({ packDir: packDir("basic"), identity: IDENTITY });
    try {
      assert.ok(pack.port > 0);
      assert.equal(pack.packDir, packDir("basic"));
      const client = await AnalyzerClient.connect(pack.packDir, pack.port);
      assert.match((await client.getPluginInfo()).version, /^\d+\.\d+\.\d+/);
      client.close();
    } finally {
      await pack.kill();
    }
    assert.equal(isRunning(pack.pid), false);
  });

  it("rejects a pack that prints to stdout before its port, quoting the line", async () => {
    const error = await startError(packDir("garbage-stdout"));
    assert.match(
      error.message,
      /^policy pack \S+garbage-stdout wrote "warming up the cache" to stdout before its port; a pack must not print to stdout while it starts/,
    );
  });

  it("reports an early exit with its code and the pack's stderr", async () => {
    const error = await startError(packDir("exits"));
    assert.match(
      error.message,
      /^policy pack \S+exits exited with code 3 before reporting its port\n--- pack stderr \(last lines\) ---\n/,
    );
    assert.match(error.message, /fixture-exits: required setting missing/);
  });

  it("gives up after the timeout, naming the pack", async () => {
    const error = await startError(packDir("never-ready"), 1_500);
    assert.match(error.message, /^policy pack \S+never-ready did not report its port within 1.5 s\n/);
  });

  it("names a missing directory, and one where @pulumi/pulumi is not installed", async () => {
    const missing = join(tempDir(), "nope");
    assert.equal((await startError(missing)).message, `policy pack ${missing}: no such directory`);
    const bare = tempDir();
    assert.match(
      (await startError(bare)).message,
      /cannot resolve @pulumi\/pulumi from the pack's directory; install its dependencies/,
    );
  });

  it("lets an early start be discarded when it will not be used", async () => {
    const pending = startPack({ packDir: packDir("basic"), identity: IDENTITY });
    const { pid } = await pending;
    await discardPack(pending);
    assert.equal(isRunning(pid), false);
    await discardPack(startPack({ packDir: packDir("exits"), identity: IDENTITY }));
  });
});
