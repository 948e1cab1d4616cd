import assert from "node:assert/strict";
import { captureProgram } from "../../../../evaluator/capture/capture";
import { fixture } from "./fixtures";

describe("captureProgram at scale", () => {
  it("captures a 10,000-resource program", async function () {
    // About 12 s on an idle 2-core machine; the margin is for a busy one.
    this.timeout(90_000);
    const started = Date.now();
    const stack = await captureProgram({ programDir: fixture("many"), stack: "dev" });
    const queues = stack.resources.filter((r) => r.type === "aws:sqs/queue:Queue");
    assert.equal(queues.length, 10_000);
    assert.equal(stack.resources.length, 10_002, "the stack, the default provider and the queues");
    assert.equal(stack.outputs.queues, 10_000);
    console.log(`      (10,000 resources captured in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
});
