/**
 * Adversarial programs (test/fixtures/adversarial/<case>/), each built to trip a naive policy:
 * encryption set by a separate resource with an AWS managed alias, keys of other stacks, tags only
 * from provider defaults, gateways attached by separate resources, routes across components,
 * jsonStringify and getPolicyDocument documents, action wildcards, resources hidden under
 * components, explicit providers in another region. Each runs under mocks and is judged by the
 * compiled pack through run-policy-pack, as `pulumi preview --policy-pack` would; expected.json
 * says what each policy must decide, and pins known limits (docs/quality.md).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { EvaluationResult } from "../../evaluator/results/model";
import { evaluateFixture, itMeetsFixtureExpectations, readFixtureExpectations } from "./support";

const ADVERSARIAL_DIR = join(__dirname, "..", "fixtures", "adversarial");

describe("adversarial programs through the real pack process", function () {
  this.timeout(180_000);
  const cases = readdirSync(ADVERSARIAL_DIR)
    .filter((name) => existsSync(join(ADVERSARIAL_DIR, name, "expected.json")))
    .sort();

  it("has the ten adversarial cases", () => {
    assert.equal(cases.length, 10, cases.join(", "));
  });

  for (const name of cases) {
    const dir = join(ADVERSARIAL_DIR, name);
    describe(name, () => {
      let result: EvaluationResult;
      before(async () => {
        result = await evaluateFixture(dir);
      });

      it("evaluates without errors", () => {
        assert.deepEqual(result.errors, []);
        assert.ok(result.summary.resources > 1);
      });

      itMeetsFixtureExpectations(readFixtureExpectations(dir), () => result);
    });
  }
});
