/**
 * Capture stage of the offline evaluator: runs a Pulumi Node program with preview semantics, without
 * the Pulumi CLI, and returns every resource registration as the engine would have seen it.
 *
 * Each capture runs in its own child process (worker.ts) so every stack gets fresh SDK module
 * state and a crashing or hanging program cannot take the caller down.
 */
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CaptureError } from "./errors";
import { loadProgramSettings } from "./project";
import { FLUSH_MESSAGE, JOB_ENV, type WorkerJob, type WorkerOutcome } from "./protocol";
import type { CapturedStack } from "./types";

export { CaptureError, type CaptureErrorKind } from "./errors";

export interface CaptureOptions {
  /** Directory holding Pulumi.yaml. */
  programDir: string;
  stack: string;
  /** Defaults to Pulumi.yaml `name`. */
  project?: string;
  /** Defaults to "organization", the CLI's name for individual (DIY backend) accounts. */
  organization?: string;
  /** `ns:key` or bare `key` (namespaced with the project) -> value; wins over the stack file. */
  configOverrides?: Record<string, string>;
  /** Whole worker lifetime, TypeScript start-up included. Default 120000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** After a timeout, how long the worker gets to report its partial capture before it is killed. */
const FLUSH_GRACE_MS = 3000;
const STDERR_TAIL_CHARS = 4000;
const WORKER_PATH = path.join(__dirname, `worker${path.extname(__filename)}`);
/** From TypeScript sources, the worker compiles its own files; absolute, as -r resolves from the child's cwd. */
const WORKER_EXEC_ARGV =
  path.extname(__filename) === ".ts" ? ["-r", path.join(__dirname, "register-worker.js")] : [];
/** Node options that would replace the evaluator's own module loading; runtime.options.nodeargs keeps the rest. */
const LOADER_OPTIONS = /^--(require|import|loader|experimental-loader)(=|$)|^-r$/;

export async function captureProgram(opts: CaptureOptions): Promise<CapturedStack> {
  const programDir = path.resolve(opts.programDir);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const settings = loadProgramSettings({ ...opts, programDir });
  const workDir = mkdtempSync(path.join(tmpdir(), "finguard-capture-"));
  const job: WorkerJob = {
    programDir,
    entryPath: settings.entryPath,
    project: settings.project,
    stack: opts.stack,
    organization: opts.organization ?? "organization",
    config: settings.config,
    secretKeys: settings.secretKeys,
    runtime: settings.runtime,
    warnings: [...settings.warnings, ...ignoredNodeArgs(settings.runtime.nodeArgs)],
    resultPath: path.join(workDir, "outcome.json"),
  };
  try {
    const exit = await runWorker(job, timeoutMs);
    return interpretExit(job, exit, timeoutMs);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stderr: string;
}

function runWorker(job: WorkerJob, timeoutMs: number): Promise<WorkerExit> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER_PATH, [], {
      cwd: job.programDir,
      env: workerEnv(job),
      execArgv: [...WORKER_EXEC_ARGV, ...usableNodeArgs(job.runtime.nodeArgs)],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let stderr = "";
    child.stdout?.resume();
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      child.send(FLUSH_MESSAGE, () => undefined);
      killTimer = setTimeout(() => child.kill("SIGKILL"), FLUSH_GRACE_MS);
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      resolve({ code, signal, timedOut, stderr });
    });
  });
}

/** runtime.options.nodeargs without loader options (and their values): FinGuard loads TypeScript and ESM itself. */
function usableNodeArgs(args: readonly string[]): string[] {
  return args.filter((arg, i) => !LOADER_OPTIONS.test(arg) && !LOADER_OPTIONS.test(args[i - 1] ?? ""));
}

function ignoredNodeArgs(args: readonly string[]): string[] {
  const kept = new Set(usableNodeArgs(args));
  const ignored = args.filter((arg) => !kept.has(arg));
  return ignored.length === 0
    ? []
    : [
        `runtime.options.nodeargs ${ignored.join(" ")} not used offline: the evaluator loads TypeScript and ES modules itself`,
      ];
}

/** The PULUMI_* variables the CLI's language host sets, read by the SDK when it first loads. */
function workerEnv(job: WorkerJob): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(job.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(job.secretKeys),
    PULUMI_NODEJS_PROJECT: job.project,
    PULUMI_NODEJS_STACK: job.stack,
    PULUMI_NODEJS_ORGANIZATION: job.organization,
    PULUMI_NODEJS_DRY_RUN: "true",
    PULUMI_NODEJS_ROOT_DIRECTORY: job.programDir,
    [JOB_ENV]: JSON.stringify(job),
  };
}

function interpretExit(job: WorkerJob, exit: WorkerExit, timeoutMs: number): CapturedStack {
  const dir = job.programDir;
  const outcome = readOutcome(job.resultPath);
  if (outcome?.status === "completed") return outcome.stack;
  const failure = outcome?.failure;
  const partial = outcome?.stack;
  if (failure?.reason === "threw") {
    const kind = failure.kind ?? (failure.configKey ? "missing-config" : "program-threw");
    const message =
      kind === "program-threw" || kind === "missing-config" || !failure.cause
        ? `program ${dir} threw: ${failure.error.split("\n")[0]}`
        : `program ${dir} cannot run offline (${kind}): ${failure.cause}`;
    throw new CaptureError(kind, dir, message, {
      partial,
      configKey: failure.configKey,
      detail: failure.error,
    });
  }
  if (exit.timedOut) {
    throw new CaptureError("timeout", dir, `program ${dir} did not finish within ${timeoutMs / 1000} s`, {
      partial,
      detail: exit.stderr,
    });
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  throw new CaptureError("worker-crashed", dir, `program ${dir}: capture worker ${how} before finishing`, {
    partial,
    detail: failure?.error ?? exit.stderr,
  });
}

function readOutcome(resultPath: string): WorkerOutcome | undefined {
  if (!existsSync(resultPath)) return undefined;
  try {
    return JSON.parse(readFileSync(resultPath, "utf8")) as WorkerOutcome;
  } catch {
    return undefined;
  }
}
