import type { CapturedStack } from "./types";

/**
 * program-threw: the program (or an apply inside it) threw or rejected.
 * missing-config: it threw because a required config key is not set.
 * missing-file: it reads or imports a file that does not exist.
 * missing-dependency: a package it imports (or @pulumi/pulumi itself) is not installed.
 * unsupported-invoke: it failed after an invoke the evaluator cannot answer returned nothing.
 * loader: Node could not load it as written (ES module / CommonJS mismatch, TypeScript syntax).
 * unsupported-sdk: its @pulumi/pulumi is too old for the capture monitor.
 * timeout: it did not finish within the time allowed.
 * bad-project: Pulumi.yaml, the stack file or the entry point cannot be used.
 * worker-crashed: the capture process died without reporting (process.exit, OOM, signal).
 */
export type CaptureErrorKind =
  | "program-threw"
  | "timeout"
  | "missing-config"
  | "missing-file"
  | "missing-dependency"
  | "unsupported-invoke"
  | "loader"
  | "unsupported-sdk"
  | "bad-project"
  | "worker-crashed";

export interface CaptureErrorDetails {
  /** Everything the program registered before it failed. */
  partial?: CapturedStack;
  /** For missing-config: the namespaced key the program required. */
  configKey?: string;
  /** The program's full error text, or the tail of the worker's stderr. */
  detail?: string;
}

export class CaptureError extends Error {
  readonly partial?: CapturedStack;
  readonly configKey?: string;
  readonly detail?: string;

  constructor(
    readonly kind: CaptureErrorKind,
    readonly programDir: string,
    message: string,
    details: CaptureErrorDetails = {},
  ) {
    super(message);
    this.name = "CaptureError";
    this.partial = details.partial;
    this.configKey = details.configKey;
    this.detail = details.detail;
  }
}

export function badProject(programDir: string, reason: string): CaptureError {
  return new CaptureError("bad-project", programDir, `program ${programDir}: ${reason}`);
}
