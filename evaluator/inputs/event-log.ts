/**
 * Turns the engine event log of a real `pulumi preview --policy-pack DIR --event-log FILE` into what
 * the results builder consumes, so a real preview gets the same reports as an offline one.
 *
 * What a log can tell, and what it cannot:
 * - violations and deferrals ("can't run policy ...") are policyEvents, with the level in force;
 * - newer CLIs summarise every Analyze and AnalyzeStack call. "passed" lists each enabled policy that
 *   reported nothing, including those whose type filter skipped the resource, so "compliant" still
 *   comes from the FinGuard catalog's appliesTo, restricted to the policies and resources the
 *   summaries show ran. A policy in neither list reported "not applicable", which FinGuard's
 *   resource policies do only for an exemption;
 * - notApplicable reasons are never logged: stack policies' exemption and deferral notes are lost.
 */
import {
  EXEMPTED_PREFIX,
  PACK_NAME,
  decideExemption,
  describeExemption,
  typeMatches,
  type CatalogEntry,
  type Exemption,
} from "@finguard/aws-pci-policies/bin/library";
import { configDigest, readPolicyPackConfigFile, reconcilePolicyConfig } from "../analyzer/config";
import type { AnalyzerPolicyInfo, PolicyPackConfig } from "../analyzer/types";
import type { CapturedResource, CapturedStack } from "../capture/types";
import { isBlocking, type ObservedRun } from "../results/build";
import type { EnforcementLevel, EvaluationError, PolicyInfo, Severity } from "../results/model";
import {
  readEngineEvents,
  type EngineEvent,
  type PolicyEvent,
  type PolicyRemediationEvent,
  type PolicySummaryEvent,
  type SummaryEvent,
} from "./engine-events";
import { InputError } from "./errors";
import { parseUrn } from "./urn";

export interface EventLogOptions {
  catalog: CatalogEntry[];
  /** Names the stack in reports instead of the one in the URNs. */
  stack?: string;
  /** The `--policy-pack-config` the CLI ran with: levels and exemptions (otherwise the pack's defaults). */
  policyPackConfigFile?: string;
  /** The day exemptions are judged on (YYYY-MM-DD). */
  today: string;
}

export interface EventLogRun {
  captured: CapturedStack;
  observed: ObservedRun;
  errors: EvaluationError[];
}

/** Everything the log says, gathered in one pass. */
interface LogContents {
  config: Record<string, string>;
  /** Resources the preview keeps (not the ones it deletes), in the order the log shows them. */
  resources: Map<string, CapturedResource>;
  policyEvents: PolicyEvent[];
  remediations: PolicyRemediationEvent[];
  resourceSummaries: PolicySummaryEvent[];
  stackSummaries: PolicySummaryEvent[];
  summary?: SummaryEvent;
  engineErrors: string[];
}

interface Pack {
  name: string;
  version: string;
}

/** Steps whose resource leaves the stack: the engine does not analyze them. */
const DELETION_OPS = new Set([
  "delete",
  "delete-replaced",
  "discard",
  "discard-replaced",
  "remove-pending-replace",
]);

/** The engine's closing line when anything, policy violations included, failed the preview. */
const GENERIC_FAILURE = /^(preview|update) failed$/;

const LEVELS: Record<string, EnforcementLevel> = {
  warning: "advisory",
  advisory: "advisory",
  mandatory: "mandatory",
  remediate: "remediate",
  none: "disabled",
  disabled: "disabled",
};

const SEVERITIES: readonly string[] = ["low", "medium", "high", "critical"];

/** Lines of an engine error message quoted in the report. */
const ERROR_LINES = 6;

export async function readEventLog(file: string, options: EventLogOptions): Promise<EventLogRun> {
  const { events, warnings } = readEngineEvents(file);
  const log = collect(events);
  const pack = choosePack(log, file, warnings);
  const ofPack = <T extends { policyPackName: string }>(items: T[]) =>
    items.filter((item) => item.policyPackName === pack.name);
  const finGuard = pack.name === PACK_NAME;
  const config = finGuard ? await packConfig(options) : undefined;
  const summaries = { resource: ofPack(log.resourceSummaries), stack: ofPack(log.stackSummaries) };
  const ran = new Set([...summaries.resource, ...summaries.stack].flatMap(reportedIn));
  addResourcesOnlyNamedByPolicies(log, [...ofPack(log.policyEvents), ...summaries.resource]);
  warnings.push(...remediationNotes(ofPack(log.remediations)));
  const observed: ObservedRun = {
    analyzerInfo: {
      ...pack,
      policies: finGuard ? policiesFromCatalog(options.catalog) : policiesSeen(log, pack),
    },
    config,
    configDigest: config && options.policyPackConfigFile ? configDigest(config) : undefined,
    diagnostics: ofPack(log.policyEvents).map(toDiagnostic),
    notApplicable: finGuard ? exemptionsFromSummaries(summaries.resource, ran, log, options, config) : [],
    evaluated: finGuard ? evaluatedScope(summaries.resource, ran, options.catalog, log, warnings) : undefined,
  };
  if (!finGuard)
    warnings.push(
      `policy pack ${pack.name} is not FinGuard's: its violations and deferrals are reported without ` +
        "policy metadata or compliant outcomes",
    );
  return {
    captured: capturedStack(log, options.stack, warnings),
    observed,
    errors: previewErrors(log, file),
  };
}

function collect(events: EngineEvent[]): LogContents {
  const log: LogContents = {
    config: {},
    resources: new Map(),
    policyEvents: [],
    remediations: [],
    resourceSummaries: [],
    stackSummaries: [],
    engineErrors: [],
  };
  for (const event of events) {
    if (event.preludeEvent?.config) log.config = event.preludeEvent.config;
    if (event.resourcePreEvent) recordResource(log, event.resourcePreEvent.metadata);
    if (event.policyEvent) log.policyEvents.push(event.policyEvent);
    if (event.policyRemediationEvent) log.remediations.push(event.policyRemediationEvent);
    if (event.policyAnalyzeSummaryEvent) log.resourceSummaries.push(event.policyAnalyzeSummaryEvent);
    if (event.policyAnalyzeStackSummaryEvent) log.stackSummaries.push(event.policyAnalyzeStackSummaryEvent);
    if (event.summaryEvent) log.summary = event.summaryEvent;
    if (event.diagnosticEvent?.severity === "error")
      log.engineErrors.push(plainText(event.diagnosticEvent.message));
  }
  return log;
}

function recordResource(
  log: LogContents,
  metadata: NonNullable<EngineEvent["resourcePreEvent"]>["metadata"],
) {
  if (!metadata?.urn || DELETION_OPS.has(metadata.op) || log.resources.has(metadata.urn)) return;
  const state = metadata.new;
  const resource = resourceFromUrn(metadata.urn, metadata.type);
  // The CLI omits custom when false (components); the type is only a guess without a new state.
  if (state) resource.custom = state.custom === true;
  resource.parent = state?.parent || undefined;
  resource.provider = metadata.provider || state?.provider || undefined;
  resource.options.protect = state?.protect === true;
  resource.options.retainOnDelete = state?.retainOnDelete === true;
  log.resources.set(metadata.urn, resource);
}

/** Policy events and summaries may name resources the log has no step for (e.g. a cut-off log). */
function addResourcesOnlyNamedByPolicies(log: LogContents, events: Array<{ resourceUrn?: string }>) {
  for (const { resourceUrn } of events)
    if (resourceUrn && !log.resources.has(resourceUrn))
      log.resources.set(resourceUrn, resourceFromUrn(resourceUrn, undefined));
}

/** FinGuard's pack when it ran; otherwise the first pack the log names (the others are left out, with a warning). */
function choosePack(log: LogContents, file: string, warnings: string[]): Pack {
  const versions = new Map<string, string>();
  for (const event of [
    ...log.policyEvents,
    ...log.resourceSummaries,
    ...log.stackSummaries,
    ...log.remediations,
  ])
    if (!versions.has(event.policyPackName)) versions.set(event.policyPackName, event.policyPackVersion);
  for (const [name, version] of Object.entries(log.summary?.PolicyPacks ?? log.summary?.policyPacks ?? {}))
    if (!versions.has(name)) versions.set(name, version.replace(/^v/, ""));
  if (versions.size === 0) {
    throw new InputError(
      `event log ${file}: no policy pack ran in this preview (no policy events or summaries, and no ` +
        "summaryEvent names a pack); run `pulumi preview --policy-pack <dir> --event-log <file>`",
    );
  }
  const name = versions.has(PACK_NAME) ? PACK_NAME : [...versions.keys()][0];
  const others = [...versions.keys()].filter((other) => other !== name);
  if (others.length > 0)
    warnings.push(`this report covers policy pack ${name} only; the log also holds ${others.join(", ")}`);
  return { name, version: versions.get(name) ?? "unknown" };
}

/** The pack's own defaults, then the file the CLI was given, reconciled the way the engine does. */
async function packConfig(options: EventLogOptions): Promise<PolicyPackConfig> {
  const info = {
    name: PACK_NAME,
    policies: options.catalog as unknown as AnalyzerPolicyInfo[],
    initialConfig: {},
  };
  const file = options.policyPackConfigFile;
  return reconcilePolicyConfig(info, file === undefined ? undefined : await readPolicyPackConfigFile(file));
}

function toDiagnostic(event: PolicyEvent): ObservedRun["diagnostics"][number] {
  return {
    policyName: event.policyName,
    message: plainText(event.message),
    // An unknown level fails closed: a newer CLI's stricter level must not pass silently.
    enforcementLevel: LEVELS[event.enforcementLevel] ?? "mandatory",
    urn: event.resourceUrn || undefined,
    severity: SEVERITIES.includes(event.severity ?? "") ? (event.severity as Severity) : undefined,
  };
}

/** The policies a summary lists as passed or failed: enabled, run, and not "not applicable". */
function reportedIn(summary: PolicySummaryEvent): string[] {
  return [...(summary.passed ?? []), ...(summary.failed ?? [])];
}

/**
 * With summaries, the policies and resources that really ran; without them, everything the log
 * shows when the preview finished, and nothing when it did not (silence then proves nothing).
 */
function evaluatedScope(
  resourceSummaries: PolicySummaryEvent[],
  ran: Set<string>,
  catalog: CatalogEntry[],
  log: LogContents,
  warnings: string[],
): ObservedRun["evaluated"] {
  if (ran.size > 0) {
    warnings.push(
      "compliant outcomes: the CLI's policy summaries say which policies ran on which resources; a policy " +
        "that passed counts as compliant where the FinGuard catalog says it applies",
    );
    const silent = catalog.filter((entry) => !ran.has(entry.name)).map((entry) => entry.name);
    if (silent.length > 0)
      warnings.push(
        `no passed or failed result for ${silent.join(", ")} (disabled in the preview's pack config, or only ` +
          "exemptions and deferrals, which the log does not carry): no compliant outcomes for them",
      );
    return { resources: resourceSummaries.map((s) => s.resourceUrn ?? ""), policies: [...ran] };
  }
  if (!log.summary) {
    warnings.push(
      "no compliant outcomes: the log has no summaryEvent, so the preview did not finish and a policy's " +
        "silence proves nothing",
    );
    return { resources: [] };
  }
  warnings.push(
    "compliant outcomes are derived from the FinGuard catalog's resource types over the resources the log " +
      "shows (this CLI writes no policy summaries): exempted resources cannot be told apart and count as compliant",
  );
  return undefined;
}

/** FinGuard resource policies say "not applicable" only for an exemption: one the summaries reveal. */
function exemptionsFromSummaries(
  summaries: PolicySummaryEvent[],
  ran: Set<string>,
  log: LogContents,
  options: EventLogOptions,
  config: PolicyPackConfig | undefined,
): ObservedRun["notApplicable"] {
  const policies = options.catalog.filter((entry) => entry.kind === "resource" && ran.has(entry.name));
  return summaries.flatMap((summary) => {
    const urn = summary.resourceUrn ?? "";
    const type = log.resources.get(urn)?.type ?? "";
    const reported = new Set(reportedIn(summary));
    return policies
      .filter((entry) => !reported.has(entry.name) && typeMatches(entry.appliesTo, type))
      .map((entry) => ({
        policyName: entry.name,
        urn,
        reason: exemptionReason(entry.name, urn, options, config),
      }));
  });
}

function exemptionReason(
  policy: string,
  urn: string,
  options: EventLogOptions,
  config: PolicyPackConfig | undefined,
): string {
  const exemptions = (config?.[policy]?.properties.exemptions ?? []) as Exemption[];
  const decision = decideExemption(exemptions, urn, options.today);
  if (decision.kind === "applies")
    return `${EXEMPTED_PREFIX} ${describeExemption(decision.exemption)} (the event log does not carry the finding it suppressed)`;
  const hint = options.policyPackConfigFile
    ? `no exemption in ${options.policyPackConfigFile} matches it today: did the preview use another config?`
    : "pass the preview's --policy-pack-config to name the exemption";
  return `${EXEMPTED_PREFIX} the CLI's summary shows the policy reported not applicable, which FinGuard's resource policies do only for an exemption; ${hint}`;
}

function remediationNotes(remediations: PolicyRemediationEvent[]): string[] {
  const counts = new Map<string, number>();
  for (const r of remediations) counts.set(r.policyName, (counts.get(r.policyName) ?? 0) + 1);
  return [...counts].map(
    ([policy, count]) =>
      `policy ${policy} remediated ${count} resource(s): the CLI changed their inputs instead of reporting a violation`,
  );
}

/**
 * Error diagnostics mean the preview failed. The engine closes any failed preview with "preview
 * failed", mandatory violations included: that line is an error of its own only when nothing
 * else explains it.
 */
function previewErrors(log: LogContents, file: string): EvaluationError[] {
  const specific = log.engineErrors.filter((message) => !GENERIC_FAILURE.test(message));
  const blocking = log.policyEvents.some((e) => isBlocking(LEVELS[e.enforcementLevel] ?? "mandatory"));
  const messages = specific.length > 0 || blocking ? specific : log.engineErrors;
  return messages.map((message) => ({
    stage: "input" as const,
    message: `the preview in ${file} reported an error: ${firstLines(message, ERROR_LINES)}`,
  }));
}

/** A program's error can carry a long stack trace; the log keeps it all. */
function firstLines(text: string, count: number): string {
  const lines = text.split("\n");
  return lines.length <= count
    ? text
    : `${lines.slice(0, count).join("\n")}\n... (${lines.length - count} more lines in the log)`;
}

function capturedStack(
  log: LogContents,
  stackOverride: string | undefined,
  warnings: string[],
): CapturedStack {
  const urns = [...log.resources.keys()];
  const identity = parseUrn(urns.find((urn) => urn.includes("::pulumi:pulumi:Stack::")) ?? urns[0] ?? "");
  return {
    project: identity?.project ?? "unknown",
    stack: stackOverride ?? identity?.stack ?? "unknown",
    organization: "",
    config: log.config,
    secretKeys: [],
    resources: [...log.resources.values()],
    outputs: {},
    warnings,
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

/** For another pack, all the log tells: the names of the policies that reported or were summarised. */
function policiesSeen(log: LogContents, pack: Pack): PolicyInfo[] {
  const names = new Set<string>();
  for (const e of log.policyEvents) if (e.policyPackName === pack.name) names.add(e.policyName);
  for (const s of [...log.resourceSummaries, ...log.stackSummaries])
    if (s.policyPackName === pack.name) for (const name of reportedIn(s)) names.add(name);
  return [...names].map((name) => ({ name, description: "", enforcementLevel: "advisory" }));
}

/** Messages without the CLI's color directives (`<{%reset%}>`) and trailing newline. */
function plainText(message: string): string {
  return message.replace(/<\{%[^%]*%\}>/g, "").trimEnd();
}
