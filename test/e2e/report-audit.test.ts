/**
 * `finguard audit --state` drives the real pack over the analyzer protocol on a stack export, and
 * `finguard report --event-log` turns a CLI event log into reports; both as a user runs them.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvaluationResult } from "../../evaluator/results/model";
import { REPO_ROOT } from "./support";

const dir = mkdtempSync(join(tmpdir(), "finguard-audit-"));
const urn = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;
const QUEUE = "aws:sqs/queue:Queue";
const TAGS = { Environment: "prod", Owner: "o", CostCenter: "c", DataClassification: "d" };

function finguard(...args: string[]) {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, "evaluator", "bin", "finguard.js"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 240_000,
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

function stateFile(name: string, queues: number, extra: object[] = []): string {
  const resources = [
    {
      urn: "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod",
      type: "pulumi:pulumi:Stack",
      custom: false,
    },
    ...Array.from({ length: queues }, (_, i) => ({
      urn: urn(QUEUE, `queue-${i}-prod`),
      type: QUEUE,
      custom: true,
      inputs: { name: `queue-${i}-prod`, tags: TAGS },
      outputs: { name: `queue-${i}-prod`, tags: TAGS },
    })),
    ...extra,
  ];
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }));
  return file;
}

describe("finguard audit and report", function () {
  this.timeout(300_000);

  it("audits deployed state with the real pack, including retainOnDelete", () => {
    const untagged = {
      urn: urn(QUEUE, "orders-prod"),
      type: QUEUE,
      custom: true,
      inputs: { name: "orders-prod" },
      outputs: {},
      retainOnDelete: true,
    };
    const out = join(dir, "out");
    const run = finguard(
      "audit",
      "--state",
      stateFile("state.json", 2, [untagged]),
      "--out",
      out,
      "--format",
      "json,sarif",
    );
    assert.equal(run.status, 1, run.out);
    assert.match(run.out, /MANDATORY\s+tags-required .*orders-prod/);
    assert.match(run.out, /lifecycle-no-retain-on-delete \(evaluator\) .*orders-prod/);
    const result = JSON.parse(readFileSync(join(out, "prod.json"), "utf8")) as EvaluationResult;
    assert.equal(result.run.source, "state-export");
    assert.ok(existsSync(join(out, "prod.sarif")));
  });

  it("audits a 10,000-resource state export", () => {
    const out = join(dir, "huge");
    const run = finguard("audit", "--state", stateFile("huge.json", 10_000), "--out", out);
    // The queues have no customer-managed key: every one is a violation the pack must report.
    assert.equal(run.status, 1, run.out.slice(-2000));
    const result = JSON.parse(readFileSync(join(out, "prod.json"), "utf8")) as EvaluationResult;
    assert.deepEqual(result.errors, []);
    assert.equal(result.summary.resources, 10_001);
    const cmk = result.outcomes.filter(
      (o) => o.policy === "encryption-messaging-cmk" && o.status === "violation",
    );
    assert.equal(cmk.length, 10_000);
  });

  it("exits 2 naming the file for a truncated state export", () => {
    const file = join(dir, "cut.json");
    writeFileSync(file, '{"version": 3, "deployment": {"resources": [');
    const run = finguard("audit", "--state", file);
    assert.equal(run.status, 2);
    assert.match(run.out, /cut\.json: not a readable JSON stack export/);
  });

  it("reports an event log and applies --fail-on thresholds", () => {
    const event = (policyName: string, level: string) =>
      JSON.stringify({
        sequence: 1,
        timestamp: 1,
        policyEvent: {
          resourceUrn: urn(QUEUE, "q"),
          message: "m",
          color: "never",
          policyName,
          policyPackName: "finguard-aws-pci",
          policyPackVersion: "0.1.0",
          policyPackVersionTag: "",
          enforcementLevel: level,
        },
      });
    const pre = JSON.stringify({
      sequence: 0,
      timestamp: 0,
      resourcePreEvent: { metadata: { op: "create", urn: urn(QUEUE, "q"), type: QUEUE, provider: "" } },
    });
    const file = join(dir, "events.ndjson");
    writeFileSync(file, [pre, event("iam-unknown-actions", "warning")].join("\n") + "\n");
    assert.equal(finguard("report", "--event-log", file).status, 0);
    assert.equal(finguard("report", "--event-log", file, "--fail-on", "advisory").status, 1);
    assert.equal(finguard("report", "--event-log", file, "--fail-on", "low").status, 1);
    assert.equal(finguard("report", "--event-log", file, "--fail-on", "high").status, 0);
    const bad = finguard("report", "--event-log", file, "--fail-on", "sometimes");
    assert.equal(bad.status, 2);
    assert.match(bad.out, /--fail-on must be mandatory, advisory, low, medium, high or critical/);
  });

  it("prints help for every command", () => {
    const run = finguard("--help");
    assert.equal(run.status, 0);
    for (const command of ["check --stack", "report --event-log", "audit --state", "--fail-on"])
      assert.ok(run.out.includes(command), command);
  });
});
