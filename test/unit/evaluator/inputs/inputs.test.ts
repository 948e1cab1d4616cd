import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "../../../../policy-pack/library";
import { InputError } from "../../../../evaluator/inputs/errors";
import { readEventLog } from "../../../../evaluator/inputs/event-log";
import { readStateExport } from "../../../../evaluator/inputs/state-export";
import { evaluateEventLog } from "../../../../evaluator/evaluate";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../../../../evaluator/capture/types";

const dir = mkdtempSync(join(tmpdir(), "finguard-inputs-"));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const urn = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;
const BUCKET = "aws:s3/bucket:Bucket";

/** Engine events in the documented shape (@pulumi/pulumi/automation/events.d.ts). */
function eventLog(
  resources: number,
  violations: Array<{ name: string; policy: string; level: "warning" | "mandatory"; message: string }>,
) {
  const events: object[] = [
    { sequence: 0, timestamp: 1, preludeEvent: { config: { "aws:region": "us-east-1" } } },
  ];
  for (let i = 0; i < resources; i++) {
    events.push({
      sequence: events.length,
      timestamp: 2,
      resourcePreEvent: { metadata: { op: "create", urn: urn(BUCKET, `b${i}`), type: BUCKET, provider: "" } },
    });
  }
  for (const v of violations) {
    events.push({
      sequence: events.length,
      timestamp: 3,
      policyEvent: {
        resourceUrn: urn(BUCKET, v.name),
        message: v.message,
        color: "never",
        policyName: v.policy,
        policyPackName: "finguard-aws-pci",
        policyPackVersion: "0.1.0",
        policyPackVersionTag: "0.1.0",
        enforcementLevel: v.level,
      },
    });
  }
  events.push({
    sequence: events.length,
    timestamp: 4,
    summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: {} },
  });
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

describe("event log input", () => {
  it("turns policy events into violations and deferrals with the pack's metadata", () => {
    const file = write(
      "valid.ndjson",
      eventLog(3, [
        { name: "b0", policy: "tags-required", level: "mandatory", message: "Missing required tags: Owner" },
        {
          name: "b1",
          policy: "encryption-s3-cmk",
          level: "warning",
          message: "can't run policy 'encryption-s3-cmk' during preview: x",
        },
      ]),
    );
    const result = evaluateEventLog({ eventLog: file });
    assert.equal(result.run.source, "event-log");
    assert.equal(result.run.stack, "prod");
    assert.equal(result.summary.mandatoryViolations, 1);
    assert.equal(result.summary.deferred, 1);
    const tags = result.outcomes.filter((o) => o.policy === "tags-required");
    assert.deepEqual(tags.map((o) => [o.urn.split("::").pop(), o.status]).sort(), [
      ["b0", "violation"],
      ["b1", "compliant"],
      ["b2", "compliant"],
    ]);
    assert.equal(
      result.policies.find((p) => p.name === "tags-required")?.framework?.reference,
      "12.5.1, 12.5.2, 6.5.3, 2.2.1",
    );
  });

  it("rejects an empty file", () => {
    assert.throws(() => readEventLog(write("empty.ndjson", ""), catalog()), /holds no engine events/);
  });

  it("names the malformed line", () => {
    const text = eventLog(1, []).replace("\n", "\n{not json\n");
    assert.throws(
      () => readEventLog(write("bad.ndjson", text), catalog()),
      (e: Error) => e instanceof InputError && /bad\.ndjson: line 2 is not JSON/.test(e.message),
    );
  });

  it("accepts a cut-off last line with a warning", () => {
    const text = eventLog(2, []) + '{"sequence": 9, "policyEv';
    const run = readEventLog(write("truncated.ndjson", text), catalog());
    assert.equal(run.captured.resources.length, 2);
    assert.match(run.captured.warnings.join("\n"), /line \d+ is cut off/);
  });

  it("reads 10,000 resources", () => {
    const violations = Array.from({ length: 500 }, (_, i) => ({
      name: `b${i}`,
      policy: "tags-required",
      level: "mandatory" as const,
      message: "m",
    }));
    const result = evaluateEventLog({ eventLog: write("huge.ndjson", eventLog(10_000, violations)) });
    assert.equal(result.summary.resources, 10_000);
    assert.equal(result.summary.mandatoryViolations, 500);
  });
});

describe("state export input", () => {
  const state = (resources: object[]) =>
    JSON.stringify({ version: 3, deployment: { manifest: {}, resources } });

  it("keeps inputs, dependencies, protect and retainOnDelete, and never decrypts secrets", () => {
    const file = write(
      "state.json",
      state([
        {
          urn: "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod",
          type: "pulumi:pulumi:Stack",
          custom: false,
        },
        {
          urn: urn(BUCKET, "data"),
          type: BUCKET,
          custom: true,
          inputs: {
            bucket: "data-prod",
            tags: { Owner: { [SECRET_SIG]: SECRET_SIG_VALUE, ciphertext: "AAAA" } },
          },
          outputs: { arn: "arn:aws:s3:::data-prod" },
          dependencies: [urn("aws:kms/key:Key", "k")],
          propertyDependencies: { serverSideEncryptionConfiguration: [urn("aws:kms/key:Key", "k")] },
          protect: true,
          retainOnDelete: true,
        },
      ]),
    );
    const captured = readStateExport(file);
    assert.equal(captured.project, "shop");
    assert.equal(captured.stack, "prod");
    const bucket = captured.resources[1];
    assert.deepEqual(bucket.options.protect && bucket.options.retainOnDelete, true);
    assert.deepEqual((bucket.inputs.tags as Record<string, unknown>).Owner, {
      [SECRET_SIG]: SECRET_SIG_VALUE,
      value: UNKNOWN_STRING,
    });
    assert.deepEqual(bucket.propertyDependencies.serverSideEncryptionConfiguration, [
      urn("aws:kms/key:Key", "k"),
    ]);
  });

  it("names the file and the problem for empty, truncated and wrong-version files", () => {
    assert.throws(
      () => readStateExport(write("empty.json", "")),
      /empty\.json: not a readable JSON stack export/,
    );
    assert.throws(
      () => readStateExport(write("cut.json", state([]).slice(0, 20))),
      /cut\.json: not a readable JSON stack export/,
    );
    assert.throws(
      () => readStateExport(write("v2.json", JSON.stringify({ version: 2, deployment: {} }))),
      /expected a deployment of version 3, got version 2/,
    );
    assert.throws(
      () => readStateExport(write("nores.json", JSON.stringify({ version: 3, deployment: {} }))),
      /deployment\.resources is missing/,
    );
    assert.throws(
      () => readStateExport(write("nourn.json", state([{ type: BUCKET }]))),
      /resource 0 has no urn or type/,
    );
  });
});
