/**
 * `finguard report --event-log`: the engine event log of a real `pulumi preview --policy-pack` turned
 * into the results model. Logs are generated from the documented event schema (generators.ts).
 */
import assert from "node:assert/strict";
import { catalog } from "@finguard/aws-pci-policies/bin/library";
import { exitCodeOf } from "../../../../evaluator/cli";
import { evaluateEventLog } from "../../../../evaluator/evaluate";
import { readEngineEvents } from "../../../../evaluator/inputs/engine-events";
import { InputError } from "../../../../evaluator/inputs/errors";
import type { EvaluationResult, Outcome } from "../../../../evaluator/results/model";
import {
  BUCKET,
  QUEUE,
  STACK_TYPE,
  eventLogText,
  scratchDir,
  stateExport,
  urnOf,
  type PreviewSpec,
  type PreviewViolation,
} from "./generators";

const write = scratchDir("finguard-event-log-");

const RESOURCES: PreviewSpec["resources"] = [
  { name: "shop-prod", type: STACK_TYPE },
  { name: "data-prod", type: BUCKET },
  { name: "orders-prod", type: QUEUE },
  { name: "vendor-prod", type: BUCKET },
  { name: "legacy-prod", type: BUCKET, op: "delete" },
];

const VIOLATIONS: PreviewViolation[] = [
  {
    resource: "data-prod",
    policy: "tags-required",
    level: "mandatory",
    message: "Taggable resources carry the mandatory inventory tags.\nMissing required tags: Owner",
  },
  {
    resource: "orders-prod",
    policy: "encryption-messaging-cmk",
    level: "mandatory",
    message: "kmsMasterKeyId is not set",
  },
  {
    resource: "data-prod",
    policy: "naming-environment-suffix",
    level: "warning",
    message:
      "can't run policy 'naming-environment-suffix' during preview: string value at .bucket can't be known",
  },
];

async function report(name: string, spec: PreviewSpec, policyPackConfigFile?: string) {
  return evaluateEventLog({ eventLog: write(name, eventLogText(spec)), policyPackConfigFile });
}

/** `status` of each outcome of a policy, by logical name. */
function statuses(result: EvaluationResult, policy: string): Record<string, Outcome["status"]> {
  return Object.fromEntries(
    result.outcomes.filter((o) => o.policy === policy).map((o) => [o.urn.split("::").pop(), o.status]),
  );
}

describe("event log: a real preview's policy events as results", () => {
  describe("from a CLI without policy summaries", () => {
    let result: EvaluationResult;
    before(async () => {
      result = await report("old-cli.ndjson", { resources: RESOURCES, violations: VIOLATIONS });
    });

    it("reports violations and deferrals with the level the CLI enforced", () => {
      assert.equal(result.run.source, "event-log");
      assert.equal(result.run.project, "shop");
      assert.equal(result.run.stack, "prod");
      assert.deepEqual(result.errors, []);
      assert.equal(result.summary.mandatoryViolations, 2);
      assert.equal(result.summary.deferred, 1);
      const deferred = result.outcomes.find((o) => o.status === "deferred");
      assert.equal(deferred?.enforcementLevel, "advisory");
    });

    it("strips the CLI's color directives from messages", () => {
      const tags = result.outcomes.find((o) => o.policy === "tags-required" && o.status === "violation");
      assert.equal(
        tags?.message,
        "Taggable resources carry the mandatory inventory tags.\nMissing required tags: Owner",
      );
    });

    it("takes severity, PCI requirements and remediation from the FinGuard catalog", () => {
      const tags = result.policies.find((p) => p.name === "tags-required");
      assert.equal(tags?.framework?.reference, "12.5.1, 12.5.2, 6.5.3, 2.2.1");
      assert.ok(tags?.remediationSteps);
      assert.deepEqual(tags?.appliesTo, catalog().find((e) => e.name === "tags-required")?.appliesTo);
      const violation = result.outcomes.find((o) => o.policy === "tags-required" && o.status === "violation");
      assert.equal(violation?.severity, "medium");
    });

    it("derives compliant outcomes from the catalog's types over the resources kept, and says so", () => {
      assert.deepEqual(statuses(result, "tags-required"), {
        "data-prod": "violation",
        "orders-prod": "compliant",
        "vendor-prod": "compliant",
      });
      assert.ok(
        !result.resources.some((r) => r.name === "legacy-prod"),
        "a deleted resource is not evaluated",
      );
      assert.match(result.warnings.join("\n"), /derived from the FinGuard catalog's resource types/);
    });
  });

  describe("from a CLI with policy summaries", () => {
    const spec: PreviewSpec = {
      resources: RESOURCES,
      violations: VIOLATIONS,
      summaries: true,
      notApplicable: ["tags-required vendor-prod"],
      disabled: ["iam-unknown-actions"],
    };

    it("uses the summaries: passed where the policy applies is compliant, neither is an exemption", async () => {
      const result = await report("new-cli.ndjson", spec);
      assert.deepEqual(statuses(result, "tags-required"), {
        "data-prod": "violation",
        "orders-prod": "compliant",
        "vendor-prod": "exempted",
      });
      // "passed" also lists policies whose type filter skipped the resource: those are not outcomes.
      assert.deepEqual(statuses(result, "logging-log-group-retention"), {});
      assert.match(result.warnings.join("\n"), /policy summaries say which policies ran/);
    });

    it("gives no compliant outcome to a policy that never ran (disabled in the preview's config)", async () => {
      const result = await report("disabled.ndjson", spec);
      assert.deepEqual(statuses(result, "iam-unknown-actions"), {});
      assert.match(result.warnings.join("\n"), /no passed or failed result for iam-unknown-actions/);
    });

    it("names the exemption from --policy-pack-config, and lists it with what it covered", async () => {
      const config = write(
        "exemptions.json",
        JSON.stringify({
          "tags-required": {
            exemptions: [
              {
                urn: urnOf(BUCKET, "vendor-prod"),
                reason: "vendor managed",
                ticket: "RISK-7",
                expires: "2999-01-01",
              },
            ],
          },
        }),
      );
      const result = await report("with-config.ndjson", spec, config);
      const exempted = result.outcomes.find((o) => o.status === "exempted");
      assert.match(
        exempted?.message ?? "",
        /^exempted: vendor managed \[ticket RISK-7\] \(expires 2999-01-01\)/,
      );
      assert.equal(result.exemptions.length, 1);
      assert.equal(result.exemptions[0].applied, 1);
      assert.ok(result.run.configDigest, "the config the report assumed is fingerprinted");
    });

    it("takes the severity newer CLIs send over the catalog's", async () => {
      const result = await report("severity.ndjson", {
        ...spec,
        violations: [{ ...VIOLATIONS[0], severity: "critical" }],
      });
      assert.equal(result.outcomes.find((o) => o.status === "violation")?.severity, "critical");
    });
  });

  describe("what the preview itself went through", () => {
    it("reports retainOnDelete from the preview's step (CrossGuard never sees it)", async () => {
      const result = await report("retain.ndjson", {
        resources: [
          { name: "shop-prod", type: STACK_TYPE },
          { name: "keep-prod", type: BUCKET, retainOnDelete: true },
        ],
      });
      assert.deepEqual(
        result.evaluatorFindings.map((f) => [f.check, f.urn.split("::").pop(), f.status]),
        [["lifecycle-no-retain-on-delete", "keep-prod", "violation"]],
      );
    });

    it("turns a preview that failed for another reason than policies into an error (exit 2)", async () => {
      const result = await report("program-threw.ndjson", {
        resources: RESOURCES.slice(0, 2),
        engineErrors: [
          "Running program '/src/shop' failed with an unhandled exception:\nError: boom\n    at a\n    at b\n    at c\n    at d\n    at e",
        ],
      });
      assert.equal(result.errors.length, 1);
      assert.match(
        result.errors[0].message,
        /reported an error: Running program .* failed[\s\S]*Error: boom/,
      );
      assert.match(result.errors[0].message, /\(1 more lines in the log\)/);
      assert.equal(result.summary.compliant, 0, "after an error, silence proves nothing");
      assert.equal(exitCodeOf(result), 2);
    });

    it("does not count the engine's closing 'preview failed' after mandatory violations as an error", async () => {
      const result = await report("mandatory.ndjson", { resources: RESOURCES, violations: VIOLATIONS });
      assert.deepEqual(result.errors, []);
      assert.equal(exitCodeOf(result), 1);
    });

    it("keeps only FinGuard's pack when others ran too, and says which were left out", async () => {
      const text =
        eventLogText({ resources: RESOURCES, violations: VIOLATIONS }) +
        eventLogText({
          resources: [],
          violations: [
            { resource: "data-prod", policy: "s3-no-public-read", level: "mandatory", message: "m" },
          ],
          packName: "aws-guard",
        });
      const result = await evaluateEventLog({ eventLog: write("two-packs.ndjson", text) });
      assert.equal(result.pack.name, "finguard-aws-pci");
      assert.ok(!result.outcomes.some((o) => o.policy === "s3-no-public-read"));
      assert.match(
        result.warnings.join("\n"),
        /covers policy pack finguard-aws-pci only; the log also holds aws-guard/,
      );
    });

    it("reports another pack's violations without FinGuard's metadata", async () => {
      const result = await report("foreign.ndjson", {
        resources: RESOURCES,
        violations: [
          { resource: "data-prod", policy: "s3-no-public-read", level: "mandatory", message: "m" },
        ],
        packName: "aws-guard",
      });
      assert.equal(result.pack.name, "aws-guard");
      assert.deepEqual(statuses(result, "s3-no-public-read"), { "data-prod": "violation" });
      assert.equal(result.summary.compliant, 0);
      assert.match(
        result.warnings.join("\n"),
        /aws-guard is not FinGuard's: .* without policy metadata or compliant outcomes/,
      );
    });

    it("ignores event kinds it does not know", async () => {
      const result = await report("unknown-kinds.ndjson", {
        resources: RESOURCES,
        violations: VIOLATIONS,
        extra: [{ futureEvent: { x: 1 } } as never, { stdoutEvent: { message: "hello", color: "raw" } }],
      });
      assert.equal(result.summary.mandatoryViolations, 2);
    });
  });

  describe("broken files", () => {
    it("rejects an empty file, naming it", () => {
      for (const [name, text] of [
        ["empty.ndjson", ""],
        ["blank.ndjson", "\n  \n"],
      ]) {
        assert.throws(
          () => readEngineEvents(write(name, text)),
          (e: Error) => e instanceof InputError && e.message.includes(`${name} is empty`),
        );
      }
    });

    it("fails on a malformed line, naming the file and the line, instead of using the lines around it", async () => {
      const lines = eventLogText({ resources: RESOURCES, violations: VIOLATIONS }).split("\n");
      lines.splice(4, 0, '{"sequence": 99, "policyEvent": {oops}}');
      const file = write("malformed.ndjson", lines.join("\n"));
      await assert.rejects(
        evaluateEventLog({ eventLog: file }),
        (e: Error) => e instanceof InputError && e.message.includes(`${file}: line 5 is not valid JSON`),
      );
    });

    it("rejects a line that is JSON but not an event", () => {
      assert.throws(
        () => readEngineEvents(write("array.ndjson", "[1, 2]\n")),
        /line 1 is not an engine event/,
      );
    });

    it("says so when given a single JSON document (a stack export, `--json` output)", () => {
      const file = write("export.json", JSON.stringify(stateExport([]), null, 2));
      assert.throws(() => readEngineEvents(file), /is a single JSON document, not an event log/);
    });

    it("rejects JSON lines that hold no engine event", () => {
      assert.throws(
        () => readEngineEvents(write("objects.ndjson", '{"a": 1}\n{"b": 2}\n')),
        /holds no engine events/,
      );
    });

    it("accepts a cut-off last line (a crashed CLI) with a warning, and claims nothing compliant", async () => {
      const full = eventLogText({ resources: RESOURCES, violations: VIOLATIONS, finished: false });
      const file = write("truncated.ndjson", full + '{"sequence": 40, "timestamp": 1, "policyEv');
      const result = await evaluateEventLog({ eventLog: file });
      assert.equal(result.summary.mandatoryViolations, 2);
      assert.equal(result.summary.compliant, 0);
      assert.match(result.warnings.join("\n"), /line \d+ is cut off \(the CLI stopped while writing it\)/);
      assert.match(result.warnings.join("\n"), /no summaryEvent, so the preview did not finish/);
    });

    it("refuses a log in which no policy pack ran", async () => {
      const text = eventLogText({ resources: RESOURCES }).replace(
        /"PolicyPacks":\{[^}]*\}/,
        '"PolicyPacks":{}',
      );
      await assert.rejects(
        evaluateEventLog({ eventLog: write("no-pack.ndjson", text) }),
        /no policy pack ran in this preview.*--policy-pack/,
      );
    });
  });

  it("reads 10,000 resources with summaries quickly", async function () {
    this.timeout(60_000);
    const resources: PreviewSpec["resources"] = [
      { name: "shop-prod", type: STACK_TYPE },
      ...Array.from({ length: 10_000 }, (_, i) => ({ name: `queue-${i}-prod`, type: QUEUE })),
    ];
    const violations = Array.from({ length: 500 }, (_, i) => ({
      resource: `queue-${i}-prod`,
      policy: "encryption-messaging-cmk",
      level: "mandatory" as const,
      message: "kmsMasterKeyId is not set",
    }));
    const file = write("huge.ndjson", eventLogText({ resources, violations, summaries: true }));
    const started = performance.now();
    const result = await evaluateEventLog({ eventLog: file });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.summary.resources, 10_001);
    assert.equal(result.summary.mandatoryViolations, 500);
    assert.equal(statuses(result, "tags-required")["queue-9999-prod"], "compliant");
    assert.ok(seconds < 15, `took ${seconds.toFixed(1)} s`);
  });
});
