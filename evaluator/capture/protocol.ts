/** What captureProgram and its worker process exchange. */
import type { CaptureErrorKind } from "./errors";
import type { RuntimeSettings } from "./project";
import type { CapturedStack } from "./types";

/** Environment variable carrying the WorkerJob (JSON) to the worker. */
export const JOB_ENV = "FINGUARD_CAPTURE_JOB";

/** IPC message asking the worker to report what it has captured so far and exit (sent on timeout). */
export const FLUSH_MESSAGE = "finguard-capture:flush";

export interface WorkerJob {
  programDir: string;
  entryPath: string;
  project: string;
  stack: string;
  organization: string;
  config: Record<string, string>;
  secretKeys: string[];
  runtime: RuntimeSettings;
  /** Approximations already noticed while reading the project. */
  warnings: string[];
  /** Where the worker writes its WorkerOutcome as JSON (IPC is too slow for 10,000-resource stacks). */
  resultPath: string;
}

export interface ProgramFailure {
  /** threw: the program threw or rejected; timeout: the parent asked for a flush; exited: it called process.exit. */
  reason: "threw" | "timeout" | "exited";
  /** `Error: message` for errors, String(value) for anything else thrown. */
  error: string;
  /** Set when the program threw the SDK's missing-configuration error. */
  configKey?: string;
  /** Why the program cannot run offline, when the worker could tell (default: program-threw). */
  kind?: CaptureErrorKind;
  /** The cause in one sentence, naming what is missing or unsupported and what to do. */
  cause?: string;
}

export type WorkerOutcome =
  | { status: "completed"; stack: CapturedStack }
  | { status: "failed"; failure: ProgramFailure; stack: CapturedStack };
