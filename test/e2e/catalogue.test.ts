/**
 * The scenario catalogue (reference-stacks/README.md) against reality: every registered scenario is
 * listed, and `finguard check --all` (what `npm start` runs) evaluates each with zero mandatory
 * violations, nothing deferred, no error, and the resource, exemption and decided counts the
 * catalogue states.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvaluationResult } from "../../evaluator/results/model";
import { SCENARIOS } from "../../reference-stacks/scenarios";
import { REPO_ROOT } from "./support";

interface CatalogueRow {
  scenario: string;
  region: string;
  resources: number;
  exemptions: number;
  /** The evaluation cell: `pass: <decided>/<total> decided, <violations> violations...`. */
  evaluation: string;
}

/** The rows of the "Catalogue" table: scenario | region | resources | exemptions in force | ... */
function readCatalogue(): CatalogueRow[] {
  const text = readFileSync(join(REPO_ROOT, "reference-stacks", "README.md"), "utf8");
  const section = text.split("## Catalogue")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => /^\|\s*[a-z][a-z0-9-]*\s*\|/.test(line) && !/^\|\s*scenario\s*\|/.test(line))
    .map((line) => {
      const [scenario, region, resources, exemptions, evaluation] = line
        .split("|")
        .slice(1)
        .map((cell) => cell.trim());
      return {
        scenario,
        region,
        resources: Number(resources),
        exemptions: Number.parseInt(exemptions, 10),
        evaluation,
      };
    });
}

function regionOf(scenario: string): string | undefined {
  const yaml = readFileSync(join(REPO_ROOT, `Pulumi.${scenario}.yaml`), "utf8");
  return /^\s*aws:region:\s*(\S+)/m.exec(yaml)?.[1];
}

describe("the scenario catalogue", function () {
  this.timeout(600_000);
  const catalogue = readCatalogue();
  const results = new Map<string, EvaluationResult>();
  let out: string;
  let exitCode: number | null;
  let output: string;

  before(() => {
    out = mkdtempSync(join(tmpdir(), "finguard-catalogue-"));
    const run = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, "evaluator", "bin", "finguard.js"),
        "check",
        "--all",
        "--out",
        out,
        "--format",
        "json",
      ],
      { cwd: REPO_ROOT, encoding: "utf8", timeout: 540_000 },
    );
    exitCode = run.status;
    output = run.stdout + run.stderr;
    for (const row of catalogue) {
      results.set(row.scenario, JSON.parse(readFileSync(join(out, `${row.scenario}.json`), "utf8")));
    }
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("lists every registered scenario, once, with the region of its stack config", () => {
    assert.deepEqual(catalogue.map((r) => r.scenario).sort(), Object.keys(SCENARIOS).sort());
    for (const row of catalogue) assert.equal(row.region, regionOf(row.scenario), row.scenario);
  });

  it("check --all exits 0", () => {
    assert.equal(exitCode, 0, output);
  });

  for (const row of catalogue) {
    describe(row.scenario, () => {
      it("has no mandatory violation, nothing deferred and no error", () => {
        const result = results.get(row.scenario)!;
        assert.deepEqual(result.errors, []);
        assert.equal(result.summary.mandatoryViolations, 0);
        assert.equal(result.summary.deferred, 0);
      });

      it(`has the catalogue's ${row.resources} resources and ${row.exemptions} exemption(s), each active`, () => {
        const result = results.get(row.scenario)!;
        assert.equal(result.summary.resources, row.resources);
        assert.equal(result.summary.exempted, row.exemptions);
        for (const outcome of result.outcomes.filter((o) => o.status === "exempted")) {
          assert.match(outcome.message ?? "", /expires \d{4}-\d{2}-\d{2}/, outcome.urn);
        }
      });

      it("has the catalogue's evaluation: every policy-resource pair decided, no violation", () => {
        const result = results.get(row.scenario)!;
        const decided = result.outcomes.filter((o) => o.status !== "deferred").length;
        const violations = result.summary.mandatoryViolations + result.summary.advisoryViolations;
        const stated = /^pass: (\d+)\/(\d+) decided, (\d+) violations/.exec(row.evaluation);
        assert.ok(stated, `unreadable evaluation cell '${row.evaluation}'`);
        assert.deepEqual(stated.slice(1).map(Number), [decided, result.outcomes.length, violations]);
      });
    });
  }
});
