/**
 * Programs evaluated through the real pack, as `finguard check --program` does: explicit providers
 * in several regions with their defaultTags, awsx remote components judged from their inputs, and
 * the honest limits (remote components named with a count, a program that cannot run offline
 * ending with its cause and exit code 2).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { evaluate } from "../../../../evaluator/evaluate";
import type { EvaluationResult, Outcome } from "../../../../evaluator/results/model";
import { fixture } from "./fixtures";

const REPO_ROOT = path.resolve(__dirname, "../../../..");
const PACK_DIR = path.join(REPO_ROOT, "policy-pack");

function requireBuiltPack(): void {
  if (!existsSync(path.join(PACK_DIR, "bin", "policies", "components", "index.js")))
    throw new Error(
      "the policy pack is not built (or predates the components policies): run `npm run build`",
    );
}

function finguard(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, "evaluator", "bin", "finguard.js"), ...args],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const statusOf = (result: EvaluationResult, policy: string, name: string): Outcome["status"][] =>
  result.outcomes.filter((o) => o.policy === policy && o.urn.endsWith(`::${name}`)).map((o) => o.status);

const messagesOf = (result: EvaluationResult, policy: string, name: string): string[] =>
  result.outcomes
    .filter((o) => o.policy === policy && o.urn.endsWith(`::${name}`) && o.status === "violation")
    .map((o) => o.message ?? "");

describe("evaluate(): users' programs through the real pack", function () {
  this.timeout(120_000);
  before(requireBuiltPack);

  describe("explicit providers in several regions plus the default provider", () => {
    let result: EvaluationResult;

    before(async () => {
      result = await evaluate({ programDir: fixture("providers"), stack: "dev", packDir: PACK_DIR });
    });

    it("judges each resource's tags with its own provider's defaultTags", () => {
      assert.deepEqual(result.errors, []);
      assert.deepEqual(statusOf(result, "tags-required", "orders-dev"), ["compliant"]);
      assert.deepEqual(statusOf(result, "tags-required", "refunds-dev"), ["compliant"]);
      assert.deepEqual(statusOf(result, "tags-required", "events-dev"), ["compliant"]);
      assert.deepEqual(statusOf(result, "tags-required", "clicks-dev"), ["violation"]);
      assert.match(
        messagesOf(result, "tags-required", "clicks-dev")[0],
        /Missing required tags: DataClassification \(present: CostCenter, Environment, Owner\)/,
      );
    });
  });

  describe("awsx remote components", () => {
    let result: EvaluationResult;

    before(async () => {
      result = await evaluate({ programDir: fixture("awsx-components"), stack: "dev", packDir: PACK_DIR });
    });

    it("reports what awsx's defaults would create: internet gateway, public subnets and NAT gateways", () => {
      const messages = messagesOf(result, "network-awsx-vpc-private", "default-vpc-dev");
      assert.equal(messages.length, 3, messages.join("\n"));
      assert.match(messages[0], /awsx creates an internet gateway for every Vpc/);
      assert.match(
        messages[1],
        /subnetSpecs is not set: awsx's default layout has a Private and a Public subnet/,
      );
      assert.match(
        messages[2],
        /natGateways\.strategy is not set \(awsx uses "OnePerAz"\): awsx creates 3 public NAT gateways/,
      );
      assert.match(
        messages[2],
        /Not allowed here: awsx Vpc 'default-vpc-dev' is not an authorized DMZ \(authorizedDmzVpcs is empty\)\.$/,
      );
    });

    it("leaves a private, NAT-less Vpc only the internet gateway awsx always creates", () => {
      const messages = messagesOf(result, "network-awsx-vpc-private", "cde-vpc-dev");
      assert.equal(messages.length, 1, messages.join("\n"));
      assert.match(
        messages[0],
        /awsx creates an internet gateway for every Vpc, even one without public subnets/,
      );
    });

    it("reports an internet-facing load balancer behind awsx's open default security group", () => {
      const messages = messagesOf(result, "network-awsx-lb-internal", "public-alb-dev");
      assert.equal(messages.length, 2, messages.join("\n"));
      assert.match(
        messages[0],
        /internal is not set \(the provider uses false\): awsx creates an internet-facing load balancer/,
      );
      assert.match(messages[0], /awsx places it in the default VPC's public subnets/);
      assert.match(
        messages[1],
        /securityGroups is not set: awsx creates the load balancer's security group allowing every port/,
      );
    });

    it("passes an internal load balancer with its own security groups in the private Vpc", () => {
      assert.deepEqual(messagesOf(result, "network-awsx-lb-internal", "internal-alb-dev"), []);
      assert.deepEqual(statusOf(result, "network-awsx-lb-internal", "internal-alb-dev"), ["compliant"]);
    });

    it("names the remote components whose children were not evaluated, with a count", () => {
      assert.deepEqual(result.run.remoteComponents, {
        "awsx:lb:ApplicationLoadBalancer": 2,
        "awsx:ec2:Vpc": 2,
      });
      assert.deepEqual(result.warnings, [
        "4 remote components, children not evaluated offline: awsx:lb:ApplicationLoadBalancer 'public-alb-dev', " +
          "awsx:ec2:Vpc 'default-vpc-dev', awsx:ec2:Vpc 'cde-vpc-dev', awsx:lb:ApplicationLoadBalancer 'internal-alb-dev'",
      ]);
    });
  });

  it("sends a serialized CallbackFunction archive through the pack without error", async () => {
    const result = await evaluate({
      programDir: fixture("callback-function"),
      stack: "dev",
      packDir: PACK_DIR,
    });
    assert.deepEqual(result.errors, []);
    assert.ok(statusOf(result, "lifecycle-no-protect", "greeter").includes("compliant"));
  });
});

describe("finguard check --program", function () {
  this.timeout(180_000);
  before(requireBuiltPack);

  it("evaluates a program with structured and secure config and honours --config overrides", () => {
    const out = mkdtempSync(path.join(tmpdir(), "finguard-programs-"));
    try {
      const run = finguard(
        "check",
        "--program",
        fixture("config"),
        "--config",
        "queueName=from-cli",
        "--out",
        out,
        "--format",
        "json,md",
      );
      assert.ok(run.status === 0 || run.status === 1, run.stdout + run.stderr);
      const result = JSON.parse(readFileSync(path.join(out, "dev.json"), "utf8")) as EvaluationResult;
      assert.deepEqual(result.errors, []);
      assert.equal(result.run.project, "capture-config");
      assert.ok(result.resources.some((r) => r.urn.endsWith("aws:ssm/parameter:Parameter::api-key-dev")));
      assert.ok(result.resources.some((r) => r.urn.endsWith("aws:sqs/queue:Queue::from-cli")));
      assert.match(
        readFileSync(path.join(out, "dev.md"), "utf8"),
        /# FinGuard compliance report: capture-config \/ dev/,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("fails awsx defaults with exit 1 and lists the remote components in the text report", () => {
    const run = finguard("check", "--program", fixture("awsx-components"));
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /MANDATORY\s+network-awsx-vpc-private \[PCI 1\.4\.1[^\]]*\] awsx:ec2:Vpc::default-vpc-dev/,
    );
    assert.match(
      run.stdout,
      /warning: 4 remote components, children not evaluated offline: awsx:lb:ApplicationLoadBalancer 'public-alb-dev'/,
    );
  });

  it("ends a program that cannot run offline with its cause and exit code 2", () => {
    const run = finguard("check", "--program", fixture("missing-file"));
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /ERROR \(capture\): program .*missing-file cannot run offline \(missing-file\): it reads policies\/bucket-policy\.json, which does not exist/,
    );
  });

  it("evaluates the ES module, .mjs and CommonJS shapes without errors", () => {
    for (const program of ["esm-js", "esm-ts", "esm-mjs", "cjs-js"]) {
      const run = finguard("check", "--program", fixture(program));
      assert.ok(run.status === 0 || run.status === 1, `${program}: ${run.stdout}${run.stderr}`);
      assert.doesNotMatch(run.stdout, /ERROR/, program);
    }
  });
});
