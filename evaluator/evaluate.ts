/**
 * One offline evaluation: capture the program under mocks, drive the real pack over the analyzer
 * protocol, and build the results model. Whatever fails, what was already produced is kept and
 * the failure is recorded as an error in the result.
 */
import { catalog as packCatalog, evaluationDate } from "@finguard/aws-pci-policies/bin/library";
import { analyzeStack } from "./analyzer/run";
import { CaptureError, captureProgram } from "./capture/capture";
import type { CapturedStack } from "./capture/types";
import { buildResult, type ObservedRun } from "./results/build";
import type { EvaluationError, EvaluationResult } from "./results/model";
import { gitCommit, toolVersion } from "./tool-info";

export interface EvaluateOptions {
  programDir: string;
  stack: string;
  packDir: string;
  policyPackConfigFile?: string;
  configOverrides?: Record<string, string>;
  timeoutMs?: number;
}

export async function evaluate(options: EvaluateOptions): Promise<EvaluationResult> {
  const startedAt = new Date().toISOString();
  const errors: EvaluationError[] = [];
  const captured = await captureOrPartial(options, errors);
  let observed: ObservedRun = { diagnostics: [], notApplicable: [] };
  if (captured.resources.length > 0 || errors.length === 0) {
    const run = await analyzeStack({
      packDir: options.packDir,
      captured,
      policyPackConfigFile: options.policyPackConfigFile,
    });
    observed = run;
    if (run.error) errors.push({ stage: run.error.stage, message: run.error.message });
  }
  return buildResult({
    captured,
    observed,
    catalog: packCatalog(),
    run: {
      source: "offline-preview",
      program: options.programDir,
      project: captured.project,
      stack: captured.stack,
      startedAt,
      finishedAt: new Date().toISOString(),
      gitCommit: gitCommit(options.programDir),
    },
    errors,
    toolVersion: toolVersion(),
    today: evaluationDate(),
  });
}

async function captureOrPartial(options: EvaluateOptions, errors: EvaluationError[]): Promise<CapturedStack> {
  try {
    return await captureProgram({
      programDir: options.programDir,
      stack: options.stack,
      configOverrides: options.configOverrides,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    if (!(error instanceof CaptureError)) throw error;
    errors.push({ stage: "capture", message: error.message });
    return (
      error.partial ?? {
        project: "unknown",
        stack: options.stack,
        organization: "organization",
        config: {},
        secretKeys: [],
        resources: [],
        outputs: {},
        warnings: [],
      }
    );
  }
}
