/**
 * Scenario selection and the `reference-stacks/index.ts` entry point.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { SCENARIOS, selectScenario, UnknownScenarioError } from "../../../../reference-stacks/scenarios";
import { runProgram, stackConfig, valueOf } from "../helpers/pulumi-harness";

const ENTRY = path.resolve(__dirname, "../../../../reference-stacks/index.ts");

function loadEntry(): Record<string, unknown> {
  delete require.cache[require.resolve(ENTRY)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry point runs on load
  return require(ENTRY);
}

describe("scenario selection", function () {
  this.timeout(60000);

  it("lists the reference scenarios", () => {
    assert.ok(Object.keys(SCENARIOS).includes("trading-foundation"));
    assert.ok(Object.keys(SCENARIOS).includes("zero-trust-payments"));
  });

  it("prefers the config value, else the stack name", () => {
    assert.equal(selectScenario("zero-trust-payments", "dev").id, "zero-trust-payments");
    assert.equal(selectScenario(undefined, "trading-foundation").id, "trading-foundation");
  });

  it("names the valid scenarios and the source when the scenario is unknown", () => {
    assert.throws(
      () => selectScenario(undefined, "dev"),
      (e: unknown) => {
        assert.ok(e instanceof UnknownScenarioError);
        assert.match(e.message, /'dev' \(from stack name 'dev'\)/);
        assert.match(e.message, /trading-foundation, zero-trust-payments/);
        return true;
      },
    );
    assert.throws(() => selectScenario("toString", "x"), /from config finguard-reference:scenario/);
  });

  it("runs the selected scenario from the entry point and exports its outputs", async () => {
    const config = stackConfig("trading-foundation");
    delete config["finguard-reference:scenario"];
    const run = await runProgram(config, loadEntry, { stack: "trading-foundation" });
    assert.equal(await valueOf(run.result.vpcId as string), "trading-vpc-dev-id");
    assert.deepEqual(run.result.natInstanceIps, []);
    assert.ok(run.ofType("aws:ssm/parameter:Parameter").length > 0);
  });

  it("fails the entry point with the list of scenarios for an unknown stack", async () => {
    const config = stackConfig("trading-foundation");
    delete config["finguard-reference:scenario"];
    await assert.rejects(runProgram(config, loadEntry, { stack: "staging" }), UnknownScenarioError);
  });
});
