/**
 * A promise-based client for pulumirpc.Analyzer. The generated stubs, @grpc/grpc-js and
 * google-protobuf are all loaded from the pack's own @pulumi/pulumi copy: jspb messages and the
 * stubs' serializers check `instanceof` against the classes of that copy.
 */
import { createRequire } from "node:module";
import type * as GrpcJs from "@grpc/grpc-js";
import type * as AnalyzerGrpcPb from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type { EnforcementLevel, Severity } from "../results/model";
import type {
  AnalyzeResult,
  AnalyzerInfo,
  AnalyzerPolicyInfo,
  AnalyzerProviderResource,
  AnalyzerResource,
  AnalyzerResourceOptions,
  AnalyzerStackResource,
  Diagnostic,
  NotApplicable,
  PolicyConfig,
  PolicyPackConfig,
  RemediateResult,
  Remediation,
  StackConfiguration,
} from "./types";

/** The pack server accepts 400 MB messages; AnalyzeStack of a large stack needs more than gRPC's 4 MB default. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
const READY_TIMEOUT_MS = 10_000;

export interface Protocol {
  grpc: typeof GrpcJs;
  pb: typeof AnalyzerPb;
  stubs: typeof AnalyzerGrpcPb;
  struct: typeof StructPb;
  empty: typeof EmptyPb;
}

export function loadProtocol(packDir: string): Protocol {
  const stubsPath = require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb.js", { paths: [packDir] });
  const load = createRequire(stubsPath);
  return {
    grpc: load("@grpc/grpc-js"),
    pb: load("./analyzer_pb.js"),
    stubs: load("./analyzer_grpc_pb.js"),
    struct: load("google-protobuf/google/protobuf/struct_pb.js"),
    empty: load("google-protobuf/google/protobuf/empty_pb.js"),
  };
}

/** Text of a failed call: a gRPC error's details (the pack's own message), else the error message. */
export function callErrorText(error: unknown): string {
  const details = (error as Partial<GrpcJs.ServiceError> | undefined)?.details;
  if (typeof details === "string" && details !== "") return details;
  return error instanceof Error ? error.message : String(error);
}

export class AnalyzerClient {
  private constructor(
    private readonly protocol: Protocol,
    private readonly stub: AnalyzerGrpcPb.AnalyzerClient,
  ) {}

  /** Connects to a pack serving on 127.0.0.1:port, using the protocol copy installed for packDir. */
  static async connect(packDir: string, port: number): Promise<AnalyzerClient> {
    const protocol = loadProtocol(packDir);
    const stub = new protocol.stubs.AnalyzerClient(
      `127.0.0.1:${port}`,
      protocol.grpc.credentials.createInsecure(),
      {
        "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
      },
    );
    await new Promise<void>((resolve, reject) =>
      stub.waitForReady(Date.now() + READY_TIMEOUT_MS, (error) => (error ? reject(error) : resolve())),
    );
    return new AnalyzerClient(protocol, stub);
  }

  close(): void {
    this.stub.close();
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const info = await unary<PluginInfo>((done) =>
      this.stub.getPluginInfo(new this.protocol.empty.Empty(), done),
    );
    return { version: info.getVersion() };
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    const info = await unary<AnalyzerPb.AnalyzerInfo>((done) =>
      this.stub.getAnalyzerInfo(new this.protocol.empty.Empty(), done),
    );
    return this.fromAnalyzerInfo(info);
  }

  async configureStack(configuration: StackConfiguration): Promise<void> {
    const request = new this.protocol.pb.AnalyzerStackConfigureRequest()
      .setOrganization(configuration.organization)
      .setProject(configuration.project)
      .setStack(configuration.stack)
      .setDryRun(configuration.dryRun)
      .setConfigSecretKeysList(configuration.secretKeys);
    for (const [key, value] of Object.entries(configuration.config)) request.getConfigMap().set(key, value);
    for (const [key, value] of Object.entries(configuration.tags ?? {})) request.getTagsMap().set(key, value);
    await this.unlessUnimplemented(unary((done) => this.stub.configureStack(request, done)));
  }

  /** Sends one entry per policy; every entry carries `properties`, even empty (the Node server dereferences it). */
  async configure(config: PolicyPackConfig): Promise<void> {
    const { pb } = this.protocol;
    const request = new pb.ConfigureAnalyzerRequest();
    for (const [policy, entry] of Object.entries(config)) {
      const policyConfig = new pb.PolicyConfig()
        .setEnforcementlevel(this.toLevel(entry.enforcementLevel))
        .setProperties(this.toStruct(entry.properties, false));
      request.getPolicyconfigMap().set(policy, policyConfig);
    }
    await unary((done) => this.stub.configure(request, done));
  }

  async remediate(resource: AnalyzerResource): Promise<RemediateResult> {
    // The engine keeps internal (`__`) keys for Remediate and drops them for Analyze.
    const request = this.toAnalyzeRequest(resource, false);
    const response = await this.unlessUnimplemented(
      unary<AnalyzerPb.RemediateResponse>((done) => this.stub.remediate(request, done)),
    );
    return {
      remediations: response?.getRemediationsList().map((r) => this.fromRemediation(r)) ?? [],
      notApplicable: response?.getNotApplicableList().map(fromNotApplicable) ?? [],
    };
  }

  async analyze(resource: AnalyzerResource): Promise<AnalyzeResult> {
    const request = this.toAnalyzeRequest(resource, true);
    return this.fromAnalyzeResponse(
      await unary<AnalyzerPb.AnalyzeResponse>((done) => this.stub.analyze(request, done)),
    );
  }

  async analyzeStack(resources: AnalyzerStackResource[]): Promise<AnalyzeResult> {
    const request = new this.protocol.pb.AnalyzeStackRequest().setResourcesList(
      resources.map((r) => this.toStackResource(r)),
    );
    const response = await this.unlessUnimplemented(
      unary<AnalyzerPb.AnalyzeResponse>((done) => this.stub.analyzeStack(request, done)),
    );
    return response ? this.fromAnalyzeResponse(response) : { diagnostics: [], notApplicable: [] };
  }

  /** Packs on older @pulumi/policy versions lack ConfigureStack, Remediate or AnalyzeStack; the engine skips those calls. */
  private async unlessUnimplemented<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (error) {
      if ((error as Partial<GrpcJs.ServiceError>).code !== this.protocol.grpc.status.UNIMPLEMENTED)
        throw error;
      return undefined;
    }
  }

  private toAnalyzeRequest(resource: AnalyzerResource, skipInternalKeys: boolean): AnalyzerPb.AnalyzeRequest {
    const request = new this.protocol.pb.AnalyzeRequest()
      .setUrn(resource.urn)
      .setType(resource.type)
      .setName(resource.name)
      .setProperties(this.toStruct(resource.properties, skipInternalKeys))
      .setOptions(this.toOptions(resource.options));
    if (resource.provider) request.setProvider(this.toProvider(resource.provider));
    return request;
  }

  private toStackResource(resource: AnalyzerStackResource): AnalyzerPb.AnalyzerResource {
    const { pb } = this.protocol;
    const message = new pb.AnalyzerResource()
      .setUrn(resource.urn)
      .setType(resource.type)
      .setName(resource.name)
      .setProperties(this.toStruct(resource.properties, true))
      .setOptions(this.toOptions(resource.options))
      .setParent(resource.parent ?? "")
      .setDependenciesList(resource.dependencies);
    if (resource.provider) message.setProvider(this.toProvider(resource.provider));
    for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
      // The engine omits properties without dependencies.
      if (urns.length > 0) {
        message
          .getPropertydependenciesMap()
          .set(property, new pb.AnalyzerPropertyDependencies().setUrnsList(urns));
      }
    }
    return message;
  }

  private toOptions(options: AnalyzerResourceOptions): AnalyzerPb.AnalyzerResourceOptions {
    const { pb } = this.protocol;
    // Like the engine, always send customTimeouts (zeros when unset).
    const timeouts = new pb.AnalyzerResourceOptions.CustomTimeouts()
      .setCreate(options.customTimeouts?.create ?? 0)
      .setUpdate(options.customTimeouts?.update ?? 0)
      .setDelete(options.customTimeouts?.delete ?? 0);
    return new pb.AnalyzerResourceOptions()
      .setProtect(options.protect)
      .setIgnorechangesList(options.ignoreChanges)
      .setDeletebeforereplace(options.deleteBeforeReplace)
      .setDeletebeforereplacedefined(options.deleteBeforeReplaceDefined)
      .setAdditionalsecretoutputsList(options.additionalSecretOutputs)
      .setAliasesList(options.aliases)
      .setCustomtimeouts(timeouts)
      .setParent(options.parent ?? "");
  }

  private toProvider(provider: AnalyzerProviderResource): AnalyzerPb.AnalyzerProviderResource {
    return new this.protocol.pb.AnalyzerProviderResource()
      .setUrn(provider.urn)
      .setType(provider.type)
      .setName(provider.name)
      .setProperties(this.toStruct(provider.properties, true));
  }

  private toStruct(properties: Record<string, unknown>, skipInternalKeys: boolean): StructPb.Struct {
    return this.protocol.struct.Struct.fromJavaScript(
      toWireObject(properties, skipInternalKeys) as Record<string, StructPb.JavaScriptValue>,
    );
  }

  private toLevel(level: EnforcementLevel): AnalyzerPb.EnforcementLevel {
    const { EnforcementLevel } = this.protocol.pb;
    const levels: Record<EnforcementLevel, AnalyzerPb.EnforcementLevel> = {
      advisory: EnforcementLevel.ADVISORY,
      mandatory: EnforcementLevel.MANDATORY,
      remediate: EnforcementLevel.REMEDIATE,
      disabled: EnforcementLevel.DISABLED,
    };
    return levels[level];
  }

  private fromLevel(level: AnalyzerPb.EnforcementLevel): EnforcementLevel {
    const { EnforcementLevel } = this.protocol.pb;
    const levels: Record<number, EnforcementLevel> = {
      [EnforcementLevel.ADVISORY]: "advisory",
      [EnforcementLevel.MANDATORY]: "mandatory",
      [EnforcementLevel.REMEDIATE]: "remediate",
      [EnforcementLevel.DISABLED]: "disabled",
    };
    const name = levels[level];
    if (!name) throw new Error(`the pack sent an unknown enforcement level (${level})`);
    return name;
  }

  private fromSeverity(severity: AnalyzerPb.PolicySeverity): Severity | undefined {
    const { PolicySeverity } = this.protocol.pb;
    const severities: Record<number, Severity> = {
      [PolicySeverity.POLICY_SEVERITY_LOW]: "low",
      [PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
      [PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
      [PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
    };
    return severities[severity];
  }

  private fromAnalyzerInfo(info: AnalyzerPb.AnalyzerInfo): AnalyzerInfo {
    const initialConfig: PolicyPackConfig = {};
    info.getInitialconfigMap().forEach((entry: AnalyzerPb.PolicyConfig, policy: string) => {
      initialConfig[policy] = this.fromPolicyConfig(entry);
    });
    return definedOnly({
      name: info.getName(),
      version: info.getVersion(),
      displayName: info.getDisplayname() || undefined,
      description: info.getDescription() || undefined,
      supportsConfig: info.getSupportsconfig(),
      policies: info.getPoliciesList().map((p) => this.fromPolicyInfo(p)),
      initialConfig,
    });
  }

  /** An unset level reads as ADVISORY (proto3 default), exactly as the engine reads it. */
  private fromPolicyConfig(entry: AnalyzerPb.PolicyConfig): PolicyConfig {
    return {
      enforcementLevel: this.fromLevel(entry.getEnforcementlevel()),
      properties: entry.getProperties()?.toJavaScript() ?? {},
    };
  }

  private fromPolicyInfo(policy: AnalyzerPb.PolicyInfo): AnalyzerPolicyInfo {
    const { PolicyType } = this.protocol.pb;
    const framework = policy.getFramework();
    const schema = policy.getConfigschema();
    const kinds: Record<number, "resource" | "stack"> = {
      [PolicyType.POLICY_TYPE_RESOURCE]: "resource",
      [PolicyType.POLICY_TYPE_STACK]: "stack",
    };
    return definedOnly({
      name: policy.getName(),
      displayName: policy.getDisplayname() || undefined,
      description: policy.getDescription(),
      severity: this.fromSeverity(policy.getSeverity()),
      enforcementLevel: this.fromLevel(policy.getEnforcementlevel()),
      framework: framework && {
        name: framework.getName(),
        version: framework.getVersion(),
        reference: framework.getReference(),
        specification: framework.getSpecification(),
      },
      remediationSteps: policy.getRemediationSteps() || undefined,
      url: policy.getUrl() || undefined,
      tags: policy.getTagsList().length > 0 ? policy.getTagsList() : undefined,
      kind: kinds[policy.getPolicyType()],
      configSchema: schema && {
        properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
        required: schema.getRequiredList(),
      },
    });
  }

  private fromAnalyzeResponse(response: AnalyzerPb.AnalyzeResponse): AnalyzeResult {
    return {
      diagnostics: response.getDiagnosticsList().map((d) => this.fromDiagnostic(d)),
      notApplicable: response.getNotApplicableList().map(fromNotApplicable),
    };
  }

  private fromDiagnostic(diagnostic: AnalyzerPb.AnalyzeDiagnostic): Diagnostic {
    return definedOnly({
      policyName: diagnostic.getPolicyname(),
      policyPackName: diagnostic.getPolicypackname(),
      policyPackVersion: diagnostic.getPolicypackversion(),
      description: diagnostic.getDescription(),
      message: diagnostic.getMessage(),
      enforcementLevel: this.fromLevel(diagnostic.getEnforcementlevel()),
      urn: diagnostic.getUrn() || undefined,
      severity: this.fromSeverity(diagnostic.getSeverity()),
    });
  }

  private fromRemediation(remediation: AnalyzerPb.Remediation): Remediation {
    return definedOnly({
      policyName: remediation.getPolicyname(),
      policyPackName: remediation.getPolicypackname(),
      policyPackVersion: remediation.getPolicypackversion(),
      description: remediation.getDescription(),
      properties: remediation.getProperties()?.toJavaScript(),
      diagnostic: remediation.getDiagnostic() || undefined,
    });
  }
}

function fromNotApplicable(entry: AnalyzerPb.PolicyNotApplicable): NotApplicable {
  return { policyName: entry.getPolicyName(), reason: entry.getReason() };
}

/**
 * Properties as Struct.fromJavaScript accepts them: undefined dropped (it throws on undefined) and,
 * like the engine's SkipInternalKeys, `__` keys dropped at every depth. Unknown sentinels and secret
 * wrappers are plain strings and objects, so they pass through unchanged.
 */
export function toWireObject(
  value: Record<string, unknown>,
  skipInternalKeys: boolean,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined || (skipInternalKeys && key.startsWith("__"))) continue;
    wire[key] = toWireValue(inner, skipInternalKeys);
  }
  return wire;
}

function toWireValue(value: unknown, skipInternalKeys: boolean): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : toWireValue(item, skipInternalKeys)));
  if (typeof value === "object" && value !== null) {
    return toWireObject(value as Record<string, unknown>, skipInternalKeys);
  }
  return value;
}

function unary<Response>(
  invoke: (done: (error: GrpcJs.ServiceError | null, response: Response) => void) => unknown,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) =>
    invoke((error, response) => (error ? reject(error) : resolve(response))),
  );
}

/** Drops undefined fields so records compare and serialize without empty keys. */
function definedOnly<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
