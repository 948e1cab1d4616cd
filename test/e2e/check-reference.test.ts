/**
 * The thin slice end to end, as a user runs it: `finguard check` on a reference stack passes with
 * exit 0, and a deliberately violating program fails with the right policy and exit 1, with the
 * compiled pack started through run-policy-pack and driven over gRPC.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvaluationResult } from "../../evaluator/results/model";
import { REPO_ROOT } from "./support";

function finguard(...args: string[]) {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, "evaluator", "bin", "finguard.js"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 240_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("finguard check end to end", function () {
  this.timeout(300_000);

  it("passes the trading-foundation reference stack and writes a results file", () => {
    const out = mkdtempSync(join(tmpdir(), "finguard-e2e-"));
    const run = finguard("check", "--stack", "trading-foundation", "--out", out);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /trading-foundation .*PASS: 0 mandatory/s);
    const result = JSON.parse(readFileSync(join(out, "trading-foundation.json"), "utf8")) as EvaluationResult;
    assert.equal(result.schemaVersion, "finguard.results/v1");
    assert.equal(result.pack.name, "finguard-aws-pci");
    assert.equal(result.summary.mandatoryViolations, 0);
    assert.equal(result.summary.deferred, 0);
    assert.ok(result.summary.compliant > 100, `only ${result.summary.compliant} compliant outcomes`);
    const policiesSeen = new Set(result.outcomes.map((o) => o.policy));
    for (const policy of ["tags-required", "naming-environment-suffix", "network-vpc-flow-logs"]) {
      assert.ok(policiesSeen.has(policy), `${policy} evaluated nothing`);
    }
  });

  it("fails a violating program with the violated policy, its resource and exit code 1", () => {
    const program = join(REPO_ROOT, "test", "fixtures", "areas", "tags");
    const run = finguard("check", "--program", program, "--stack", "test");
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /MANDATORY\s+tags-required \[PCI 12\.5\.1[^\]]*\] aws:sqs\/queue:Queue::untagged-queue-test/,
    );
    assert.match(run.stdout, /Missing required tags: DataClassification/);
  });

  it("honours an exemption from --policy-pack-config and reports it", () => {
    const program = join(REPO_ROOT, "test", "fixtures", "areas", "tags");
    const run = finguard(
      "check",
      "--program",
      program,
      "--stack",
      "test",
      "--policy-pack-config",
      join(program, "policy-config.json"),
    );
    assert.equal(run.status, 1);
    assert.match(run.stdout, /EXEMPTED\s+tags-required .*exempted-queue-test/);
    assert.match(
      run.stdout,
      /Fixture: an exemption with a reason and a far expiry applies \[ticket TEST-1\]/,
    );
  });

  it("exits 2 naming the problem when the pack config breaks a policy schema", () => {
    const dir = mkdtempSync(join(tmpdir(), "finguard-e2e-"));
    const config = join(dir, "bad.json");
    writeFileSync(
      config,
      JSON.stringify({ "tags-required": { exemptions: [{ urn: "x", expires: "2030-01-01" }] } }),
    );
    const program = join(REPO_ROOT, "test", "fixtures", "areas", "tags");
    const run = finguard("check", "--program", program, "--stack", "test", "--policy-pack-config", config);
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /tags-required.*reason/);
  });
});
