/** The benchmark's results file (bench/results/latest.json) and the targets judged from it. */
import type { MachineInfo } from "../machine";
import type { AnalyzeStackResult } from "../measure/analyze-stack";
import type { CliResult } from "../measure/cli";
import type { PerResourceResult } from "../measure/per-resource";
import type { PhaseBreakdown } from "../measure/phases";
import type { StartupResult } from "../measure/startup";
import type { PackId } from "../packs";
import { scalingExponent } from "../stats";

export const RESULTS_SCHEMA_VERSION = 1;

export interface PackInfo {
  label: string;
  dir: string;
  policies: number;
  policiesOn: number;
  stackPolicies: number;
  versions: Record<string, string | undefined>;
}

export interface BenchResults {
  schemaVersion: number;
  date: string;
  quick: boolean;
  durationS: number;
  machine: MachineInfo;
  packs: Record<PackId, PackInfo>;
  workload: {
    perResourceStack: number;
    perResourceWarmup: number;
    stackSizes: Array<{ resources: number; runs: number }>;
    typeMix: Record<string, number>;
  };
  startup: Partial<Record<PackId, StartupResult>>;
  perResource: Record<PackId, PerResourceResult>;
  analyzeStack: Record<PackId, AnalyzeStackResult[]>;
  /** VmHWM of each pack after every AnalyzeStack run, in MB. */
  peakRssMb: Record<PackId, number>;
  cli: CliResult;
  phases: PhaseBreakdown;
  targets: Target[];
}

export interface Target {
  id: string;
  description: string;
  goal: string;
  measured: string;
  met: boolean;
}

export const TARGETS = {
  startupOverNoopMs: 250,
  startupVsAwsGuard: 0.75,
  rssMb: 200,
  perResourceVsNoop: 1.3,
  analyzeStackVsNoop: 1.3,
  analyzeStackCheckedAt: 10_000,
  /** t ∝ n^k between the smallest and the largest stack: 1.1 means 50x the resources cost at most 74x the time. */
  maxScalingExponent: 1.1,
  cliWarmMs: 30_000,
} as const;

type Measured = Omit<BenchResults, "targets">;

export function judgeTargets(results: Measured): Target[] {
  const startup = (id: PackId) => results.startup[id]!.startupMs.median;
  const finguardStack = results.analyzeStack.finguard;
  const at = (id: PackId, n: number) =>
    results.analyzeStack[id].find((r) => r.resources === n)?.wallMs.median;
  const checkedAt = TARGETS.analyzeStackCheckedAt;
  const exponent = scalingOf(finguardStack);
  const rssMax = results.startup.finguard!.rssMb.max;
  const perResource = (id: PackId) => results.perResource[id].latencyMs.p50;
  const stackRatio = ratio(at("finguard", checkedAt), at("noop", checkedAt));
  return [
    {
      id: "startup-vs-noop",
      description: "Start-up to the first GetAnalyzerInfo reply, over the no-op pack",
      goal: `≤ no-op + ${TARGETS.startupOverNoopMs} ms`,
      measured: `${signedMs(startup("finguard") - startup("noop"))} (median ${seconds(startup("finguard"))} vs ${seconds(startup("noop"))})`,
      met: startup("finguard") <= startup("noop") + TARGETS.startupOverNoopMs,
    },
    {
      id: "startup-vs-awsguard",
      description: "Start-up relative to AWSGuard's",
      goal: `≤ ${TARGETS.startupVsAwsGuard}x AWSGuard`,
      measured: `${times(startup("finguard") / startup("awsguard"))} (median ${seconds(startup("finguard"))} vs ${seconds(startup("awsguard"))})`,
      met: startup("finguard") <= TARGETS.startupVsAwsGuard * startup("awsguard"),
    },
    {
      id: "rss-after-startup",
      description: "Pack RSS after start-up (largest of the runs)",
      goal: `≤ ${TARGETS.rssMb} MB`,
      measured: `${rssMax.toFixed(0)} MB`,
      met: rssMax <= TARGETS.rssMb,
    },
    {
      id: "remediate-analyze-p50",
      description: "Remediate+Analyze per resource, p50, every policy on",
      goal: `≤ ${TARGETS.perResourceVsNoop}x no-op`,
      measured: `${times(perResource("finguard") / perResource("noop"))} (${ms(perResource("finguard"))} vs ${ms(perResource("noop"))})`,
      met: perResource("finguard") <= TARGETS.perResourceVsNoop * perResource("noop"),
    },
    {
      id: "analyze-stack-vs-noop",
      description: `AnalyzeStack at ${checkedAt.toLocaleString("en-US")} resources`,
      goal: `≤ ${TARGETS.analyzeStackVsNoop}x no-op`,
      measured:
        stackRatio === undefined
          ? "not measured"
          : `${times(stackRatio)} (${seconds(at("finguard", checkedAt)!)} vs ${seconds(at("noop", checkedAt)!)})`,
      met: stackRatio !== undefined && stackRatio <= TARGETS.analyzeStackVsNoop,
    },
    {
      id: "analyze-stack-scaling",
      description: `AnalyzeStack growth from ${sizeLabel(finguardStack[0].resources)} to ${sizeLabel(finguardStack.at(-1)!.resources)} resources`,
      goal: `near-linear: exponent ≤ ${TARGETS.maxScalingExponent}`,
      measured: `exponent ${exponent.toFixed(2)}`,
      met: exponent <= TARGETS.maxScalingExponent,
    },
    {
      id: "check-all-warm",
      description: "`finguard check --all` (npm start without the build), warm, median",
      goal: `≤ ${TARGETS.cliWarmMs / 1000} s`,
      measured: seconds(results.cli.warmMs.median),
      met: results.cli.warmMs.median <= TARGETS.cliWarmMs,
    },
  ];
}

/** Exponent of wall time against stack size, smallest to largest stack. */
export function scalingOf(series: readonly AnalyzeStackResult[]): number {
  const first = series[0];
  const last = series[series.length - 1];
  return scalingExponent(
    { n: first.resources, ms: first.wallMs.median },
    { n: last.resources, ms: last.wallMs.median },
  );
}

export function ratio(value: number | undefined, base: number | undefined): number | undefined {
  return value === undefined || base === undefined ? undefined : value / base;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

export function seconds(value: number): string {
  return `${(value / 1000).toFixed(2)} s`;
}

export function times(value: number | undefined): string {
  return value === undefined ? "–" : `${value.toFixed(2)}x`;
}

export function sizeLabel(resources: number): string {
  return resources >= 1000 ? `${resources / 1000}k` : String(resources);
}

function signedMs(value: number): string {
  return `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(0)} ms`;
}
