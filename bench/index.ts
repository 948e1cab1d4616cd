/**
 * `npm run bench`: FinGuard against the no-op pack (the transport floor), AWSGuard (the peer) and the
 * SDK floor, in one run with the packs interleaved; then the `npm start` equivalent. Writes
 * bench/results/latest.json and docs/performance.md (BENCH_QUICK=1: a smoke run into bench/scratch).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { packIdentity } from "../evaluator/analyzer/run";
import type { CapturedStack } from "../evaluator/capture/types";
import { machineInfo } from "./machine";
import { measureAnalyzeStack } from "./measure/analyze-stack";
import { measureCli } from "./measure/cli";
import { measurePerResource } from "./measure/per-resource";
import { measurePhases, type Phase, type PhaseBreakdown } from "./measure/phases";
import { measureStartup } from "./measure/startup";
import { withSessions, type PackSession } from "./pack-session";
import { ensureAwsGuard, PACKS, packVersions, REPO_ROOT, type PackId } from "./packs";
import { renderPerformanceDoc } from "./report/markdown";
import { judgeTargets, RESULTS_SCHEMA_VERSION, type BenchResults, type PackInfo } from "./report/results";
import { benchSettings, type BenchSettings } from "./settings";
import { analyzeRequests } from "./requests";
import { median } from "./stats";
import { syntheticStack, typeMix } from "./synthetic-stack";

const began = performance.now();

function log(line: string): void {
  const elapsed = ((performance.now() - began) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`bench [${elapsed} s] ${line}\n`);
}

async function main(): Promise<void> {
  const settings = benchSettings();
  const machine = machineInfo();
  ensureAwsGuard(log);
  const stack = syntheticStack(settings.perResourceStack);
  const packs = await measurePacks(settings, stack);
  log(`finguard check --all: ${settings.cliWarmRuns + 1} runs`);
  const cli = await measureCli(settings.cliWarmRuns, join(settings.scratchDir, "reports-cli"), log);
  const phases = await measurePhaseRuns(settings);
  const measured = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    date: new Date().toISOString(),
    quick: settings.quick,
    durationS: (performance.now() - began) / 1000,
    machine,
    workload: {
      perResourceStack: settings.perResourceStack,
      perResourceWarmup: settings.perResourceWarmup,
      stackSizes: settings.stackSizes,
      typeMix: typeMix(stack),
    },
    ...packs,
    cli,
    phases,
  };
  const results: BenchResults = { ...measured, targets: judgeTargets(measured) };
  write(settings.resultsFile, JSON.stringify(results, null, 2) + "\n");
  write(settings.docsFile, renderPerformanceDoc(results));
  for (const t of results.targets) {
    log(`${t.met ? "met   " : "MISSED"} ${t.description}: ${t.measured} (goal ${t.goal})`);
  }
}

/** Start-up of the peers, then Remediate+Analyze and AnalyzeStack with one process per pack. */
async function measurePacks(settings: BenchSettings, stack: CapturedStack) {
  const identity = packIdentity(stack);
  log(`start-up: ${settings.startupRounds} rounds`);
  const peers = PACKS.filter((p) => p.startup);
  const startup = await measureStartup(peers, identity, settings.startupRounds, log);
  return withSessions(PACKS, identity, async (sessions) => {
    log(`Remediate+Analyze: ${settings.perResourceStack} resources`);
    const requests = analyzeRequests(stack);
    const perResource = await measurePerResource(sessions, requests, settings.perResourceWarmup);
    const analyzeStack = await measureAnalyzeStack(sessions, settings.stackSizes, log);
    return {
      packs: packInfo(sessions),
      startup,
      perResource,
      analyzeStack,
      peakRssMb: byPack(sessions, (s) => s.memory().peakRssMb),
    };
  });
}

function byPack<T>(sessions: readonly PackSession[], value: (session: PackSession) => T): Record<PackId, T> {
  return Object.fromEntries(sessions.map((s) => [s.spec.id, value(s)])) as Record<PackId, T>;
}

function packInfo(sessions: readonly PackSession[]): Record<PackId, PackInfo> {
  return byPack(sessions, (s) => ({
    label: s.spec.label,
    dir: relative(REPO_ROOT, s.spec.dir),
    policies: s.info.policies.length,
    policiesOn: s.policiesOn,
    stackPolicies: s.info.policies.filter((p) => p.kind === "stack").length,
    versions: packVersions(s.spec),
  }));
}

/** The phase breakdown, element-wise median over the runs. */
async function measurePhaseRuns(settings: BenchSettings): Promise<PhaseBreakdown> {
  const runs: PhaseBreakdown[] = [];
  for (let run = 0; run < settings.phaseRuns; run++) {
    runs.push(await measurePhases(join(settings.scratchDir, "reports-phases")));
    log(`phase breakdown: run ${run + 1}/${settings.phaseRuns} done`);
  }
  const mid = (pick: (b: PhaseBreakdown) => number) => median(runs.map(pick));
  const phases = Object.keys(runs[0].phasesMs) as Phase[];
  return {
    stacks: runs[0].stacks,
    totalMs: mid((b) => b.totalMs),
    phasesMs: Object.fromEntries(phases.map((p) => [p, mid((b) => b.phasesMs[p])])) as Record<Phase, number>,
    otherMs: mid((b) => b.otherMs),
  };
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  log(`wrote ${relative(REPO_ROOT, file)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
