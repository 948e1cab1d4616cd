/**
 * The engine event log a real CLI run writes (`pulumi preview --policy-pack DIR --event-log FILE`):
 * one JSON EngineEvent per line. The documented schema is @pulumi/pulumi/automation/events.d.ts;
 * CLIs newer than that file add `severity` to policy events and the policy summary events below
 * (pulumi/pulumi sdk/go/common/apitype/events.go). Unknown event kinds are kept and ignored.
 */
import { readFileSync } from "node:fs";
import type * as sdk from "@pulumi/pulumi/automation/events";
import { InputError, describeJsonError } from "./errors";

/** A policy violation; newer CLIs also send "remediate" or "none" levels and a severity. */
export interface PolicyEvent extends Omit<sdk.PolicyEvent, "enforcementLevel"> {
  enforcementLevel: sdk.PolicyEvent["enforcementLevel"] | "remediate" | "none";
  severity?: string;
}

export interface PolicyRemediationEvent {
  resourceUrn?: string;
  color: string;
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  policyPackVersionTag: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** After Analyze (with resourceUrn) or AnalyzeStack (without): which of the pack's enabled policies reported. */
export interface PolicySummaryEvent {
  resourceUrn?: string;
  policyPackName: string;
  policyPackVersion: string;
  policyPackVersionTag: string;
  /** Enabled policies of the kind that reported nothing, including ones whose type filter skipped it. */
  passed?: string[];
  failed?: string[];
}

/** The Go CLI writes `PolicyPacks` (a missing JSON tag it now keeps); events.d.ts documents `policyPacks`. */
export interface SummaryEvent extends Omit<sdk.SummaryEvent, "policyPacks"> {
  policyPacks?: Record<string, string>;
  PolicyPacks?: Record<string, string>;
  isPreview?: boolean;
}

export interface EngineEvent extends Omit<
  Partial<sdk.EngineEvent>,
  "policyEvent" | "summaryEvent" | "sequence" | "timestamp"
> {
  sequence?: number;
  timestamp?: number;
  policyEvent?: PolicyEvent;
  summaryEvent?: SummaryEvent;
  policyRemediationEvent?: PolicyRemediationEvent;
  policyLoadEvent?: Record<string, never>;
  policyAnalyzeSummaryEvent?: PolicySummaryEvent;
  policyRemediateSummaryEvent?: PolicySummaryEvent;
  policyAnalyzeStackSummaryEvent?: PolicySummaryEvent;
}

export interface EngineEvents {
  events: EngineEvent[];
  warnings: string[];
}

/**
 * Parses the file. Any malformed line is an error naming it (reporting on the lines around it
 * would hide whatever it held), except a cut-off last line: a crashed CLI leaves one.
 */
export function readEngineEvents(file: string): EngineEvents {
  const text = readText(file);
  const lines = text.split("\n");
  const lastLine = lastNonBlankIndex(lines);
  if (lastLine < 0) {
    throw new InputError(
      `event log ${file} is empty: expected the newline-delimited JSON that \`pulumi preview --event-log\` writes`,
    );
  }
  const events: EngineEvent[] = [];
  const warnings: string[] = [];
  for (let index = 0; index <= lastLine; index++) {
    if (lines[index].trim() === "") continue;
    const event = parseLine(lines[index]);
    if (event.ok) {
      events.push(event.value);
    } else if (index === lastLine && !text.endsWith("\n")) {
      warnings.push(
        `event log ${file}: line ${index + 1} is cut off (the CLI stopped while writing it) and was ignored`,
      );
    } else {
      throw new InputError(malformedLineMessage(file, text, index + 1, event));
    }
  }
  if (!events.some(isKnownEvent)) {
    throw new InputError(
      `event log ${file} holds no engine events (no line has a preludeEvent, resourcePreEvent, policyEvent, ` +
        "summaryEvent or other event the Pulumi CLI writes)",
    );
  }
  return { events, warnings };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`event log ${file}: cannot read it (${(error as Error).message})`);
  }
}

function lastNonBlankIndex(lines: string[]): number {
  for (let index = lines.length - 1; index >= 0; index--) if (lines[index].trim() !== "") return index;
  return -1;
}

type ParsedLine = { ok: true; value: EngineEvent } | { ok: false; json: boolean; problem: string };

function parseLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, json: false, problem: `is not valid JSON (${describeJsonError(line, error)})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, json: true, problem: "is not an engine event (expected a JSON object)" };
  return { ok: true, value: value as EngineEvent };
}

/** `pulumi preview --json` output or a stack export is one JSON document over many lines: say so. */
function malformedLineMessage(
  file: string,
  text: string,
  line: number,
  parsed: { json: boolean; problem: string },
): string {
  const message = `event log ${file}: line ${line} ${parsed.problem}`;
  if (line !== 1 || parsed.json) return message;
  try {
    JSON.parse(text);
  } catch {
    return message;
  }
  return (
    `event log ${file} is a single JSON document, not an event log: pass the file written by ` +
    "`pulumi preview --event-log FILE` (not `--json` output or a stack export)"
  );
}

const KNOWN_EVENT_KINDS = [
  "cancelEvent",
  "stdoutEvent",
  "diagnosticEvent",
  "preludeEvent",
  "summaryEvent",
  "resourcePreEvent",
  "resOutputsEvent",
  "resOpFailedEvent",
  "policyEvent",
  "policyRemediationEvent",
  "policyLoadEvent",
  "policyAnalyzeSummaryEvent",
  "policyRemediateSummaryEvent",
  "policyAnalyzeStackSummaryEvent",
  "startDebuggingEvent",
  "progressEvent",
  "errorEvent",
];

function isKnownEvent(event: EngineEvent): boolean {
  return KNOWN_EVENT_KINDS.some((kind) => kind in event);
}
