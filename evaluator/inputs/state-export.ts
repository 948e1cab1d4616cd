/**
 * Reads a `pulumi stack export` file (deployment version 3) into a CapturedStack, so the same pack
 * can audit what is deployed without a preview (pulumi/pulumi-policy#253). Analyze gets the stored
 * inputs, AnalyzeStack the stored outputs, and provider references stay as the state writes them
 * (`<provider urn>::<id>`), which the analyzer host resolves to the provider's stored inputs.
 *
 * Secrets are never decrypted. A secret the export holds in plaintext (`--show-secrets`) reaches
 * the pack as a secret of that value; an encrypted one (`ciphertext`) as a secret whose value is
 * unknown, so a policy that needs it defers (reported as deferred) instead of judging a guess.
 */
import { readFileSync } from "node:fs";
import { toAnalyzerProperties } from "../capture/wire";
import type { CapturedOptions, CapturedResource, CapturedStack } from "../capture/types";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../capture/types";
import { InputError, describeJsonError } from "./errors";
import { parseUrn } from "./urn";

/** The fields of a state resource (apitype.ResourceV3) the audit reads; anything else is ignored. */
interface StateResource {
  urn?: unknown;
  type?: unknown;
  custom?: unknown;
  delete?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  parent?: unknown;
  dependencies?: unknown;
  propertyDependencies?: unknown;
  provider?: unknown;
  protect?: unknown;
  retainOnDelete?: unknown;
  deleteBeforeReplace?: unknown;
  ignoreChanges?: unknown;
  additionalSecretOutputs?: unknown;
  aliases?: unknown;
  customTimeouts?: unknown;
}

interface Deployment {
  resources?: unknown;
  pending_operations?: unknown;
}

export interface StateExportOptions {
  /** Stack config as `key=value` (bare keys get the project's namespace): the export does not hold it. */
  configOverrides?: Record<string, string>;
}

const SUPPORTED_VERSION = 3;

export function readStateExport(file: string, options: StateExportOptions = {}): CapturedStack {
  const fail = (problem: string) => new InputError(`state file ${file}: ${problem}`);
  const deployment = deploymentOf(parseJson(file), fail);
  if (!Array.isArray(deployment.resources))
    throw fail("deployment.resources is missing or not a list: was the stack ever deployed?");
  const warnings: string[] = [];
  const resources = liveResources(deployment.resources, fail, warnings);
  if (resources.length === 0)
    throw fail("deployment holds no resources: nothing to audit (is the stack destroyed?)");
  if (Array.isArray(deployment.pending_operations) && deployment.pending_operations.length > 0)
    warnings.push(
      `${deployment.pending_operations.length} pending operation(s) in the state: an update was interrupted, ` +
        "so the state may not match what is deployed",
    );
  const identity = parseUrn(resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? resources[0].urn);
  const project = identity?.project ?? "unknown";
  return {
    project,
    stack: identity?.stack ?? "unknown",
    organization: "",
    config: namespaced(project, options.configOverrides ?? {}),
    secretKeys: [],
    resources,
    outputs: {},
    warnings: [
      ...warnings,
      "evaluated from a state export: stack config is not in the export (pass --config key=value for " +
        "settings such as environmentSuffix), and encrypted secrets are treated as unknown values",
    ],
  };
}

function parseJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`state file ${file}: cannot read it (${(error as Error).message})`);
  }
  if (text.trim() === "")
    throw new InputError(
      `state file ${file} is empty: expected the JSON that \`pulumi stack export\` writes`,
    );
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `state file ${file}: not a readable JSON stack export (${describeJsonError(text, error)})`,
    );
  }
}

/** `pulumi stack export` writes {version, deployment}; a backend's checkpoint file {version, checkpoint: {latest}}. */
function deploymentOf(root: unknown, fail: (problem: string) => InputError): Deployment {
  if (typeof root !== "object" || root === null || Array.isArray(root))
    throw fail("expected a JSON object with version and deployment, as `pulumi stack export` writes");
  const { version, deployment, checkpoint } = root as {
    version?: unknown;
    deployment?: unknown;
    checkpoint?: { latest?: unknown };
  };
  if (version !== SUPPORTED_VERSION) {
    throw fail(
      `expected a deployment of version ${SUPPORTED_VERSION}, got version ${JSON.stringify(version)} ` +
        "(export it again with a current `pulumi stack export`)",
    );
  }
  const found = deployment ?? checkpoint?.latest;
  if (typeof found !== "object" || found === null)
    throw fail("has no deployment: expected the output of `pulumi stack export`");
  return found as Deployment;
}

/** Resources still in the stack: ones pending deletion after a replacement are left out. */
function liveResources(
  raw: unknown[],
  fail: (problem: string) => InputError,
  warnings: string[],
): CapturedResource[] {
  const resources: CapturedResource[] = [];
  let pendingDeletion = 0;
  raw.forEach((entry, index) => {
    const r = (entry ?? {}) as StateResource;
    if (typeof r.urn !== "string" || typeof r.type !== "string")
      throw fail(`resource ${index} has no urn or type`);
    if (r.delete === true) pendingDeletion++;
    else resources.push(toCaptured(r as StateResource & { urn: string; type: string }));
  });
  if (pendingDeletion > 0)
    warnings.push(`${pendingDeletion} resource(s) pending deletion after a replacement were not audited`);
  return resources;
}

function toCaptured(r: StateResource & { urn: string; type: string }): CapturedResource {
  return {
    urn: r.urn,
    type: r.type,
    name: parseUrn(r.urn)?.name ?? r.urn,
    custom: r.custom === true,
    remote: false,
    parent: typeof r.parent === "string" && r.parent !== "" ? r.parent : undefined,
    provider: typeof r.provider === "string" && r.provider !== "" ? r.provider : undefined,
    inputs: propertiesOf(r.inputs),
    outputs: propertiesOf(r.outputs),
    dependencies: stringList(r.dependencies),
    propertyDependencies: Object.fromEntries(
      Object.entries(recordOf(r.propertyDependencies)).map(([key, urns]) => [key, stringList(urns)]),
    ),
    options: optionsOf(r),
  };
}

function optionsOf(r: StateResource): CapturedOptions {
  const timeouts = recordOf(r.customTimeouts);
  const seconds = (key: string) =>
    typeof timeouts[key] === "number" && timeouts[key] > 0 ? timeouts[key] : undefined;
  return {
    protect: r.protect === true,
    retainOnDelete: r.retainOnDelete === true,
    ignoreChanges: stringList(r.ignoreChanges),
    deleteBeforeReplace: r.deleteBeforeReplace === true,
    deleteBeforeReplaceDefined: typeof r.deleteBeforeReplace === "boolean",
    additionalSecretOutputs: stringList(r.additionalSecretOutputs),
    aliases: stringList(r.aliases),
    customTimeouts: r.customTimeouts
      ? { create: seconds("create"), update: seconds("update"), delete: seconds("delete") }
      : undefined,
  };
}

/** State values in the wire form a pack receives: secrets wrapped, resource references reduced. */
function propertiesOf(value: unknown): Record<string, unknown> {
  return toAnalyzerProperties(wrapSecrets(recordOf(value)) as Record<string, unknown>);
}

/** State secrets are `{sig, plaintext: "<JSON>"}` or `{sig, ciphertext}`; both become wire secrets. */
function wrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wrapSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG] === SECRET_SIG_VALUE) {
    const inner = typeof record.plaintext === "string" ? parsePlaintext(record.plaintext) : UNKNOWN_STRING;
    return { [SECRET_SIG]: SECRET_SIG_VALUE, value: inner };
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, wrapSecrets(v)]));
}

function parsePlaintext(text: string): unknown {
  try {
    return wrapSecrets(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Bare keys get the project's namespace, as `pulumi config set` gives them. */
function namespaced(project: string, config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key.includes(":") ? key : `${project}:${key}`, value]),
  );
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
