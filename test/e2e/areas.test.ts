/**
 * Every guardrail area has a small program under test/fixtures/areas/<area>/ and an
 * expected.json. Each program runs under mocks and is evaluated by the compiled pack through
 * run-policy-pack over gRPC, exactly as `pulumi preview --policy-pack` would drive it.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate } from "../../evaluator/evaluate";
import type { EvaluationResult, OutcomeStatus } from "../../evaluator/results/model";
import { PACK_DIR } from "./support";

const AREAS_DIR = join(__dirname, "..", "fixtures", "areas");

interface Expected {
  violations?: Array<{ policy: string; resource: string }>;
  exempted?: Array<{ policy: string; resource: string }>;
  compliant?: Array<{ policy: string; resource: string }>;
}

function statusesOf(result: EvaluationResult, policy: string, resource: string): OutcomeStatus[] {
  return result.outcomes
    .filter((o) => o.policy === policy && o.urn.endsWith(`::${resource}`))
    .map((o) => o.status);
}

describe("guardrail areas through the real pack process", function () {
  this.timeout(180_000);
  for (const area of readdirSync(AREAS_DIR).sort()) {
    const dir = join(AREAS_DIR, area);
    if (!existsSync(join(dir, "expected.json"))) continue;
    describe(area, () => {
      let result: EvaluationResult;
      before(async () => {
        const configFile = join(dir, "policy-config.json");
        result = await evaluate({
          programDir: dir,
          stack: "test",
          packDir: PACK_DIR,
          policyPackConfigFile: existsSync(configFile) ? configFile : undefined,
        });
      });

      it("evaluates without errors", () => {
        assert.deepEqual(result.errors, []);
        assert.ok(result.summary.resources > 1);
      });

      const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
      const cases: Array<[keyof Expected, OutcomeStatus]> = [
        ["violations", "violation"],
        ["exempted", "exempted"],
        ["compliant", "compliant"],
      ];
      for (const [key, status] of cases) {
        for (const { policy, resource } of expected[key] ?? []) {
          it(`${policy} on ${resource}: ${status}`, () => {
            const statuses = statusesOf(result, policy, resource);
            assert.ok(statuses.includes(status), `got ${JSON.stringify(statuses)}`);
            if (status !== "violation")
              assert.ok(!statuses.includes("violation"), `unexpected violation: ${JSON.stringify(statuses)}`);
          });
        }
      }
    });
  }
});
