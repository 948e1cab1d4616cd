/**
 * `finguard`: argument parsing, progress and exit codes only; the work is in evaluate.ts and
 * report/. Exit codes mirror the Pulumi CLI: 0 clean, 1 a mandatory violation, 2 a tool, program
 * or pack error (the message says which and where).
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { evaluate, evaluateEventLog, evaluateStateExport } from "./evaluate";
import { parseFormats, writeReports } from "./report";
import { renderText } from "./report/text";
import { isBlocking } from "./results/build";
import type { EnforcementLevel, EvaluationResult, Severity } from "./results/model";
import { REPO_ROOT } from "./tool-info";

export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_ERROR = 2;

const HELP = `finguard - offline PCI DSS guardrail evaluation for Pulumi AWS programs

Usage:
  finguard check --stack <scenario>           evaluate a reference stack (Pulumi.<scenario>.yaml)
  finguard check --all                        evaluate every reference stack
  finguard check --program <dir> [--stack s]  evaluate any Pulumi TypeScript/JavaScript program
  finguard report --event-log <file>          report on a real \`pulumi preview --policy-pack ... --event-log <file>\`
  finguard audit --state <file>               audit a \`pulumi stack export\` file with the pack (no preview needed)

Options:
  --policy-pack-config <file>  pack config, as for \`pulumi preview --policy-pack-config\`
                               (reference stacks default to policy-pack/configs/scenarios/<scenario>.json)
  --pack <dir>                 policy pack directory (default: the bundled policy-pack)
  --config <key=value>         override a stack config value (repeatable)
  --out <dir>                  write one report per format there, named <stack>.<ext>
  --format <list>              report formats for --out: text,json,sarif,junit,csv,md,html (default text,json)
  --timeout <seconds>          give up on a program after this long (default 120)
  --fail-on <threshold>        exit 1 on violations at or above: mandatory (default), advisory,
                               or a severity low|medium|high|critical
  -h, --help                   show this help

Exit codes: 0 no mandatory violation, 1 mandatory violation(s), 2 error (program, pack, config or input).
`;

interface CheckTarget {
  programDir: string;
  stack: string;
  policyPackConfigFile?: string;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stack: { type: "string" },
      all: { type: "boolean", default: false },
      program: { type: "string" },
      "policy-pack-config": { type: "string" },
      pack: { type: "string" },
      config: { type: "string", multiple: true, default: [] },
      out: { type: "string" },
      format: { type: "string", default: "text,json" },
      timeout: { type: "string", default: "120" },
      "event-log": { type: "string" },
      state: { type: "string" },
      "fail-on": { type: "string", default: "mandatory" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? EXIT_OK : EXIT_ERROR;
  }
  const formats = parseFormats(values.format as string);
  const failOn = parseFailOn(values["fail-on"] as string);
  const report = (result: EvaluationResult) => {
    process.stdout.write(renderText(result));
    if (values.out) writeReports(resolve(values.out), result, formats);
    return exitCodeOf(result, failOn);
  };
  switch (command) {
    case "check":
      return check(values, report);
    case "report":
      return report(
        evaluateEventLog({ eventLog: requiredFile(values["event-log"], "--event-log"), stack: values.stack }),
      );
    case "audit":
      return report(
        await evaluateStateExport({
          stateFile: requiredFile(values.state, "--state"),
          packDir: packDirOf(values.pack),
          policyPackConfigFile: values["policy-pack-config"] && resolve(values["policy-pack-config"]),
        }),
      );
    default:
      throw new UsageError(`unknown command '${command}' (see finguard --help)`);
  }
}

async function check(
  values: Parameters<typeof checkTargets>[0] & { pack?: string; config?: string[]; timeout?: string },
  report: (result: EvaluationResult) => number,
): Promise<number> {
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds`);
  const targets = checkTargets(values);
  const packDir = packDirOf(values.pack);
  let exitCode = EXIT_OK;
  for (const target of targets) {
    process.stderr.write(`finguard: evaluating ${target.stack} (${target.programDir}) ...\n`);
    const result = await evaluate({
      ...target,
      packDir,
      configOverrides: parseConfigOverrides(values.config ?? []),
      timeoutMs: timeoutSeconds * 1000,
    });
    exitCode = Math.max(exitCode, report(result));
  }
  return exitCode;
}

function packDirOf(pack: string | undefined): string {
  const packDir = resolve(pack ?? join(REPO_ROOT, "policy-pack"));
  if (!existsSync(join(packDir, "package.json")))
    throw new UsageError(`policy pack ${packDir} has no package.json`);
  return packDir;
}

function requiredFile(file: string | undefined, option: string): string {
  if (!file) throw new UsageError(`${option} <file> is required`);
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`${option}: ${path} does not exist`);
  return path;
}

const SEVERITIES: Severity[] = ["low", "medium", "high", "critical"];

/** "mandatory", "advisory", or the lowest severity that fails the run. */
export type FailOn = "mandatory" | "advisory" | Severity;

export function parseFailOn(value: string): FailOn {
  if (value === "mandatory" || value === "advisory" || (SEVERITIES as string[]).includes(value))
    return value as FailOn;
  throw new UsageError(
    `--fail-on must be mandatory, advisory, low, medium, high or critical; got '${value}'`,
  );
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

function checkTargets(values: {
  stack?: string;
  all?: boolean;
  program?: string;
  "policy-pack-config"?: string;
}): CheckTarget[] {
  const explicitConfig = values["policy-pack-config"] ? resolve(values["policy-pack-config"]) : undefined;
  if (explicitConfig && !existsSync(explicitConfig))
    throw new UsageError(`policy pack config ${explicitConfig} does not exist`);
  if (values.program) {
    const programDir = resolve(values.program);
    if (!existsSync(programDir)) throw new UsageError(`program directory ${programDir} does not exist`);
    return [{ programDir, stack: values.stack ?? "dev", policyPackConfigFile: explicitConfig }];
  }
  const stacks = values.all ? referenceStacks() : values.stack ? [values.stack] : [];
  if (stacks.length === 0)
    throw new UsageError("say what to check: --stack <scenario>, --all or --program <dir>");
  return stacks.map((stack) => {
    if (!existsSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`))) {
      throw new UsageError(
        `no reference stack '${stack}' (expected Pulumi.${stack}.yaml; have: ${referenceStacks().join(", ")})`,
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

function parseConfigOverrides(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const split = pair.indexOf("=");
      if (split <= 0) throw new UsageError(`--config expects key=value, got '${pair}'`);
      return [pair.slice(0, split), pair.slice(split + 1)];
    }),
  );
}

export class UsageError extends Error {}
