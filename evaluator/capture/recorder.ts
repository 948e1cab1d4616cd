/**
 * Turns the raw RegisterResource requests the SDK sends into CapturedResources, adding what the
 * engine adds on its side: default providers, alias URNs and timeouts in seconds.
 */
import { createHash } from "node:crypto";
import type { Alias } from "@pulumi/pulumi/proto/alias_pb";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { answerInvoke, awsPartition, FAKE_ACCOUNT_ID } from "./invokes";
import type { CapturedOptions, CapturedResource, CapturedStack } from "./types";
import { UNKNOWN_STRING } from "./types";
import { providerUrnOf, resourceUrn, ROOT_STACK_TYPE, type StackIdentity } from "./urn";
import { durationToSeconds, makeSecret, toAnalyzerProperties } from "./wire";

/** Region of AWS resources and invokes when neither their provider nor `aws:region` sets one. */
const FALLBACK_REGION = "us-east-1";

export interface CaptureContext extends StackIdentity {
  organization: string;
  config: Record<string, string>;
  secretKeys: string[];
  warnings: string[];
}

type Properties = Record<string, unknown>;

export class CaptureRecorder {
  private readonly resources: CapturedResource[] = [];
  private readonly byUrn = new Map<string, CapturedResource>();
  /** `pkg@version` -> provider reference of the default provider synthesized for it. */
  private readonly defaultProviders = new Map<string, string>();
  private readonly warnings: Set<string>;
  private readonly unansweredInvokes = new Set<string>();

  constructor(private readonly context: CaptureContext) {
    this.warnings = new Set(context.warnings);
  }

  urnFor(parentUrn: string, type: string, name: string): string {
    return resourceUrn(this.context, parentUrn || undefined, type, name);
  }

  /** Records one registration; returns the state the mock engine answers with (the inputs, as a preview does). */
  recordRegistration(req: RegisterResourceRequest, urn: string): Properties {
    const custom = req.getCustom();
    const resource: CapturedResource = {
      urn,
      type: req.getType(),
      name: req.getName(),
      custom,
      remote: req.getRemote(),
      parent: req.getParent() || undefined,
      provider:
        req.getProvider() || (custom ? this.defaultProviderFor(req.getType(), req.getVersion()) : undefined),
      inputs: toAnalyzerProperties(req.getObject()?.toJavaScript()),
      outputs: {},
      dependencies: req.getDependenciesList(),
      propertyDependencies: propertyDependenciesOf(req),
      options: optionsOf(req, this.context),
    };
    resource.outputs = this.mockOutputs(resource);
    this.add(resource);
    if (req.getTransformsList().length > 0) {
      this.warn(`transforms of ${resource.type} ${resource.name} are not applied offline`);
    }
    return resource.inputs;
  }

  /** Components (and the stack) publish their outputs after registration. */
  recordOutputs(urn: string, outputs: Properties | undefined): void {
    const resource = this.byUrn.get(urn);
    if (resource) resource.outputs = toAnalyzerProperties(outputs);
  }

  answerInvoke(token: string, inputs: Properties, providerReference: string | undefined): Properties {
    const answer = answerInvoke(token, inputs, {
      region: this.regionOf(providerReference),
      providerInputs: this.providerInputsOf(providerReference, token),
    });
    if (answer) return answer;
    this.unansweredInvokes.add(token);
    this.warn(`invoke ${token} answered with nothing`);
    return {};
  }

  /** Tokens of the invokes answered with nothing so far (a later failure may follow from them). */
  unanswered(): string[] {
    return [...this.unansweredInvokes];
  }

  /** Reads (`Resource.get`, StackReference) would query the cloud: they resolve with no state. */
  answerRead(
    type: string,
    name: string,
    id: string | undefined,
  ): { id: string | undefined; state: Properties } {
    this.warn(`read of ${type} ${name} (id ${id}) answered with nothing`);
    return { id, state: {} };
  }

  warn(message: string): void {
    this.warnings.add(message);
  }

  snapshot(): CapturedStack {
    const root = this.resources.find((r) => r.type === ROOT_STACK_TYPE && !r.parent);
    const { project, stack, organization, config, secretKeys } = this.context;
    return {
      project,
      stack,
      organization,
      config,
      secretKeys,
      resources: this.resources,
      outputs: root?.outputs ?? {},
      warnings: [...remoteComponentWarnings(this.resources), ...this.warnings],
    };
  }

  private add(resource: CapturedResource): void {
    this.resources.push(resource);
    this.byUrn.set(resource.urn, resource);
  }

  /**
   * What AnalyzeStack sees: the inputs (a preview's planned state) plus, for custom resources, a
   * placeholder id/arn. The placeholders never reach the program, so inputs derived from them
   * stay unknown as in a real preview. Components start empty until they register outputs.
   */
  private mockOutputs(resource: CapturedResource): Properties {
    if (!resource.custom && !resource.remote) return {};
    const outputs = isCustomNonProvider(resource)
      ? { ...this.placeholderIdentity(resource), ...resource.inputs }
      : { ...resource.inputs };
    for (const key of resource.options.additionalSecretOutputs) {
      if (key in outputs) outputs[key] = makeSecret(outputs[key]);
    }
    return outputs;
  }

  /** `<name>-<8 hex of the URN>`; AWS resources also get `arn:<partition>:<module>:<region>:123456789012:<type>/<id>`. */
  private placeholderIdentity(resource: CapturedResource): Record<string, string> {
    const id = `${resource.name}-${createHash("sha1").update(resource.urn).digest("hex").slice(0, 8)}`;
    const [pkg, module = ""] = resource.type.split(":");
    if (pkg !== "aws") return { id };
    const [service, kind = service] = module.split("/");
    const region = this.regionOf(resource.provider);
    return {
      id,
      arn: `arn:${awsPartition(region).partition}:${service}:${region}:${FAKE_ACCOUNT_ID}:${kind}/${id}`,
    };
  }

  /**
   * The engine gives every custom resource without an explicit provider the default provider of its
   * package and version, registering it just before its first user. Its id is unknown in a preview.
   */
  private defaultProviderFor(type: string, version: string): string | undefined {
    const pkg = type.split(":")[0];
    if (pkg === "pulumi") return undefined;
    const key = `${pkg}@${version}`;
    let reference = this.defaultProviders.get(key);
    if (!reference) {
      const provider = this.defaultProvider(pkg, version);
      this.add(provider);
      reference = `${provider.urn}::${UNKNOWN_STRING}`;
      this.defaultProviders.set(key, reference);
    }
    return reference;
  }

  /** Inputs as the engine builds them: every `<pkg>:*` config value as a string (secrets wrapped), plus `version`. */
  private defaultProvider(pkg: string, version: string): CapturedResource {
    const inputs = this.configInputs(pkg);
    if (version) inputs.version = version;
    const type = `pulumi:providers:${pkg}`;
    const name = version ? `default_${version.replace(/[.+-]/g, "_")}` : "default";
    return {
      urn: resourceUrn(this.context, undefined, type, name),
      type,
      name,
      custom: true,
      remote: false,
      inputs,
      outputs: { ...inputs },
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

  /** Inputs of the invoke's provider: the explicit one, else the default provider of the token's package. */
  private providerInputsOf(providerReference: string | undefined, token: string): Properties | undefined {
    if (providerReference) return this.byUrn.get(providerUrnOf(providerReference))?.inputs;
    const pkg = token.split(":")[0];
    return pkg === "pulumi" ? undefined : this.configInputs(pkg);
  }

  private configInputs(pkg: string): Properties {
    const inputs: Properties = {};
    for (const [key, value] of Object.entries(this.context.config)) {
      if (!key.startsWith(`${pkg}:`)) continue;
      inputs[key.slice(pkg.length + 1)] = this.context.secretKeys.includes(key) ? makeSecret(value) : value;
    }
    return inputs;
  }

  private regionOf(providerReference: string | undefined): string {
    const provider = providerReference ? this.byUrn.get(providerUrnOf(providerReference)) : undefined;
    const region = provider?.inputs.region ?? this.context.config["aws:region"];
    return typeof region === "string" && region !== UNKNOWN_STRING ? region : FALLBACK_REGION;
  }
}

/**
 * One line naming every multi-language component, with the count: only a plugin could construct
 * their children, so no policy judged them (the components policies judge their inputs instead).
 */
function remoteComponentWarnings(resources: readonly CapturedResource[]): string[] {
  const remote = resources.filter((r) => r.remote);
  if (remote.length === 0) return [];
  const names = remote.map((r) => `${r.type} '${r.name}'`).join(", ");
  const what = remote.length === 1 ? "remote component" : "remote components";
  return [`${remote.length} ${what}, children not evaluated offline: ${names}`];
}

function isCustomNonProvider(resource: CapturedResource): boolean {
  return resource.custom && !resource.type.startsWith("pulumi:providers:");
}

function propertyDependenciesOf(req: RegisterResourceRequest): Record<string, string[]> {
  const dependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((entry, key) => {
    dependencies[key] = entry.getUrnsList();
  });
  return dependencies;
}

function optionsOf(req: RegisterResourceRequest, id: StackIdentity): CapturedOptions {
  const customTimeouts = customTimeoutsOf(req);
  return {
    protect: req.getProtect() ?? false,
    retainOnDelete: req.getRetainondelete() ?? false,
    ignoreChanges: req.getIgnorechangesList(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    aliases: aliasUrnsOf(req, id),
    ...(customTimeouts && { customTimeouts }),
  };
}

function customTimeoutsOf(req: RegisterResourceRequest): CapturedOptions["customTimeouts"] {
  const timeouts = req.getCustomtimeouts();
  if (!timeouts) return undefined;
  const seconds = Object.entries({
    create: durationToSeconds(timeouts.getCreate()),
    update: durationToSeconds(timeouts.getUpdate()),
    delete: durationToSeconds(timeouts.getDelete()),
  }).filter(([, value]) => value !== undefined);
  return seconds.length > 0 ? Object.fromEntries(seconds) : undefined;
}

/** Alias specs resolved to URNs the way the engine resolves them (missing parts come from the resource). */
function aliasUrnsOf(req: RegisterResourceRequest, id: StackIdentity): string[] {
  const urns = req.getAliasesList().map((alias) => alias.getUrn() || specUrn(alias, req, id));
  return [...new Set([...urns, ...req.getAliasurnsList()])];
}

function specUrn(alias: Alias, req: RegisterResourceRequest, id: StackIdentity): string {
  const spec = alias.getSpec();
  const parent = spec?.getNoparent() ? undefined : spec?.getParenturn() || req.getParent() || undefined;
  return resourceUrn(
    { project: spec?.getProject() || id.project, stack: spec?.getStack() || id.stack },
    parent,
    spec?.getType() || req.getType(),
    spec?.getName() || req.getName(),
  );
}
