/**
 * One offline evaluation: capture the program under mocks, drive the real pack over the analyzer
 * protocol, and build the results model. Whatever fails, what was already produced is kept and
 * the failure is recorded as an error in the result.
 */
import { resolve } from "node:path";
import { catalog as packCatalog, evaluationDate } from "@finguard/aws-pci-policies/bin/library";
import { discardPack, startPack, type PackProcess } from "./analyzer/pack-process";
import { analyzeStack } from "./analyzer/run";
import { CaptureError, captureProgram } from "./capture/capture";
import { loadProgramSettings } from "./capture/project";
import type { CapturedStack } from "./capture/types";
import { readEventLog } from "./inputs/event-log";
import { readStateExport } from "./inputs/state-export";
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

/** The organization the capture runs under (the CLI's name for individual accounts); the pack gets the same. */
const ORGANIZATION = "organization";

export async function evaluate(options: EvaluateOptions): Promise<EvaluationResult> {
  const startedAt = new Date().toISOString();
  const errors: EvaluationError[] = [];
  // The pack starts while the program runs: each takes seconds and neither needs the other.
  const pack = startPackEarly(options);
  let captured: CapturedStack;
  try {
    captured = await captureOrPartial(options, errors);
  } catch (error) {
    if (pack) await discardPack(pack);
    throw error;
  }
  let observed: ObservedRun = { diagnostics: [], notApplicable: [] };
  if (captured.resources.length > 0 || errors.length === 0) {
    const run = await analyzeStack({
      packDir: options.packDir,
      captured,
      policyPackConfigFile: options.policyPackConfigFile,
      pack,
    });
    observed = run;
    if (run.error) errors.push({ stage: run.error.stage, message: run.error.message });
  } else if (pack) {
    await discardPack(pack);
  }
  return finish(captured, observed, errors, {
    source: "offline-preview",
    program: options.programDir,
    startedAt,
  });
}

/** Audits a `pulumi stack export` file with the pack over the analyzer protocol. */
export async function evaluateStateExport(options: {
  stateFile: string;
  packDir: string;
  policyPackConfigFile?: string;
  configOverrides?: Record<string, string>;
}): Promise<EvaluationResult> {
  return evaluateCaptured(readStateExport(options.stateFile, options), {
    ...options,
    source: "state-export",
    program: options.stateFile,
  });
}

/** Evaluates resources already captured (a state export, or a test's variant of a captured stack). */
export async function evaluateCaptured(
  captured: CapturedStack,
  options: {
    packDir: string;
    policyPackConfigFile?: string;
    source: "offline-preview" | "state-export";
    program: string;
  },
): Promise<EvaluationResult> {
  const startedAt = new Date().toISOString();
  const run = await analyzeStack({
    packDir: options.packDir,
    captured,
    policyPackConfigFile: options.policyPackConfigFile,
  });
  const errors: EvaluationError[] = run.error ? [{ stage: run.error.stage, message: run.error.message }] : [];
  return finish(captured, run, errors, { source: options.source, program: options.program, startedAt });
}

/** Turns the event log of a real `pulumi preview --policy-pack` into the same results. */
export async function evaluateEventLog(options: {
  eventLog: string;
  stack?: string;
  policyPackConfigFile?: string;
}): Promise<EvaluationResult> {
  const startedAt = new Date().toISOString();
  const { captured, observed, errors } = await readEventLog(options.eventLog, {
    ...options,
    catalog: packCatalog(),
    today: evaluationDate(),
  });
  return finish(captured, observed, errors, { source: "event-log", program: options.eventLog, startedAt });
}

function finish(
  captured: CapturedStack,
  observed: ObservedRun,
  errors: EvaluationError[],
  run: { source: "offline-preview" | "event-log" | "state-export"; program: string; startedAt: string },
): EvaluationResult {
  return buildResult({
    captured,
    observed,
    catalog: packCatalog(),
    run: {
      ...run,
      project: captured.project,
      stack: captured.stack,
      finishedAt: new Date().toISOString(),
      gitCommit: run.source === "offline-preview" ? gitCommit(run.program) : undefined,
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
      organization: ORGANIZATION,
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
        organization: ORGANIZATION,
        config: {},
        secretKeys: [],
        resources: [],
        outputs: {},
        warnings: [],
      }
    );
  }
}

/**
 * Starts the pack for the identity the capture will record (the same project reader, stack and
 * overrides), or returns undefined when the project cannot be read: the capture then fails and says why.
 */
function startPackEarly(options: EvaluateOptions): Promise<PackProcess> | undefined {
  let settings: ReturnType<typeof loadProgramSettings>;
  try {
    settings = loadProgramSettings({
      programDir: resolve(options.programDir),
      stack: options.stack,
      configOverrides: options.configOverrides,
    });
  } catch {
    return undefined;
  }
  const { project, config, secretKeys } = settings;
  return startPack({
    packDir: options.packDir,
    identity: { organization: ORGANIZATION, project, stack: options.stack, config, secretKeys },
  });
}
