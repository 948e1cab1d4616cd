import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import type * as Sarif from "sarif";
import { CSV_COLUMNS, renderCsv } from "../../../../evaluator/report/csv";
import { renderJunit } from "../../../../evaluator/report/junit";
import { renderMarkdown } from "../../../../evaluator/report/markdown";
import { renderSarif } from "../../../../evaluator/report/sarif";
import { parseFormats } from "../../../../evaluator/report";
import { sampleResult } from "./sample-result";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AjvDraft04 = require("ajv-draft-04");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addFormats = require("ajv-formats");

function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "..", "fixtures", "schemas", "sarif-2.1.0.json"), "utf8"),
  );
  delete schema.id;
  // The published schema has a language-tag pattern that is invalid under the `u` flag.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** RFC 4180 parser, enough to read back what renderCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe("report formats", () => {
  const result = sampleResult();
  const everyOutcome = result.outcomes.length + result.evaluatorFindings.length;

  describe("SARIF", () => {
    const log = JSON.parse(renderSarif(result)) as Sarif.Log;
    const results = log.runs[0].results ?? [];

    it("validates against the SARIF 2.1.0 schema", () => {
      const validate = sarifValidator();
      assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    });

    it("keeps every outcome as a result, compliant ones as passes", () => {
      assert.equal(results.length, everyOutcome);
      assert.deepEqual(
        results.map((r) => r.kind),
        ["pass", "fail", "fail", "fail", "review", "notApplicable", "fail"],
      );
    });

    it("keeps exempted findings as accepted suppressions with the justification", () => {
      const exempted = results.filter((r) => r.suppressions);
      assert.equal(exempted.length, 1);
      assert.equal(exempted[0].suppressions?.[0].status, "accepted");
      assert.match(exempted[0].suppressions?.[0].justification ?? "", /vendor managed \[ticket RISK-1\]/);
    });

    it("maps enforcement and severity to level and security-severity", () => {
      assert.deepEqual(
        results.map((r) => r.level),
        ["none", "error", "note", "error", "none", "none", "error"],
      );
      const rules = log.runs[0].tool.driver.rules ?? [];
      assert.equal(rules[0].properties?.["security-severity"], "5.5");
      assert.equal(rules[1].properties?.["security-severity"], "3.0");
      assert.equal(rules[0].properties?.pci, "12.5.1, 2.2.1");
    });

    it("names the resource URN in every result", () => {
      for (const r of results)
        assert.match(r.locations?.[0].logicalLocations?.[0].fullyQualifiedName ?? "", /^urn:pulumi:/);
    });
  });

  describe("JUnit", () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(
      renderJunit(result),
    );
    const suites = [parsed.testsuites.testsuite].flat();
    const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat().filter(Boolean)) as Array<
      Record<string, unknown>
    >;

    it("parses with a standard XML parser and has one test case per outcome", () => {
      assert.equal(Number(parsed.testsuites.tests), everyOutcome);
      assert.equal(cases.length, everyOutcome);
    });

    it("fails violations and skips exempted, deferred and not-applicable outcomes with the reason", () => {
      assert.equal(cases.filter((c) => c.failure).length, 3);
      const skipped = cases.filter((c) => c.skipped).map((c) => (c.skipped as { message: string }).message);
      assert.equal(skipped.length, 3);
      assert.ok(skipped.some((m) => m.startsWith("exempted: exempted: vendor managed")));
      assert.ok(skipped.some((m) => m.startsWith("deferred: can't run policy")));
    });

    it("carries the warnings (remote components not evaluated offline) in a suite of their own", () => {
      const warnings = suites.find((s: { name: string }) => s.name.endsWith(".warnings"));
      assert.equal(warnings["system-out"], result.warnings.join("\n"));
      assert.equal(Number(warnings.tests), 0);
    });

    it("escapes markup in messages", () => {
      const failure = cases.find((c) => String((c.failure as { message?: string })?.message).includes("<b>"));
      assert.ok(failure, 'the message with <b>&" survives the round trip');
    });
  });

  describe("CSV", () => {
    const rows = parseCsv(renderCsv(result));

    it("has a header and one row per outcome that round-trips", () => {
      assert.deepEqual(rows[0], [...CSV_COLUMNS]);
      assert.equal(rows.length - 1, everyOutcome);
      const logs = rows.find((r) => r[7].endsWith("::logs"));
      assert.equal(logs?.[9], result.outcomes[1].message);
      assert.equal(logs?.[6], "12.5.1, 2.2.1");
      assert.deepEqual(
        rows.slice(1).map((r) => r[3]),
        [...result.outcomes.map((o) => o.status), "violation"],
      );
    });
  });

  describe("Markdown", () => {
    const md = renderMarkdown(result);

    it("has the evidence header, the PCI matrix and every outcome", () => {
      assert.match(md, /\| Config digest \(sha256\) \| (ab){32} \|/);
      assert.match(md, /\| 10\.5\.1 \| .* \| logging-log-group-retention \| 0 \| 1 \| 0 \| 1 \|/);
      assert.match(md, /\| 12\.5\.1 \| .* \| tags-required \| 1 \| 1 \| 1 \| 0 \|/);
      for (const outcome of result.outcomes) assert.ok(md.includes(outcome.urn), outcome.urn);
    });

    it("names remote components and every warning beside the evidence", () => {
      assert.match(md, /\| Not evaluated offline \| 1 x awsx:ec2:Vpc \(remote component children\) \|/);
      for (const warning of result.warnings) assert.ok(md.includes(`| Warning | ${warning} |`), warning);
    });

    it("flags expired exemptions and lists remediation for findings", () => {
      assert.match(
        md,
        /\| tags-required \| \*legacy\* \| old \| {2}\| 2020-01-01 \| \*\*EXPIRED\*\* \| 0 \|/,
      );
      assert.match(md, /- Remediation: Add the tags\./);
    });
  });

  it("rejects unknown formats by name", () => {
    assert.deepEqual(parseFormats("sarif, csv"), ["sarif", "csv"]);
    assert.throws(() => parseFormats("sarif,pdf"), /unknown report format\(s\) pdf/);
  });
});
