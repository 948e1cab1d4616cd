/**
 * Reads the engine event log of a real CLI run (`pulumi preview --policy-pack DIR --event-log FILE`:
 * newline-delimited EngineEvents, see @pulumi/pulumi/automation/events.d.ts) into what the
 * results builder consumes, so a real preview gets the same reports as an offline one.
 */
import { readFileSync } from "node:fs";
import { PACK_NAME, type CatalogEntry } from "@finguard/aws-pci-policies/bin/library";
import type { CapturedResource, CapturedStack } from "../capture/types";
import type { ObservedRun } from "../results/build";
import type { PolicyInfo } from "../results/model";
import { InputError } from "./errors";
import { parseUrn } from "./urn";

interface PolicyEvent {
  resourceUrn?: string;
  message: string;
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  enforcementLevel: string;
  severity?: string;
}

interface EngineEvent {
  preludeEvent?: { config?: Record<string, string> };
  resourcePreEvent?: { metadata?: { urn?: string; type?: string } };
  policyEvent?: PolicyEvent;
}

export interface EventLogRun {
  captured: CapturedStack;
  observed: ObservedRun;
}

/** Parses the file; a malformed line is an error naming it, except a cut-off last line (a crashed CLI). */
export function readEventLog(file: string, catalog: CatalogEntry[], stackOverride?: string): EventLogRun {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`event log ${file}: cannot read it (${(error as Error).message})`);
  }
  const lines = text.split("\n");
  const warnings: string[] = [];
  const events: EngineEvent[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    try {
      events.push(JSON.parse(line) as EngineEvent);
    } catch (error) {
      const isLast = lines.slice(index + 1).every((rest) => rest.trim() === "");
      if (isLast && !text.endsWith("\n")) {
        warnings.push(`event log ${file}: line ${index + 1} is cut off (the CLI stopped mid-write); ignored`);
        return;
      }
      throw new InputError(`event log ${file}: line ${index + 1} is not JSON (${(error as Error).message})`);
    }
  });
  if (events.length === 0) throw new InputError(`event log ${file}: it holds no engine events`);
  return toRun(events, catalog, warnings, stackOverride);
}

function toRun(
  events: EngineEvent[],
  catalog: CatalogEntry[],
  warnings: string[],
  stackOverride?: string,
): EventLogRun {
  const resources = new Map<string, CapturedResource>();
  const policyEvents: PolicyEvent[] = [];
  let config: Record<string, string> = {};
  for (const event of events) {
    if (event.preludeEvent?.config) config = event.preludeEvent.config;
    const urn = event.resourcePreEvent?.metadata?.urn;
    if (urn && !resources.has(urn))
      resources.set(urn, resourceFromUrn(urn, event.resourcePreEvent?.metadata?.type));
    if (event.policyEvent) policyEvents.push(event.policyEvent);
  }
  const first = parseUrn(
    [...resources.keys(), ...policyEvents.map((p) => p.resourceUrn ?? "")].find((u) => parseUrn(u)) ?? "",
  );
  const packName = policyEvents[0]?.policyPackName;
  warnings.push(
    "compliant outcomes are derived from the FinGuard catalog's resource types over the resources the event log shows",
  );
  return {
    captured: {
      project: first?.project ?? "unknown",
      stack: stackOverride ?? first?.stack ?? "unknown",
      organization: "",
      config,
      secretKeys: [],
      resources: [...resources.values()],
      outputs: {},
      warnings,
    },
    observed: {
      analyzerInfo: packName
        ? {
            name: packName,
            version: policyEvents[0].policyPackVersion,
            policies: packName === PACK_NAME ? policiesFromCatalog(catalog) : policiesSeen(policyEvents),
          }
        : undefined,
      diagnostics: policyEvents.map((p) => ({
        policyName: p.policyName,
        message: p.message,
        enforcementLevel: p.enforcementLevel === "warning" ? "advisory" : p.enforcementLevel,
        urn: p.resourceUrn,
        severity: p.severity,
      })),
      notApplicable: [],
    },
  };
}

function resourceFromUrn(urn: string, type: string | undefined): CapturedResource {
  const parsed = parseUrn(urn);
  const resourceType = type ?? parsed?.type ?? "unknown";
  return {
    urn,
    type: resourceType,
    name: parsed?.name ?? urn,
    custom: !resourceType.startsWith("pulumi:pulumi:"),
    remote: false,
    inputs: {},
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      deleteBeforeReplaceDefined: false,
      additionalSecretOutputs: [],
      aliases: [],
    },
  };
}

export function policiesFromCatalog(catalog: CatalogEntry[]): PolicyInfo[] {
  return catalog.map((entry) => ({
    name: entry.name,
    displayName: entry.displayName,
    description: entry.description,
    severity: entry.severity,
    enforcementLevel: entry.enforcementLevel,
    framework: entry.framework,
    remediationSteps: entry.remediationSteps,
    url: entry.url,
    tags: entry.tags,
  }));
}

/** For another pack, all the log tells: the policies that reported something. */
function policiesSeen(events: PolicyEvent[]): PolicyInfo[] {
  const names = [...new Set(events.map((e) => e.policyName))];
  return names.map((name) => ({ name, description: "", enforcementLevel: "advisory" }));
}
