/**
 * `finguard`: the command line only (arguments, help, progress, exit codes); the work is in
 * evaluate.ts and report/. Parsing is pure (parseCommandLine) so it can be tested without a process;
 * main() never throws: every failure becomes a one-line message naming the file and the problem,
 * and exit code 2.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PolicyConfigError } from "./analyzer/config";
import { evaluate, evaluateEventLog, evaluateStateExport } from "./evaluate";
import { InputError } from "./inputs/errors";
import { FORMATS, parseFormats, writeReports, type Format } from "./report";
import { renderText } from "./report/text";
import { isBlocking } from "./results/build";
import type { EnforcementLevel, EvaluationResult, Severity } from "./results/model";
import { REPO_ROOT, toolVersion } from "./tool-info";

export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_ERROR = 2;

/** Outcome lines the terminal lists when full reports go to --out (the files hold every line). */
export const TERMINAL_LINES = 50;

const DEFAULT_FORMATS = "text,json";
const DEFAULT_TIMEOUT_SECONDS = 120;

/** A mistake in how finguard was called: reported as one line, exit code 2. */
export class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Commands and options, from which parsing and help are both derived.

interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. "<file>". */
  value?: string;
  help: string;
}

const OPTIONS = {
  stack: { type: "string", value: "<name>", help: "stack name" },
  all: { type: "boolean", help: "evaluate every reference stack (Pulumi.<scenario>.yaml in the repository)" },
  program: {
    type: "string",
    value: "<dir>",
    help: "a Pulumi TypeScript/JavaScript program directory (with Pulumi.yaml)",
  },
  "event-log": {
    type: "string",
    value: "<file>",
    help: "the file `pulumi preview --policy-pack <dir> --event-log <file>` wrote",
  },
  state: { type: "string", value: "<file>", help: "the JSON `pulumi stack export` wrote" },
  "policy-pack-config": {
    type: "string",
    value: "<file>",
    help: "pack config, as for `pulumi preview --policy-pack-config`",
  },
  pack: { type: "string", value: "<dir>", help: "policy pack directory (default: the bundled policy-pack)" },
  config: { type: "string", multiple: true, value: "<key=value>", help: "stack config value (repeatable)" },
  out: { type: "string", value: "<dir>", help: "write one report per format there, named <stack>.<ext>" },
  format: {
    type: "string",
    value: "<list>",
    help: `report formats for --out: ${Object.keys(FORMATS).join(",")}\n(default ${DEFAULT_FORMATS})`,
  },
  timeout: {
    type: "string",
    value: "<seconds>",
    help: `give up on a program after this long (default ${DEFAULT_TIMEOUT_SECONDS})`,
  },
  "fail-on": {
    type: "string",
    value: "<threshold>",
    help: "exit 1 on violations at or above: mandatory (default),\nadvisory (any violation) or a severity low|medium|high|critical",
  },
  help: { type: "boolean", short: "h", help: "show this help" },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;

const COMMON_OPTIONS = ["out", "format", "fail-on", "help"] as const satisfies readonly OptionName[];

type CommandName = "check" | "report" | "audit";

interface CommandSpec {
  summary: string;
  usage: string[];
  options: readonly OptionName[];
  /** Help text that differs from the option's general one for this command. */
  optionHelp?: Partial<Record<OptionName, string>>;
  notes: string;
}

const COMMANDS: Record<CommandName, CommandSpec> = {
  check: {
    summary: "evaluate a program offline: run it under mocks, through the real pack",
    usage: [
      "finguard check --stack <scenario>           a reference stack (Pulumi.<scenario>.yaml)",
      "finguard check --all                        every reference stack",
      "finguard check --program <dir> [--stack s]  any Pulumi TypeScript/JavaScript program",
    ],
    options: [
      "stack",
      "all",
      "program",
      "policy-pack-config",
      "pack",
      "config",
      "timeout",
      ...COMMON_OPTIONS,
    ],
    optionHelp: {
      stack: "reference scenario, or the program's stack (default dev)",
      "policy-pack-config":
        "pack config, as for `pulumi preview --policy-pack-config`\n(reference stacks default to policy-pack/configs/scenarios/<scenario>.json)",
      config: "override a stack config value, e.g. aws:region=eu-west-1 (repeatable)",
    },
    notes:
      "No cloud credentials and no Pulumi CLI needed; see docs/evaluating-your-programs.md for the limits.",
  },
  report: {
    summary: "report on a real `pulumi preview --policy-pack` from its event log",
    usage: ["finguard report --event-log <file> [--policy-pack-config <file>] [--stack <name>]"],
    options: ["event-log", "policy-pack-config", "stack", ...COMMON_OPTIONS],
    optionHelp: {
      stack: "name the stack in reports (default: the stack in the log's URNs)",
      "policy-pack-config":
        "the config the preview ran with: levels and exemptions for the report\n(default: the pack's own defaults)",
    },
    notes:
      "Policy metadata (severity, PCI DSS requirements, remediation) comes from the FinGuard catalog.\n" +
      "A malformed line fails the run naming it; a cut-off last line (a crashed CLI) is skipped with a warning.",
  },
  audit: {
    summary: "audit what is deployed: a `pulumi stack export` file through the pack",
    usage: ["finguard audit --state <file> [--policy-pack-config <file>] [--config key=value ...]"],
    options: ["state", "policy-pack-config", "pack", "config", ...COMMON_OPTIONS],
    optionHelp: {
      config:
        "stack config the export does not hold, e.g. environmentSuffix=prod\n(bare keys get the project's namespace; repeatable)",
    },
    notes:
      "Secrets are never decrypted: encrypted values reach the pack as unknown and the policies\n" +
      "that need them report deferred. retainOnDelete is checked from the state.",
  },
};

const EXIT_CODES_HELP = `Exit codes:
  0  nothing at or above the --fail-on threshold
  1  violations at or above the threshold (default: any mandatory violation)
  2  error: bad arguments, an unreadable input, or a program, pack or pack-config failure
     (the message names the file and the problem; reports already produced are still written)`;

// ---------------------------------------------------------------------------------------------
// Parsing: argv -> what to do, without touching the file system.

const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

/** "mandatory", "advisory", or the lowest severity that fails the run. */
export type FailOn = "mandatory" | "advisory" | Severity;

export interface CommonOptions {
  /** Absolute report directory. */
  out?: string;
  formats: Format[];
  failOn: FailOn;
}

export interface CheckInvocation {
  kind: "check";
  common: CommonOptions;
  stack?: string;
  all: boolean;
  program?: string;
  policyPackConfig?: string;
  pack?: string;
  configOverrides: Record<string, string>;
  timeoutMs: number;
}

export interface ReportInvocation {
  kind: "report";
  common: CommonOptions;
  eventLog: string;
  policyPackConfig?: string;
  stack?: string;
}

export interface AuditInvocation {
  kind: "audit";
  common: CommonOptions;
  state: string;
  policyPackConfig?: string;
  pack?: string;
  configOverrides: Record<string, string>;
}

export type Invocation =
  { kind: "help"; text: string } | { kind: "version" } | CheckInvocation | ReportInvocation | AuditInvocation;

type Values = Partial<Record<OptionName, string | boolean | string[]>>;

export function parseCommandLine(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined)
    throw new UsageError("no command given: finguard check | report | audit (see finguard --help)");
  if (first === "help") return { kind: "help", text: helpFor(rest[0]) };
  if (first === "--version") return { kind: "version" };
  if (first === "--help" || first === "-h") return { kind: "help", text: generalHelp() };
  if (first.startsWith("-"))
    throw new UsageError(
      `the command comes first: finguard check | report | audit [options] (got '${first}')`,
    );
  const command = commandNamed(first);
  if (rest.includes("--help") || rest.includes("-h")) return { kind: "help", text: commandHelp(command) };
  const values = parseOptions(command, rest);
  const common = commonOptions(values);
  switch (command) {
    case "check":
      return checkInvocation(values, common);
    case "report":
      return {
        kind: "report",
        common,
        eventLog: requiredPath(values, "event-log"),
        policyPackConfig: optionalPath(values, "policy-pack-config"),
        stack: values.stack as string | undefined,
      };
    case "audit":
      return {
        kind: "audit",
        common,
        state: requiredPath(values, "state"),
        policyPackConfig: optionalPath(values, "policy-pack-config"),
        pack: optionalPath(values, "pack"),
        configOverrides: parseConfigOverrides((values.config as string[] | undefined) ?? []),
      };
  }
}

function commandNamed(name: string): CommandName {
  if (name in COMMANDS) return name as CommandName;
  throw new UsageError(`unknown command '${name}': finguard check | report | audit (see finguard --help)`);
}

/** node:util parseArgs over the command's own options; its errors become usage errors naming the command. */
function parseOptions(command: CommandName, args: readonly string[]): Values {
  const options = Object.fromEntries(
    COMMANDS[command].options.map((name) => {
      const { type, multiple, short } = OPTIONS[name] as OptionSpec;
      // parseArgs rejects keys present with an undefined value.
      return [name, { type, ...(multiple && { multiple }), ...(short && { short }) }];
    }),
  );
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0]}' for ${command}`);
    return values as Values;
  } catch (error) {
    if (error instanceof UsageError) throw withHelpHint(error, command);
    throw withHelpHint(
      new UsageError(describeParseError(error as Error & { code?: string }, command)),
      command,
    );
  }
}

function describeParseError(error: Error & { code?: string }, command: CommandName): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `${command} has no option ${option}`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
    return /argument missing/.test(error.message) ? `${option} needs a value` : `${option} takes no value`;
  return error.message;
}

function withHelpHint(error: UsageError, command: CommandName): UsageError {
  return new UsageError(`${error.message} (see finguard ${command} --help)`);
}

function commonOptions(values: Values): CommonOptions {
  const format = values.format as string | undefined;
  if (format !== undefined && values.out === undefined)
    throw new UsageError("--format applies to the reports --out <dir> writes; add --out");
  let formats: Format[];
  try {
    formats = parseFormats(format ?? DEFAULT_FORMATS);
  } catch (error) {
    throw new UsageError(`--format: ${(error as Error).message}`);
  }
  if (formats.length === 0) throw new UsageError("--format lists no format");
  return {
    out: optionalPath(values, "out"),
    formats,
    failOn: parseFailOn((values["fail-on"] as string | undefined) ?? "mandatory"),
  };
}

function checkInvocation(values: Values, common: CommonOptions): CheckInvocation {
  const all = values.all === true;
  const program = optionalPath(values, "program");
  const stack = values.stack as string | undefined;
  if (all && (program || stack))
    throw new UsageError("--all evaluates every reference stack: drop --program/--stack");
  if (!all && !program && !stack)
    throw new UsageError("say what to check: --stack <scenario>, --all or --program <dir>");
  return {
    kind: "check",
    common,
    all,
    program,
    stack,
    policyPackConfig: optionalPath(values, "policy-pack-config"),
    pack: optionalPath(values, "pack"),
    configOverrides: parseConfigOverrides((values.config as string[] | undefined) ?? []),
    timeoutMs: parseTimeout(values.timeout as string | undefined),
  };
}

function requiredPath(values: Values, option: OptionName): string {
  const path = optionalPath(values, option);
  if (path === undefined)
    throw new UsageError(`--${option} ${(OPTIONS[option] as OptionSpec).value ?? ""} is required`);
  return path;
}

function optionalPath(values: Values, option: OptionName): string | undefined {
  const value = values[option] as string | undefined;
  if (value === "") throw new UsageError(`--${option} is empty`);
  return value === undefined ? undefined : resolve(value);
}

export function parseFailOn(value: string): FailOn {
  if (value === "mandatory" || value === "advisory" || (SEVERITIES as string[]).includes(value))
    return value as FailOn;
  throw new UsageError(
    `--fail-on must be mandatory, advisory, low, medium, high or critical; got '${value}'`,
  );
}

function parseTimeout(value: string | undefined): number {
  const seconds = Number(value ?? DEFAULT_TIMEOUT_SECONDS);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds; got '${value}'`);
  return seconds * 1000;
}

export function parseConfigOverrides(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const split = pair.indexOf("=");
      if (split <= 0) throw new UsageError(`--config expects key=value, got '${pair}'`);
      return [pair.slice(0, split), pair.slice(split + 1)];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Help, derived from the specs above.

function helpFor(name: string | undefined): string {
  return name === undefined ? generalHelp() : commandHelp(commandNamed(name));
}

export function generalHelp(): string {
  const commands = (Object.keys(COMMANDS) as CommandName[]).map(
    (name) => `  ${name.padEnd(8)}${COMMANDS[name].summary}`,
  );
  const usage = Object.values(COMMANDS).flatMap((spec) => spec.usage.map((line) => `  ${line}`));
  return [
    "finguard - PCI DSS v4.0.1 guardrails for Pulumi AWS programs",
    "",
    "Commands:",
    ...commands,
    "",
    "Usage:",
    ...usage,
    "",
    "Options every command takes:",
    ...optionLines(COMMON_OPTIONS, {}),
    "",
    "Run finguard <command> --help for the command's own options.",
    "",
    EXIT_CODES_HELP,
    "",
  ].join("\n");
}

export function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name];
  return [
    `finguard ${name} - ${spec.summary}`,
    "",
    "Usage:",
    ...spec.usage.map((line) => `  ${line}`),
    "",
    "Options:",
    ...optionLines(spec.options, spec.optionHelp ?? {}),
    "",
    spec.notes,
    "",
    EXIT_CODES_HELP,
    "",
  ].join("\n");
}

const HELP_COLUMN = 32;

function optionLines(names: readonly OptionName[], overrides: Partial<Record<OptionName, string>>): string[] {
  return names.flatMap((name) => {
    const spec = OPTIONS[name] as OptionSpec;
    const flag = `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.value ? ` ${spec.value}` : ""}`;
    const [first, ...more] = (overrides[name] ?? spec.help).split("\n");
    return [
      `  ${flag.padEnd(HELP_COLUMN - 2)}${first}`,
      ...more.map((line) => `${" ".repeat(HELP_COLUMN)}${line}`),
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Running.

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Resolved at each write, so output can be redirected (tests, benchmarks) after import. */
const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs a command line; resolves to the exit code, never rejects. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    return await run(parseCommandLine(argv), io);
  } catch (error) {
    io.err(`finguard: ${describeError(error)}\n`);
    return EXIT_ERROR;
  }
}

async function run(invocation: Invocation, io: Io): Promise<number> {
  switch (invocation.kind) {
    case "help":
      io.out(invocation.text);
      return EXIT_OK;
    case "version":
      io.out(`finguard ${toolVersion()}\n`);
      return EXIT_OK;
    case "check":
      return runCheck(invocation, io);
    case "report":
      return runReport(invocation, io);
    case "audit":
      return runAudit(invocation, io);
  }
}

async function runCheck(invocation: CheckInvocation, io: Io): Promise<number> {
  const targets = checkTargets(invocation);
  const packDir = packDirOf(invocation.pack);
  let exitCode = EXIT_OK;
  for (const [index, target] of targets.entries()) {
    io.err(
      `finguard: [${index + 1}/${targets.length}] checking ${target.stack} (${target.programDir}) ...\n`,
    );
    const result = await evaluate({
      ...target,
      packDir,
      configOverrides: invocation.configOverrides,
      timeoutMs: invocation.timeoutMs,
    });
    exitCode = Math.max(exitCode, publish(result, invocation.common, io));
  }
  return exitCode;
}

async function runReport(invocation: ReportInvocation, io: Io): Promise<number> {
  const eventLog = existingFile(invocation.eventLog, "--event-log");
  io.err(`finguard: reporting on the event log ${eventLog} ...\n`);
  const result = await evaluateEventLog({
    eventLog,
    stack: invocation.stack,
    policyPackConfigFile:
      invocation.policyPackConfig && existingFile(invocation.policyPackConfig, "--policy-pack-config"),
  });
  return publish(result, invocation.common, io);
}

async function runAudit(invocation: AuditInvocation, io: Io): Promise<number> {
  const stateFile = existingFile(invocation.state, "--state");
  const packDir = packDirOf(invocation.pack);
  const policyPackConfigFile =
    invocation.policyPackConfig && existingFile(invocation.policyPackConfig, "--policy-pack-config");
  io.err(`finguard: auditing ${stateFile} with the policy pack ${packDir} ...\n`);
  const result = await evaluateStateExport({
    stateFile,
    packDir,
    policyPackConfigFile,
    configOverrides: invocation.configOverrides,
  });
  return publish(result, invocation.common, io);
}

/** Writes the reports, prints the text summary, and returns the exit code. */
function publish(result: EvaluationResult, options: CommonOptions, io: Io): number {
  let written: string[] = [];
  let writeError: Error | undefined;
  if (options.out) {
    try {
      written = writeReports(options.out, result, options.formats);
    } catch (error) {
      writeError = error as Error;
    }
  }
  const full = written.find((path) => path.endsWith(`.${FORMATS.text.extension}`)) ?? written[0];
  io.out(renderText(result, full ? { limit: TERMINAL_LINES, fullReport: full } : {}));
  if (writeError) throw new UsageError(`cannot write reports to ${options.out}: ${writeError.message}`);
  return exitCodeOf(result, options.failOn);
}

export function exitCodeOf(result: EvaluationResult, failOn: FailOn = "mandatory"): number {
  if (result.errors.length > 0) return EXIT_ERROR;
  const fails = (level: EnforcementLevel, severity: Severity | undefined) => {
    if (failOn === "mandatory") return isBlocking(level);
    if (failOn === "advisory") return level !== "disabled";
    return severity !== undefined && SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(failOn);
  };
  // The evaluator's retainOnDelete check is judged as the lifecycle-no-protect policy it mirrors.
  const retainSeverity = result.policies.find((p) => p.name === "lifecycle-no-protect")?.severity;
  const failing =
    result.outcomes.some((o) => o.status === "violation" && fails(o.enforcementLevel, o.severity)) ||
    result.evaluatorFindings.some(
      (f) => f.status === "violation" && fails(f.enforcementLevel, retainSeverity),
    );
  return failing ? EXIT_VIOLATIONS : EXIT_OK;
}

interface CheckTarget {
  programDir: string;
  stack: string;
  policyPackConfigFile?: string;
}

function checkTargets(invocation: CheckInvocation): CheckTarget[] {
  const explicitConfig =
    invocation.policyPackConfig && existingFile(invocation.policyPackConfig, "--policy-pack-config");
  if (invocation.program) {
    if (!isDirectory(invocation.program))
      throw new UsageError(`--program: ${invocation.program} is not a directory`);
    return [
      {
        programDir: invocation.program,
        stack: invocation.stack ?? "dev",
        policyPackConfigFile: explicitConfig,
      },
    ];
  }
  const stacks = invocation.all ? referenceStacks() : [invocation.stack as string];
  return stacks.map((stack) => {
    if (!existsSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`))) {
      throw new UsageError(
        `no reference stack '${stack}' (expected Pulumi.${stack}.yaml; have: ${referenceStacks().join(", ")}); ` +
          "for your own program add --program <dir>",
      );
    }
    return { programDir: REPO_ROOT, stack, policyPackConfigFile: explicitConfig ?? scenarioConfig(stack) };
  });
}

export function referenceStacks(): string[] {
  return readdirSync(REPO_ROOT)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

function scenarioConfig(stack: string): string | undefined {
  const file = join(REPO_ROOT, "policy-pack", "configs", "scenarios", `${stack}.json`);
  return existsSync(file) ? file : undefined;
}

function packDirOf(pack: string | undefined): string {
  const packDir = pack ?? join(REPO_ROOT, "policy-pack");
  if (!existsSync(join(packDir, "package.json")))
    throw new UsageError(`--pack: ${packDir} is not a policy pack (it has no package.json)`);
  return packDir;
}

function existingFile(path: string, option: string): string {
  if (!existsSync(path)) throw new UsageError(`${option}: ${path} does not exist`);
  if (isDirectory(path)) throw new UsageError(`${option}: ${path} is a directory, not a file`);
  return path;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** User errors print their message alone; anything else is a bug, with its stack on request. */
export function describeError(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || error instanceof InputError || error instanceof PolicyConfigError)
    return message;
  if (env.FINGUARD_DEBUG) return (error as Error)?.stack ?? message;
  return `${message} (unexpected: rerun with FINGUARD_DEBUG=1 for the stack trace and report it)`;
}
