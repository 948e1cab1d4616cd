/**
 * The `npm start` equivalent: `node evaluator/bin/finguard.js check --all` with every report format,
 * as a fresh process each time (the pack build that npm start runs first is not included). The first
 * run is cold (file cache, ts-node's cache); the target is on the warm ones after it.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../packs";
import { spread, type Spread } from "../stats";

export const REPORT_FORMATS = "text,json,sarif,junit,csv,md,html";
const CLI = join(REPO_ROOT, "evaluator", "bin", "finguard.js");
/** finguard exits 1 on mandatory violations (the reference stacks have none, but a finding is not a failure here). */
const ACCEPTED_EXIT_CODES = new Set([0, 1]);
const STDERR_TAIL_CHARS = 4000;

export interface CliResult {
  command: string;
  coldMs: number;
  warmMs: Spread;
  exitCode: number;
}

export async function measureCli(
  warmRuns: number,
  outDir: string,
  log: (line: string) => void,
): Promise<CliResult> {
  const args = [CLI, "check", "--all", "--out", outDir, "--format", REPORT_FORMATS];
  const samples: number[] = [];
  let exitCode = 0;
  for (let run = 0; run <= warmRuns; run++) {
    rmSync(outDir, { recursive: true, force: true });
    const started = performance.now();
    exitCode = await runCli(args);
    samples.push(performance.now() - started);
    log(`finguard check --all: run ${run + 1}/${warmRuns + 1} done`);
  }
  return {
    command: `node evaluator/bin/finguard.js check --all --out <dir> --format ${REPORT_FORMATS}`,
    coldMs: samples[0],
    warmMs: spread(samples.slice(1)),
    exitCode,
  };
}

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== null && ACCEPTED_EXIT_CODES.has(code)) return resolve(code);
      reject(new Error(`finguard check --all exited with ${code}:\n${stderr}`));
    });
  });
}
