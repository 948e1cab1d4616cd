/** The command line without a process: argument parsing, help, error messages and exit codes. */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import {
  EXIT_ERROR,
  EXIT_OK,
  EXIT_VIOLATIONS,
  UsageError,
  commandHelp,
  describeError,
  exitCodeOf,
  generalHelp,
  main,
  parseCommandLine,
  type FailOn,
} from "../../../../evaluator/cli";
import { PolicyConfigError } from "../../../../evaluator/analyzer/config";
import { InputError } from "../../../../evaluator/inputs/errors";
import type {
  EnforcementLevel,
  EvaluationResult,
  Outcome,
  Severity,
} from "../../../../evaluator/results/model";
import { sampleResult } from "../report/sample-result";

const usage = (pattern: RegExp) => (error: Error) =>
  error instanceof UsageError && pattern.test(error.message);

describe("finguard command line: parsing", () => {
  it("parses check, report and audit with their options", () => {
    assert.deepEqual(parseCommandLine(["check", "--stack", "payment-api"]), {
      kind: "check",
      common: { out: undefined, formats: ["text", "json"], failOn: "mandatory" },
      all: false,
      program: undefined,
      stack: "payment-api",
      policyPackConfig: undefined,
      pack: undefined,
      configOverrides: {},
      timeoutMs: 120_000,
    });
    const report = parseCommandLine([
      "report",
      "--event-log",
      "events.ndjson",
      "--out",
      "reports",
      "--format",
      "sarif,junit",
      "--fail-on",
      "high",
    ]);
    assert.deepEqual(report, {
      kind: "report",
      common: { out: resolve("reports"), formats: ["sarif", "junit"], failOn: "high" },
      eventLog: resolve("events.ndjson"),
      policyPackConfig: undefined,
      stack: undefined,
    });
    const audit = parseCommandLine([
      "audit",
      "--state",
      "s.json",
      "--config",
      "a=b",
      "--config",
      "aws:region=x=y",
    ]);
    assert.equal(audit.kind, "audit");
    assert.deepEqual(audit.kind === "audit" && audit.configOverrides, { a: "b", "aws:region": "x=y" });
  });

  it("accepts --opt=value and a timeout", () => {
    const check = parseCommandLine(["check", "--program=./app", "--timeout=2.5"]);
    assert.equal(check.kind === "check" && check.program, resolve("app"));
    assert.equal(check.kind === "check" && check.timeoutMs, 2500);
  });

  it("rejects what would silently do the wrong thing", () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no command given/],
      [["--out", "x"], /the command comes first/],
      [["scan"], /unknown command 'scan'/],
      [["check"], /say what to check: --stack <scenario>, --all or --program <dir>/],
      [["check", "--all", "--stack", "x"], /--all evaluates every reference stack/],
      [["report"], /--event-log <file> is required/],
      [["audit"], /--state <file> is required/],
      [
        ["report", "--event-log", "e", "--program", "p"],
        /^report has no option --program \(see finguard report --help\)$/,
      ],
      [["audit", "--state", "s", "--timeout", "3"], /^audit has no option --timeout/],
      [["report", "--event-log"], /--event-log needs a value/],
      [["check", "--all", "--all=yes"], /--all takes no value/],
      [["check", "--all", "extra"], /unexpected argument 'extra' for check/],
      [
        ["check", "--all", "--format", "sarif"],
        /--format applies to the reports --out <dir> writes; add --out/,
      ],
      [["check", "--all", "--out", "o", "--format", "sarif,pdf"], /--format: unknown report format\(s\) pdf/],
      [
        ["check", "--all", "--fail-on", "sometimes"],
        /--fail-on must be mandatory, advisory, low, medium, high or critical; got 'sometimes'/,
      ],
      [["check", "--all", "--timeout", "0"], /--timeout must be a positive number of seconds/],
      [["check", "--all", "--timeout", "soon"], /--timeout must be a positive number of seconds/],
      [["check", "--all", "--config", "novalue"], /--config expects key=value, got 'novalue'/],
      [["report", "--event-log", ""], /--event-log is empty/],
    ];
    for (const [argv, message] of cases)
      assert.throws(() => parseCommandLine(argv), usage(message), argv.join(" "));
  });

  it("answers --help, -h, help <command> and --version before validating anything else", () => {
    assert.deepEqual(parseCommandLine(["--help"]), { kind: "help", text: generalHelp() });
    assert.deepEqual(parseCommandLine(["help"]), { kind: "help", text: generalHelp() });
    assert.deepEqual(parseCommandLine(["report", "-h"]), { kind: "help", text: commandHelp("report") });
    assert.deepEqual(parseCommandLine(["audit", "--bogus", "--help"]), {
      kind: "help",
      text: commandHelp("audit"),
    });
    assert.deepEqual(parseCommandLine(["help", "check"]), { kind: "help", text: commandHelp("check") });
    assert.deepEqual(parseCommandLine(["--version"]), { kind: "version" });
  });
});

describe("finguard command line: help", () => {
  it("lists every command, the common options and the exit codes", () => {
    const help = generalHelp();
    for (const text of [
      "check --stack",
      "check --program",
      "report --event-log",
      "audit --state",
      "--fail-on",
      "--out <dir>",
    ])
      assert.ok(help.includes(text), text);
    assert.match(help, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
  });

  it("gives each command its own options and notes", () => {
    assert.match(commandHelp("check"), /--program <dir>[\s\S]*--timeout <seconds>/);
    assert.match(commandHelp("report"), /--event-log <file>[\s\S]*a cut-off last line/);
    assert.doesNotMatch(commandHelp("report"), /--timeout|--program/);
    assert.match(commandHelp("audit"), /--state <file>[\s\S]*Secrets are never decrypted/);
    for (const name of ["check", "report", "audit"] as const) assert.match(commandHelp(name), /Exit codes:/);
  });
});

describe("finguard command line: exit codes", () => {
  const outcome = (
    level: EnforcementLevel,
    severity?: Severity,
    status: Outcome["status"] = "violation",
  ): Outcome => ({
    policy: "p",
    urn: "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::b",
    resourceType: "aws:s3/bucket:Bucket",
    status,
    enforcementLevel: level,
    severity,
  });
  const resultWith = (outcomes: Outcome[], extra: Partial<EvaluationResult> = {}): EvaluationResult => ({
    ...sampleResult(),
    outcomes,
    evaluatorFindings: [],
    errors: [],
    ...extra,
  });

  it("applies --fail-on: mandatory by default, advisory for any violation, or a severity and above", () => {
    const table: Array<[Outcome[], FailOn, number]> = [
      [[], "mandatory", EXIT_OK],
      [[outcome("advisory", "critical")], "mandatory", EXIT_OK],
      [[outcome("mandatory", "low")], "mandatory", EXIT_VIOLATIONS],
      [[outcome("remediate", "low")], "mandatory", EXIT_VIOLATIONS],
      [[outcome("advisory", "low")], "advisory", EXIT_VIOLATIONS],
      [[outcome("mandatory", "medium")], "high", EXIT_OK],
      [[outcome("advisory", "high")], "high", EXIT_VIOLATIONS],
      [[outcome("advisory", "critical")], "high", EXIT_VIOLATIONS],
      [[outcome("mandatory", undefined)], "low", EXIT_OK],
      [[outcome("mandatory", "critical", "exempted")], "advisory", EXIT_OK],
      [[outcome("mandatory", "critical", "deferred")], "low", EXIT_OK],
    ];
    for (const [outcomes, failOn, expected] of table)
      assert.equal(
        exitCodeOf(resultWith(outcomes), failOn),
        expected,
        `${JSON.stringify(outcomes)} --fail-on ${failOn}`,
      );
  });

  it("judges the evaluator's retainOnDelete check like lifecycle-no-protect", () => {
    const result = resultWith([], {
      policies: [
        { name: "lifecycle-no-protect", description: "", enforcementLevel: "mandatory", severity: "low" },
      ],
      evaluatorFindings: [
        {
          check: "lifecycle-no-retain-on-delete",
          urn: "u",
          resourceType: "t",
          status: "violation",
          message: "m",
          enforcementLevel: "mandatory",
        },
      ],
    });
    assert.equal(exitCodeOf(result), EXIT_VIOLATIONS);
    assert.equal(exitCodeOf(result, "low"), EXIT_VIOLATIONS);
    assert.equal(exitCodeOf(result, "medium"), EXIT_OK);
  });

  it("exits 2 whenever the result records an error, violations or not", () => {
    assert.equal(exitCodeOf(resultWith([], { errors: [{ stage: "input", message: "m" }] })), EXIT_ERROR);
  });
});

describe("finguard command line: errors", () => {
  it("prints user errors as their message alone, and anything else as a bug with a way to see the stack", () => {
    for (const error of [new UsageError("u"), new InputError("i"), new PolicyConfigError("c")])
      assert.equal(describeError(error, {}), error.message);
    assert.match(
      describeError(new TypeError("x is undefined"), {}),
      /^x is undefined \(unexpected: rerun with FINGUARD_DEBUG=1/,
    );
    assert.match(describeError(new TypeError("x"), { FINGUARD_DEBUG: "1" }), /TypeError: x\n\s+at /);
  });

  it("main() resolves to 2 with one line on stderr, and never rejects", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    assert.equal(await main(["report", "--event-log", "/nonexistent/events.ndjson"], io), EXIT_ERROR);
    assert.deepEqual(out, []);
    assert.deepEqual(err, ["finguard: --event-log: /nonexistent/events.ndjson does not exist\n"]);
    assert.equal(await main(["help", "audit"], io), EXIT_OK);
    assert.equal(out.join(""), commandHelp("audit"));
  });
});
