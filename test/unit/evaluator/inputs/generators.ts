/**
 * Inputs built from the documented schemas rather than copied captures: engine event logs as
 * `pulumi preview --policy-pack DIR --event-log FILE` writes them (EngineEvent, from
 * @pulumi/pulumi/automation/events.d.ts plus the newer policy summary events), and state exports as
 * `pulumi stack export` writes them (deployment version 3). Summaries follow the engine's rule:
 * passed = every enabled policy of the kind, minus the failed and the not-applicable ones.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OpType } from "@pulumi/pulumi/automation";
import { catalog, PACK_NAME } from "@finguard/aws-pci-policies/bin/library";
import type { EngineEvent, PolicyEvent } from "../../../../evaluator/inputs/engine-events";

export const BUCKET = "aws:s3/bucket:Bucket";
export const QUEUE = "aws:sqs/queue:Queue";
export const KEY = "aws:kms/key:Key";
export const STACK_TYPE = "pulumi:pulumi:Stack";
export const PROVIDER_TYPE = "pulumi:providers:aws";

export const TAGS = { Environment: "prod", Owner: "payments", CostCenter: "cc-1", DataClassification: "pci" };

export function urnOf(type: string, name: string, stack = "prod", project = "shop"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export const STACK_URN = urnOf(STACK_TYPE, "shop-prod");

export interface PreviewResource {
  name: string;
  type: string;
  op?: OpType;
  custom?: boolean;
  retainOnDelete?: boolean;
}

export interface PreviewViolation {
  /** Logical name of the resource; absent for a stack policy violation not tied to one. */
  resource?: string;
  policy: string;
  level: PolicyEvent["enforcementLevel"];
  message: string;
  severity?: string;
}

export interface PreviewSpec {
  resources: PreviewResource[];
  violations?: PreviewViolation[];
  /** Write the newer CLIs' policyAnalyzeSummaryEvent / policyAnalyzeStackSummaryEvent. */
  summaries?: boolean;
  /** Policies that reported notApplicable (exemptions), as `<policy> <resource name>`. */
  notApplicable?: string[];
  /** Policies disabled in the preview's config: in no summary. */
  disabled?: string[];
  /** Error diagnostics the engine wrote (a program that threw, a provider Check failure). */
  engineErrors?: string[];
  /** false: the CLI stopped before its summaryEvent. */
  finished?: boolean;
  packName?: string;
  /** Extra events anywhere in the log, e.g. kinds this reader does not know. */
  extra?: EngineEvent[];
}

const PACK_VERSION = "0.1.0";

/** Built once: the catalog computes every policy's metadata. */
const CATALOG = catalog();

/** The events of one preview, in the engine's order. */
export function previewEvents(spec: PreviewSpec): EngineEvent[] {
  const pack = spec.packName ?? PACK_NAME;
  const events: EngineEvent[] = [
    { preludeEvent: { config: { "aws:region": "us-east-1", "shop:secretToken": "[secret]" } } },
    { policyLoadEvent: {} },
  ];
  const violations = spec.violations ?? [];
  const urns = new Map(spec.resources.map((r) => [r.name, urnOf(r.type, r.name)]));
  const toEvent = (v: PreviewViolation): EngineEvent => ({ policyEvent: policyEvent(v, pack, urns) });
  for (const resource of spec.resources) {
    events.push({ resourcePreEvent: { metadata: stepMetadata(resource) } });
    if (isDeletion(resource.op)) continue;
    const own = violations.filter((v) => v.resource === resource.name && isResourcePolicy(v.policy));
    events.push(...own.map(toEvent));
    if (spec.summaries)
      events.push({ policyAnalyzeSummaryEvent: summaryOf("resource", spec, own, resource) });
  }
  const stackViolations = violations.filter((v) => !isResourcePolicy(v.policy));
  events.push(...stackViolations.map(toEvent));
  if (spec.summaries)
    events.push({ policyAnalyzeStackSummaryEvent: summaryOf("stack", spec, stackViolations) });
  for (const message of spec.engineErrors ?? []) events.push(diagnostic(message));
  if (violations.some((v) => v.level === "mandatory") || (spec.engineErrors ?? []).length > 0)
    events.push(diagnostic("preview failed"));
  events.push(...(spec.extra ?? []));
  if (spec.finished !== false) events.push({ summaryEvent: summaryEvent(spec, pack) });
  return events.map((event, sequence) => ({ sequence, timestamp: 1_700_000_000 + sequence, ...event }));
}

export function toNdjson(events: EngineEvent[]): string {
  return events.map((event) => JSON.stringify(event)).join("\n") + "\n";
}

function stepMetadata(resource: PreviewResource) {
  const urn = urnOf(resource.type, resource.name);
  const provider = resource.type.startsWith("aws:") ? `${urnOf(PROVIDER_TYPE, "default_7_48_0")}::p-1` : "";
  return {
    op: resource.op ?? "create",
    urn,
    type: resource.type,
    provider,
    new: isDeletion(resource.op)
      ? undefined
      : {
          type: resource.type,
          urn,
          // Go's omitempty: the CLI writes custom and retainOnDelete only when true.
          ...((resource.custom ?? !resource.type.startsWith("pulumi:pulumi:")) && { custom: true }),
          id: "",
          parent: resource.type === STACK_TYPE ? "" : STACK_URN,
          inputs: {},
          outputs: {},
          provider,
          ...(resource.retainOnDelete && { retainOnDelete: true }),
        },
  };
}

function isDeletion(op: OpType | undefined): boolean {
  return op === "delete" || op === "delete-replaced" || op === "discard";
}

function isResourcePolicy(policy: string): boolean {
  return CATALOG.find((entry) => entry.name === policy)?.kind !== "stack";
}

function policyEvent(violation: PreviewViolation, pack: string, urns: Map<string, string>): PolicyEvent {
  const resource = violation.resource && (urns.get(violation.resource) ?? urnOf(BUCKET, violation.resource));
  return {
    ...(resource && { resourceUrn: resource }),
    // The CLI keeps its color directives in logged messages.
    message: `<{%fg 13%}>${violation.message}<{%reset%}>\n`,
    color: "raw",
    policyName: violation.policy,
    policyPackName: pack,
    policyPackVersion: PACK_VERSION,
    policyPackVersionTag: PACK_VERSION,
    enforcementLevel: violation.level,
    ...(violation.severity && { severity: violation.severity }),
  };
}

function summaryOf(
  kind: "resource" | "stack",
  spec: PreviewSpec,
  violations: PreviewViolation[],
  resource?: PreviewResource,
) {
  const failed = [...new Set(violations.map((v) => v.policy))];
  const notApplicable = new Set(
    (spec.notApplicable ?? [])
      .map((entry) => entry.split(" "))
      .filter(([, name]) => kind === "stack" || name === resource?.name)
      .map(([policy]) => policy),
  );
  const passed = CATALOG.filter((entry) => entry.kind === kind)
    .map((entry) => entry.name)
    .filter(
      (name) => !failed.includes(name) && !notApplicable.has(name) && !(spec.disabled ?? []).includes(name),
    );
  return {
    ...(resource && { resourceUrn: urnOf(resource.type, resource.name) }),
    policyPackName: spec.packName ?? PACK_NAME,
    policyPackVersion: PACK_VERSION,
    policyPackVersionTag: PACK_VERSION,
    passed,
    failed: failed.filter((name) => !(spec.disabled ?? []).includes(name)),
  };
}

function diagnostic(message: string): EngineEvent {
  return {
    diagnosticEvent: { message: `<{%reset%}>${message}<{%reset%}>\n`, color: "raw", severity: "error" },
  };
}

function summaryEvent(spec: PreviewSpec, pack: string) {
  const changes: Partial<Record<OpType, number>> = {};
  for (const r of spec.resources) changes[r.op ?? "create"] = (changes[r.op ?? "create"] ?? 0) + 1;
  return {
    maybeCorrupt: false,
    durationSeconds: 3,
    resourceChanges: changes,
    // The Go CLI's field name (no JSON tag), not events.d.ts's `policyPacks`.
    PolicyPacks: { [pack]: `v${PACK_VERSION}` },
    isPreview: true,
  };
}

/** The log file's text: one event per line. */
export function eventLogText(spec: PreviewSpec): string {
  return toNdjson(previewEvents(spec));
}

// ---------------------------------------------------------------------------------------------
// State exports.

export interface StateResourceSpec {
  name: string;
  type: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  protect?: boolean;
  retainOnDelete?: boolean;
  delete?: boolean;
  provider?: string;
}

export const PROVIDER_REF = `${urnOf(PROVIDER_TYPE, "default_7_48_0")}::04a7f8a5-provider-id`;

/** `pulumi stack export` output: the root stack, the default AWS provider, then these resources. */
export function stateExport(resources: StateResourceSpec[], extra: Record<string, unknown> = {}): object {
  const root = { urn: STACK_URN, type: STACK_TYPE, custom: false, outputs: {} };
  const provider = {
    urn: urnOf(PROVIDER_TYPE, "default_7_48_0"),
    type: PROVIDER_TYPE,
    custom: true,
    id: "04a7f8a5-provider-id",
    inputs: { region: "us-east-1", version: "7.48.0" },
    outputs: { region: "us-east-1", version: "7.48.0" },
  };
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-22T10:00:00Z", magic: "m", version: "v3.270.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
      resources: [root, provider, ...resources.map(stateResource)],
      ...extra,
    },
  };
}

function stateResource(spec: StateResourceSpec): object {
  const urn = urnOf(spec.type, spec.name);
  return {
    urn,
    custom: spec.custom ?? true,
    id: `${spec.name}-id`,
    type: spec.type,
    inputs: spec.inputs ?? {},
    outputs: spec.outputs ?? spec.inputs ?? {},
    parent: STACK_URN,
    dependencies: spec.dependencies ?? [],
    propertyDependencies: spec.propertyDependencies ?? {},
    provider: spec.provider ?? PROVIDER_REF,
    ...(spec.protect && { protect: true }),
    ...(spec.retainOnDelete && { retainOnDelete: true }),
    ...(spec.delete && { delete: true }),
    created: "2026-11-20T10:00:00Z",
    modified: "2026-11-20T10:00:00Z",
  };
}

/** `count` compliant-looking SQS queues (tagged, suffixed): every one lacks a customer-managed key. */
export function queues(count: number): StateResourceSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `queue-${i}-prod`,
    type: QUEUE,
    inputs: { name: `queue-${i}-prod`, tags: TAGS },
  }));
}

// ---------------------------------------------------------------------------------------------

export function scratchDir(prefix: string): (name: string, text: string) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return (name, text) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
}
