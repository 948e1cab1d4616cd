/** How much the benchmark measures: the full run (about 6-7 minutes here) or BENCH_QUICK=1 (a smoke run). */
import { join } from "node:path";
import type { StackSize } from "./measure/analyze-stack";
import { REPO_ROOT } from "./packs";

export interface BenchSettings {
  quick: boolean;
  startupRounds: number;
  perResourceStack: number;
  perResourceWarmup: number;
  stackSizes: StackSize[];
  cliWarmRuns: number;
  phaseRuns: number;
  /** Where results and docs go: committed outputs for a full run, bench/scratch for a quick one. */
  resultsFile: string;
  docsFile: string;
  scratchDir: string;
}

const SCRATCH = join(REPO_ROOT, "bench", "scratch");

export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const quick = env.BENCH_QUICK === "1";
  const common = { quick, scratchDir: SCRATCH };
  if (quick) {
    return {
      ...common,
      startupRounds: 2,
      perResourceStack: 300,
      perResourceWarmup: 30,
      stackSizes: [
        { resources: 1_000, runs: 1 },
        { resources: 10_000, runs: 1 },
      ],
      cliWarmRuns: 1,
      phaseRuns: 1,
      resultsFile: join(SCRATCH, "quick-results.json"),
      docsFile: join(SCRATCH, "quick-performance.md"),
    };
  }
  return {
    ...common,
    startupRounds: 9,
    perResourceStack: 2_000,
    perResourceWarmup: 100,
    stackSizes: [
      { resources: 1_000, runs: 5 },
      { resources: 10_000, runs: 3 },
      { resources: 50_000, runs: 1 },
    ],
    cliWarmRuns: 3,
    phaseRuns: 2,
    resultsFile: join(REPO_ROOT, "bench", "results", "latest.json"),
    docsFile: join(REPO_ROOT, "docs", "performance.md"),
  };
}
