/**
 * Where `finguard check --all` spends its time, measured around the evaluator's phases in this
 * process: the CLI's main() runs unchanged while the functions it calls are timed through their
 * module exports (restored afterwards). The pack start runs while the program is captured, so it is
 * reported apart; "analyze" is what is left of it plus the analyzer protocol.
 */
import * as packProcess from "../../evaluator/analyzer/pack-process";
import * as analyzerRun from "../../evaluator/analyzer/run";
import * as capture from "../../evaluator/capture/capture";
import { main } from "../../evaluator/cli";
import * as reports from "../../evaluator/report";
import * as text from "../../evaluator/report/text";
import * as build from "../../evaluator/results/build";
import { REPORT_FORMATS } from "./cli";

export type Phase = "capture" | "packStart" | "analyze" | "results" | "reports";

export interface PhaseBreakdown {
  stacks: number;
  totalMs: number;
  /** Summed over the stacks; packStart overlaps capture. */
  phasesMs: Record<Phase, number>;
  /** total minus the sequential phases (capture, analyze, results, reports): argument parsing, git, catalog. */
  otherMs: number;
}

const TIMED: Array<[Phase, object, string]> = [
  ["capture", capture, "captureProgram"],
  ["packStart", packProcess, "startPack"],
  ["analyze", analyzerRun, "analyzeStack"],
  ["results", build, "buildResult"],
  ["reports", reports, "writeReports"],
  ["reports", text, "renderText"],
];

export async function measurePhases(outDir: string): Promise<PhaseBreakdown> {
  const phasesMs: Record<Phase, number> = { capture: 0, packStart: 0, analyze: 0, results: 0, reports: 0 };
  let stacks = 0;
  const restore = TIMED.map(([phase, module, name]) =>
    timeExport(module, name, (ms) => {
      phasesMs[phase] += ms;
      if (phase === "capture") stacks++;
    }),
  );
  const unmute = muteOutput();
  const started = performance.now();
  try {
    const exitCode = await main(["check", "--all", "--out", outDir, "--format", REPORT_FORMATS]);
    if (exitCode > 1) throw new Error(`finguard check --all returned ${exitCode}`);
  } finally {
    unmute();
    for (const undo of restore) undo();
  }
  const totalMs = performance.now() - started;
  const sequential = phasesMs.capture + phasesMs.analyze + phasesMs.results + phasesMs.reports;
  return { stacks, totalMs, phasesMs, otherMs: totalMs - sequential };
}

/** Replaces module[name] by a wrapper reporting each call's duration (until its promise settles); returns the undo. */
function timeExport(module: object, name: string, record: (ms: number) => void): () => void {
  const exports = module as Record<string, unknown>;
  const original = exports[name] as (...args: unknown[]) => unknown;
  exports[name] = (...args: unknown[]) => {
    const started = performance.now();
    const done = () => record(performance.now() - started);
    const result = original(...args);
    if (result instanceof Promise) {
      // Observe the settlement without creating a second rejection to handle.
      result.then(done, done);
      return result;
    }
    done();
    return result;
  };
  return () => {
    exports[name] = original;
  };
}

/** The CLI writes its text report to stdout and progress to stderr; keep the bench's output readable. */
function muteOutput(): () => void {
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  process.stdout.write = () => true;
  process.stderr.write = () => true;
  return () => {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  };
}
