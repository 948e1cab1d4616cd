/**
 * The evaluator against things going wrong, through the real command line
 * (`node evaluator/bin/finguard.js check --program <dir> --out <tmp>`): a program that throws or
 * never finishes, a pack that dies before serving or in the middle of a run, a policy that
 * throws, a pack that writes to stdout, a pack config that fails its schema, and a 10,000-resource
 * program. Every failure must end with exit code 2 and a message naming the stage and the cause,
 * and whatever was decided before it must still be in the JSON report.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvaluationResult } from "../../evaluator/results/model";
import { REPO_ROOT } from "./support";

const CLI = join(REPO_ROOT, "evaluator", "bin", "finguard.js");
const PROGRAMS = join(REPO_ROOT, "test", "fixtures", "programs");
const ROBUSTNESS = join(REPO_ROOT, "test", "fixtures", "adversarial", "robustness");
const PACKS = join(REPO_ROOT, "test", "fixtures", "packs");
const EXIT_VIOLATIONS = 1;
const EXIT_ERROR = 2;

interface Run {
  code: number | null;
  output: string;
  /** The JSON report, `<out>/<stack>.json`. */
  report: EvaluationResult;
}

let outRoot: string;

function runCheck(args: string[], stack: string, timeoutMs = 240_000): Promise<Run> {
  const out = mkdtempSync(join(outRoot, "run-"));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "check", ...args, "--out", out], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const file = join(out, `${stack}.json`);
      if (!existsSync(file)) {
        reject(new Error(`no JSON report at ${file} (exit ${code}); output:\n${output.slice(-2000)}`));
        return;
      }
      resolve({ code, output, report: JSON.parse(readFileSync(file, "utf8")) as EvaluationResult });
    });
  });
}

/** `policy resource status` for every outcome, by logical name. */
function outcomesOf(report: EvaluationResult): string[] {
  return report.outcomes.map((o) => `${o.policy} ${o.urn.split("::").pop()} ${o.status}`);
}

function assertFailed(run: Run, stage: string, message: RegExp): void {
  assert.equal(run.code, EXIT_ERROR, run.output.slice(-2000));
  assert.equal(run.report.errors.length >= 1, true, "the report records the error");
  const error = run.report.errors.find((e) => e.stage === stage);
  assert.ok(error, `no ${stage} error in ${JSON.stringify(run.report.errors)}`);
  assert.match(error.message, message);
  assert.match(run.output, message, "the error is printed too");
  // Nothing is called compliant once the run failed: it was not fully evaluated.
  assert.equal(run.report.summary.compliant, 0);
}

describe("evaluator robustness through the command line", function () {
  this.timeout(300_000);

  before(() => {
    outRoot = mkdtempSync(join(tmpdir(), "finguard-robustness-"));
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  it("a program that throws: exit 2, the error, and the outcomes of what it registered before", async () => {
    const run = await runCheck(["--program", join(PROGRAMS, "throws")], "dev");
    assertFailed(run, "capture", /threw: Error: boom after two buckets/);
    const outcomes = outcomesOf(run.report);
    assert.ok(outcomes.includes("tags-required first violation"), outcomes.join("\n"));
    assert.ok(outcomes.includes("tags-required second violation"), outcomes.join("\n"));
  });

  it("a program that never finishes (--timeout 5): exit 2, the timeout, and the partial outcomes", async () => {
    const started = Date.now();
    const run = await runCheck(["--program", join(PROGRAMS, "hangs"), "--timeout", "5"], "dev");
    assertFailed(run, "capture", /did not finish within 5 s/);
    assert.ok(outcomesOf(run.report).includes("tags-required before-the-hang violation"));
    assert.ok(Date.now() - started < 90_000, "the timeout is honoured");
  });

  it("a pack that exits before serving: exit 2, its exit code and stderr, the captured resources kept", async () => {
    const program = join(ROBUSTNESS, "pack-dies");
    const run = await runCheck(
      ["--program", program, "--stack", "test", "--pack", join(PACKS, "exits")],
      "test",
    );
    assertFailed(run, "pack-start", /exited with code 3 before reporting its port/);
    assert.match(
      run.report.errors[0].message,
      /fixture-exits: required setting missing/,
      "the pack's stderr tail",
    );
    assert.ok(run.report.summary.resources >= 4, "the captured resources are in the report");
    assert.deepEqual(run.report.outcomes, []);
  });

  it("a pack that dies in the middle of the run: exit 2, where it died, the outcomes before it kept", async () => {
    const program = join(ROBUSTNESS, "pack-dies");
    const run = await runCheck(
      ["--program", program, "--stack", "test", "--pack", join(PACKS, "throws")],
      "test",
    );
    assertFailed(run, "analyze", /Analyze of \S+::crash failed: policy pack \S+ exited with code 7/);
    assert.match(run.report.errors[0].message, /fatal: crashing on purpose/, "the pack's stderr tail");
    const outcomes = outcomesOf(run.report);
    assert.ok(outcomes.includes("explode first-queue-test violation"), outcomes.join("\n"));
    assert.ok(outcomes.includes("explode second-queue-test violation"), outcomes.join("\n"));
    assert.ok(!outcomes.some((o) => o.includes("never-analyzed-test")), outcomes.join("\n"));
  });

  it("a policy that throws: exit 2, the policy, its message and where it threw", async () => {
    const program = join(ROBUSTNESS, "policy-throws");
    const run = await runCheck(
      ["--program", program, "--stack", "test", "--pack", join(PACKS, "throws")],
      "test",
    );
    assertFailed(
      run,
      "analyze",
      /Analyze of \S+::boom failed: .*policy 'explode'.*Error: boom in policy \(at /,
    );
    assert.ok(outcomesOf(run.report).includes("explode first-queue-test violation"));
  });

  it("a pack that writes to stdout before its port: exit 2 and why", async () => {
    const program = join(ROBUSTNESS, "pack-dies");
    const run = await runCheck(
      ["--program", program, "--stack", "test", "--pack", join(PACKS, "garbage-stdout")],
      "test",
    );
    assertFailed(run, "pack-start", /wrote "warming up the cache" to stdout before its port/);
    assert.ok(run.report.summary.resources >= 4);
  });

  it("a pack config that fails the policies' schemas: exit 2 and every schema error", async () => {
    const config = join(outRoot, "bad-config.json");
    writeFileSync(
      config,
      JSON.stringify({ "tags-required": { requiredTags: "Owner", whenUnknown: "sometimes" } }),
    );
    const program = join(REPO_ROOT, "test", "fixtures", "adversarial", "provider-default-tags-only");
    const run = await runCheck(
      ["--program", program, "--stack", "test", "--policy-pack-config", config],
      "test",
    );
    assertFailed(run, "config", /policy 'tags-required': \/requiredTags must be array/);
    assert.match(run.report.errors[0].message, /\/whenUnknown must be equal to one of the allowed values/);
    assert.deepEqual(run.report.outcomes, [], "no policy ran on a config the engine would refuse");
  });

  it("a 10,000-resource program completes, with every outcome and the exit code of its violations", async function () {
    this.timeout(900_000);
    const run = await runCheck(["--program", join(PROGRAMS, "many")], "dev", 840_000);
    assert.deepEqual(run.report.errors, []);
    assert.ok(run.report.summary.resources >= 10_000, `${run.report.summary.resources} resources`);
    // Every queue lacks the mandatory tags (the program sets none and the stack has no defaultTags).
    const untagged = run.report.outcomes.filter(
      (o) => o.policy === "tags-required" && o.status === "violation",
    );
    assert.equal(untagged.length, 10_000);
    assert.equal(run.code, run.report.summary.mandatoryViolations > 0 ? EXIT_VIOLATIONS : 0);
  });
});
