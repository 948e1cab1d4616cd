/**
 * Each command as a user runs it: `node evaluator/bin/finguard.js ...` in a child process, with small
 * inputs, asserting exit codes, what goes to stdout (the report) and stderr (progress, errors).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TERMINAL_LINES } from "../../../../evaluator/cli";
import type { EvaluationResult } from "../../../../evaluator/results/model";
import {
  BUCKET,
  QUEUE,
  STACK_TYPE,
  TAGS,
  eventLogText,
  queues,
  scratchDir,
  stateExport,
  type PreviewSpec,
} from "../inputs/generators";

const REPO_ROOT = resolve(__dirname, "../../../..");
const CLI = join(REPO_ROOT, "evaluator", "bin", "finguard.js");
const write = scratchDir("finguard-cli-");
/** A report directory that does not exist yet. */
const outDir = () => join(mkdtempSync(join(tmpdir(), "finguard-cli-out-")), "reports");

function finguard(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function jsonReport(dir: string, stack: string): EvaluationResult {
  return JSON.parse(readFileSync(join(dir, `${stack}.json`), "utf8")) as EvaluationResult;
}

const PREVIEW: PreviewSpec = {
  summaries: true,
  resources: [
    { name: "shop-prod", type: STACK_TYPE },
    { name: "data-prod", type: BUCKET },
    { name: "orders-prod", type: QUEUE },
  ],
  violations: [
    {
      resource: "data-prod",
      policy: "tags-required",
      level: "mandatory",
      message: "Missing required tags: Owner",
    },
    {
      resource: "orders-prod",
      policy: "iam-unknown-actions",
      level: "warning",
      message: "unknown action s3:Gett",
    },
  ],
};

describe("finguard as a child process", function () {
  this.timeout(180_000);

  before(() => {
    if (!existsSync(join(REPO_ROOT, "policy-pack", "bin", "index.js")))
      throw new Error("the policy pack is not built: run `npm run build`");
  });

  it("prints help for the tool and for a command, exit 0", () => {
    const general = finguard("--help");
    assert.equal(general.status, 0);
    assert.match(general.stdout, /Commands:[\s\S]*Exit codes:/);
    const report = finguard("report", "--help");
    assert.equal(report.status, 0, report.stderr);
    assert.match(report.stdout, /^finguard report - [\s\S]*--event-log <file>/);
    assert.equal(report.stderr, "");
  });

  it("reports a usage error on one line of stderr, exit 2", () => {
    const run = finguard("report", "--event-log", "x.ndjson", "--timeout", "3");
    assert.equal(run.status, 2);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, "finguard: report has no option --timeout (see finguard report --help)\n");
  });

  describe("check", () => {
    it("evaluates a program offline: exit 1 on a mandatory violation, one progress line, the reports written", () => {
      const out = outDir();
      const program = join(REPO_ROOT, "test", "fixtures", "programs", "basic");
      const run = finguard(
        "check",
        "--program",
        program,
        "--stack",
        "dev",
        "--out",
        out,
        "--format",
        "json,sarif",
      );
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.equal(run.stderr, `finguard: [1/1] checking dev (${program}) ...\n`);
      assert.match(run.stdout, /^capture-basic \/ dev {2}\(pack finguard-aws-pci@/);
      assert.match(
        run.stdout,
        /MANDATORY\s+tags-required \[PCI [^\]]+\] aws:s3\/bucket:Bucket::cardholder-data/,
      );
      assert.deepEqual(readdirSync(out).sort(), ["dev.json", "dev.sarif"]);
      assert.equal(jsonReport(out, "dev").run.source, "offline-preview");
    });
  });

  describe("report --event-log", () => {
    const log = write("preview.ndjson", eventLogText(PREVIEW));

    it("turns a real preview's event log into reports, exit 1 on a mandatory violation", () => {
      const out = outDir();
      const run = finguard("report", "--event-log", log, "--out", out, "--format", "json,junit");
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.equal(run.stderr, `finguard: reporting on the event log ${log} ...\n`);
      assert.match(run.stdout, /MANDATORY\s+tags-required .*aws:s3\/bucket:Bucket::data-prod/);
      const result = jsonReport(out, "prod");
      assert.equal(result.run.source, "event-log");
      assert.ok(existsSync(join(out, "prod.junit.xml")));
    });

    it("applies --fail-on: nothing critical passes", () => {
      assert.equal(finguard("report", "--event-log", log, "--fail-on", "critical").status, 0);
    });

    it("fails on a malformed line, exit 2 naming the file and the line, without a stack trace or reports", () => {
      const lines = eventLogText(PREVIEW).split("\n");
      lines[3] = lines[3].slice(0, 25);
      const file = write("malformed.ndjson", lines.join("\n"));
      const out = outDir();
      const run = finguard("report", "--event-log", file, "--out", out);
      assert.equal(run.status, 2);
      assert.match(
        run.stderr,
        new RegExp(`finguard: event log ${file}: line 4 is not valid JSON \\(the JSON is cut off`),
      );
      assert.doesNotMatch(run.stderr, /\n\s+at /);
      assert.ok(!existsSync(out), "no report from a log that could not be read");
    });

    it("rejects an empty log, exit 2", () => {
      const run = finguard("report", "--event-log", write("empty.ndjson", ""));
      assert.equal(run.status, 2);
      assert.match(run.stderr, /empty\.ndjson is empty/);
    });

    it("lists at most a screenful when the full reports are written, and says where the rest is", () => {
      const resources = Array.from({ length: 120 }, (_, i) => ({ name: `bucket-${i}-prod`, type: BUCKET }));
      const violations = resources.map((r) => ({
        resource: r.name,
        policy: "tags-required",
        level: "mandatory" as const,
        message: "Missing required tags: Owner",
      }));
      const out = outDir();
      const run = finguard(
        "report",
        "--event-log",
        write("many.ndjson", eventLogText({ resources, violations })),
        "--out",
        out,
      );
      assert.equal(run.status, 1);
      assert.equal(run.stdout.match(/^ {2}MANDATORY /gm)?.length, TERMINAL_LINES);
      assert.match(run.stdout, new RegExp(`\\.\\.\\. and 70 more: all are in ${join(out, "prod.txt")}`));
      assert.equal(readFileSync(join(out, "prod.txt"), "utf8").match(/^ {2}MANDATORY /gm)?.length, 120);
    });
  });

  describe("audit --state", () => {
    it("audits a stack export through the real pack, exit 1, with retainOnDelete", () => {
      const state = stateExport([
        ...queues(2),
        {
          name: "orders-prod",
          type: QUEUE,
          inputs: { name: "orders-prod", tags: TAGS },
          retainOnDelete: true,
        },
      ]);
      const file = write("state.json", JSON.stringify(state));
      const out = outDir();
      const run = finguard("audit", "--state", file, "--config", "environmentSuffix=prod", "--out", out);
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(
        run.stderr,
        /^finguard: auditing .*state\.json with the policy pack .*policy-pack \.\.\.\n$/,
      );
      assert.match(
        run.stdout,
        /MANDATORY\s+lifecycle-no-retain-on-delete \(evaluator\) aws:sqs\/queue:Queue::orders-prod/,
      );
      const result = jsonReport(out, "prod");
      assert.equal(result.run.source, "state-export");
      assert.deepEqual(result.errors, []);
    });

    it("exits 2 naming the file and the problem for a truncated export", () => {
      const file = write("cut.json", JSON.stringify(stateExport(queues(3))).slice(0, 200));
      const run = finguard("audit", "--state", file);
      assert.equal(run.status, 2);
      assert.equal(
        run.stderr.split("\n").at(-2),
        `finguard: state file ${file}: not a readable JSON stack export (the JSON is cut off before it ends (truncated?))`,
      );
    });

    it("exits 2 for a missing file", () => {
      const run = finguard("audit", "--state", "no-such-state.json");
      assert.equal(run.status, 2);
      assert.equal(
        run.stderr,
        `finguard: --state: ${join(REPO_ROOT, "no-such-state.json")} does not exist\n`,
      );
    });
  });
});
