/**
 * Drives a real CrossGuard pack over a captured stack in the engine's order during
 * `pulumi preview --policy-pack DIR`: ConfigureStack -> GetAnalyzerInfo -> Configure -> per resource
 * (registration order) Remediate then Analyze on inputs -> one AnalyzeStack on outputs.
 *
 * Every registered resource is analyzed, including the root `pulumi:pulumi:Stack`, providers and
 * components: the engine's step generator sends every RegisterResource event (default providers
 * included) through the analyzers, so packs see exactly these under the CLI too.
 */
import { resolve } from "node:path";
import type { CapturedResource, CapturedStack } from "../capture/types";
import { AnalyzerClient, callErrorText } from "./client";
import { configDigest, readPolicyPackConfigFile, reconcilePolicyConfig } from "./config";
import {
  describeExit,
  discardPack,
  formatOutputTail,
  policyProjectVersion,
  startPack,
  type PackExit,
  type PackIdentity,
  type PackProcess,
} from "./pack-process";
import type {
  AnalyzerInfo,
  AnalyzerResource,
  AnalyzerRun,
  AnalyzerStackResource,
  AnalyzerStage,
  Diagnostic,
  DiagnosticPhase,
  PolicyPackConfig,
  RemediateResult,
  RunDiagnostic,
} from "./types";

export type { AnalyzerRun } from "./types";

/** How long to wait, after a failed call, for the pack process to report that it died. */
const EXIT_SETTLE_MS = 500;

export interface AnalyzeStackOptions {
  packDir: string;
  captured: CapturedStack;
  /** The `--policy-pack-config` JSON file. */
  policyPackConfigFile?: string;
  startTimeoutMs?: number;
  /** A pack started early (startPack with packIdentity(captured)); analyzeStack kills it when done. */
  pack?: Promise<PackProcess>;
  stackTags?: Record<string, string>;
}

/** What the pack process must be started with for this stack. */
export function packIdentity(captured: CapturedStack): PackIdentity {
  const { organization, project, stack, config, secretKeys } = captured;
  return { organization, project, stack, config, secretKeys };
}

export async function analyzeStack(options: AnalyzeStackOptions): Promise<AnalyzerRun> {
  const run: AnalyzerRun = { diagnostics: [], notApplicable: [], remediations: [] };
  const pending =
    options.pack ??
    startPack({
      packDir: options.packDir,
      identity: packIdentity(options.captured),
      timeoutMs: options.startTimeoutMs,
    });
  let pack: PackProcess | undefined;
  let client: AnalyzerClient | undefined;
  try {
    pack = await inStage("pack-start", "", () => pending);
    const started = pack;
    assertStartedFor(started, options);
    const projectVersion = await inStage("pack-start", "reading PulumiPolicy.yaml", async () =>
      policyProjectVersion(started.packDir),
    );
    client = await inStage("pack-start", "connecting to the pack", () =>
      AnalyzerClient.connect(started.packDir, started.port),
    );
    await new StackAnalysis(client, options, run, projectVersion).drive();
  } catch (error) {
    run.error = await describeFailure(error, pack);
  } finally {
    client?.close();
    await (pack ? pack.kill() : discardPack(pending));
  }
  return run;
}

/** One pass of the engine's calls over the captured stack, recording into `run` as results arrive. */
class StackAnalysis {
  private readonly captured: CapturedStack;
  private readonly byUrn: Map<string, CapturedResource>;
  /** Inputs as remediations left them, by URN; later calls must see them instead of the captured inputs. */
  private readonly remediated = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly client: AnalyzerClient,
    private readonly options: AnalyzeStackOptions,
    private readonly run: AnalyzerRun,
    /** PulumiPolicy.yaml's version, which the CLI reports instead of the pack's. */
    private readonly projectVersion: string | undefined,
  ) {
    this.captured = options.captured;
    this.byUrn = new Map(this.captured.resources.map((r) => [r.urn, r]));
  }

  async drive(): Promise<void> {
    await this.configure();
    for (const resource of this.captured.resources) await this.analyzeResource(resource);
    await this.analyzeWholeStack();
  }

  private async configure(): Promise<void> {
    const { client, run, options } = this;
    await inStage("pack-start", "ConfigureStack", () =>
      client.configureStack({ ...packIdentity(this.captured), dryRun: true, tags: options.stackTags }),
    );
    const info = await inStage("pack-start", "GetAnalyzerInfo", () => client.getAnalyzerInfo());
    run.analyzerInfo = this.projectVersion ? { ...info, version: this.projectVersion } : info;
    const config = await inStage("config", "", () => resolveConfig(info, options.policyPackConfigFile));
    run.config = config;
    run.configDigest = configDigest(config);
    // Like the engine, skip Configure when there is nothing to configure.
    if (Object.keys(config).length > 0) await inStage("config", "Configure", () => client.configure(config));
  }

  /** Remediate then Analyze one resource, on its inputs. */
  private async analyzeResource(resource: CapturedResource): Promise<void> {
    const request = this.toAnalyzerResource(resource);
    const remediation = await inStage("analyze", `Remediate of ${resource.urn}`, () =>
      this.client.remediate(request),
    );
    this.recordRemediations(remediation, resource);
    const properties = this.remediated.get(resource.urn) ?? request.properties;
    const analysis = await inStage("analyze", `Analyze of ${resource.urn}`, () =>
      this.client.analyze({ ...request, properties }),
    );
    // The engine reports Analyze diagnostics on the analyzed resource, whatever URN the pack gave.
    for (const diagnostic of analysis.diagnostics) {
      this.recordDiagnostic(diagnostic, "analyze", resource.urn);
    }
    for (const entry of analysis.notApplicable) {
      this.run.notApplicable.push({ ...entry, urn: resource.urn, phase: "analyze" });
    }
  }

  /**
   * Records remediations the way the engine applies them: a remediation's properties replace the
   * inputs (the last one wins); one that could not run becomes an advisory diagnostic. Remediate's
   * notApplicable entries are not kept: Analyze reports the same policies again, and a policy
   * without remediateResource is "not applicable" to Remediate even when Analyze runs it.
   */
  private recordRemediations(result: RemediateResult, resource: CapturedResource): void {
    for (const remediation of result.remediations) {
      this.run.remediations.push({ ...remediation, urn: resource.urn });
      if (remediation.properties) this.remediated.set(resource.urn, remediation.properties);
      if (remediation.diagnostic) {
        const { diagnostic, properties: _properties, ...origin } = remediation;
        this.recordDiagnostic(
          { ...origin, message: diagnostic, enforcementLevel: "advisory" },
          "remediate",
          resource.urn,
        );
      }
    }
  }

  private async analyzeWholeStack(): Promise<void> {
    const resources: AnalyzerStackResource[] = this.captured.resources.map((resource) => ({
      ...this.toAnalyzerResource(resource),
      properties: this.stackProperties(resource),
      parent: resource.parent,
      dependencies: resource.dependencies,
      propertyDependencies: resource.propertyDependencies,
    }));
    const result = await inStage("analyze-stack", "AnalyzeStack", () => this.client.analyzeStack(resources));
    for (const diagnostic of result.diagnostics)
      this.recordDiagnostic(diagnostic, "analyze-stack", diagnostic.urn);
    for (const entry of result.notApplicable)
      this.run.notApplicable.push({ ...entry, phase: "analyze-stack" });
  }

  /**
   * Outputs as AnalyzeStack sees them. In a preview the engine's outputs derive from the remediated
   * inputs (the provider previews the create/update from them), so those override captured outputs.
   */
  private stackProperties(resource: CapturedResource): Record<string, unknown> {
    const inputs = this.remediated.get(resource.urn);
    return inputs ? { ...resource.outputs, ...inputs } : resource.outputs;
  }

  private toAnalyzerResource(resource: CapturedResource): AnalyzerResource {
    const { retainOnDelete: _notInProtocol, ...options } = resource.options;
    const provider = resource.provider ? this.byUrn.get(providerUrn(resource.provider)) : undefined;
    return {
      urn: resource.urn,
      type: resource.type,
      name: resource.name,
      properties: resource.inputs,
      options: { ...options, parent: resource.parent },
      provider: provider && {
        urn: provider.urn,
        type: provider.type,
        name: provider.name,
        properties: this.remediated.get(provider.urn) ?? provider.inputs,
      },
    };
  }

  /** Levels as the engine reports them (still "remediate" after remediation means mandatory). */
  private recordDiagnostic(diagnostic: Diagnostic, phase: DiagnosticPhase, urn: string | undefined): void {
    const { urn: _packUrn, ...rest } = diagnostic;
    const record: RunDiagnostic = {
      ...rest,
      enforcementLevel:
        diagnostic.enforcementLevel === "remediate" ? "mandatory" : diagnostic.enforcementLevel,
      phase,
    };
    // The engine overrides the version on Analyze/AnalyzeStack diagnostics only, not on remediations.
    if (this.projectVersion && phase !== "remediate") record.policyPackVersion = this.projectVersion;
    if (urn) record.urn = urn;
    const resourceType = urn ? this.byUrn.get(urn)?.type : undefined;
    if (resourceType) record.resourceType = resourceType;
    this.run.diagnostics.push(record);
  }
}

async function resolveConfig(info: AnalyzerInfo, file: string | undefined): Promise<PolicyPackConfig> {
  return reconcilePolicyConfig(info, file === undefined ? undefined : await readPolicyPackConfigFile(file));
}

/** A provider reference is `<provider urn>::<provider id>`; URNs contain "::" themselves, ids do not. */
function providerUrn(reference: string): string {
  const separator = reference.lastIndexOf("::");
  return separator < 0 ? reference : reference.slice(0, separator);
}

function assertStartedFor(pack: PackProcess, options: AnalyzeStackOptions): void {
  const expected = packIdentity(options.captured);
  // Order-insensitive: the same config or secret keys may have been listed in another order.
  const canonical = (value: unknown) =>
    JSON.stringify(
      Array.isArray(value)
        ? [...value].sort()
        : value instanceof Object
          ? Object.entries(value).sort()
          : value,
    );
  const differing = (Object.keys(expected) as Array<keyof PackIdentity>).find(
    (field) => canonical(pack.identity[field]) !== canonical(expected[field]),
  );
  const problem =
    pack.packDir !== resolve(options.packDir)
      ? `was started from ${pack.packDir}, not ${resolve(options.packDir)}`
      : differing && `was started with a different ${differing} than the captured stack's`;
  if (problem) throw new StageError("pack-start", "", new Error(`policy pack ${pack.packDir} ${problem}`));
}

class StageError extends Error {
  constructor(
    readonly stage: AnalyzerStage,
    readonly context: string,
    cause: unknown,
  ) {
    super(callErrorText(cause));
  }
}

async function inStage<T>(stage: AnalyzerStage, context: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof StageError ? error : new StageError(stage, context, error);
  }
}

/** The error record: the step that failed, and why; a dead pack's exit and stderr when it died under us. */
async function describeFailure(
  error: unknown,
  pack: PackProcess | undefined,
): Promise<NonNullable<AnalyzerRun["error"]>> {
  const failure = error instanceof StageError ? error : new StageError("analyze", "", error);
  const exit = pack && (await exitWithin(pack, EXIT_SETTLE_MS));
  const reason =
    pack && exit
      ? `policy pack ${pack.packDir} exited ${describeExit(exit)}${formatOutputTail(pack.outputTail())}`
      : summarizePackError(failure.message);
  return { stage: failure.stage, message: failure.context ? `${failure.context} failed: ${reason}` : reason };
}

function exitWithin(pack: PackProcess, ms: number): Promise<PackExit | undefined> {
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(undefined), ms);
    void pack.exited.then((exit) => {
      clearTimeout(timer);
      resolveExit(exit);
    });
  });
}

/**
 * The pack sends "Error validating resource with policy 'X' from policy pack 'P@vN':\n<stack>";
 * keep the message lines and the first stack frame (where in the pack it failed), on one line.
 */
function summarizePackError(text: string): string {
  const lines = text.split("\n");
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  if (firstFrame < 0) return text;
  const message = lines
    .slice(0, firstFrame)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ");
  return `${message} (${lines[firstFrame].trim()})`;
}
