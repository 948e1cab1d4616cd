/**
 * Policy configuration reconciled the way the engine does before it calls Configure
 * (pulumi/pulumi pkg/resource/analyzer/config.go): each policy's level and schema defaults, then
 * the pack's initialConfig, then the `--policy-pack-config` file, then JSON-schema validation.
 * Stricter than the engine in two ways, to fail loudly on typos: unknown policy names in the file
 * are errors, and so are properties under "all" (the engine ignores them).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { EnforcementLevel } from "../results/model";
import { ENFORCEMENT_LEVELS, type AnalyzerInfo, type PolicyPackConfig } from "./types";

/** One source's settings for a policy (or "all"): a level and/or properties. */
export interface ConfigEntry {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

export type ConfigLayer = Record<string, ConfigEntry>;

/** The parsed `--policy-pack-config` file, with its path for error messages. */
export interface PolicyPackConfigFile {
  file: string;
  entries: ConfigLayer;
}

export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

const ALL = "all";

/** Reads `{"<policy>|all": "<level>" | {"enforcementLevel"?, ...properties}}`; an empty file is no config. */
export async function readPolicyPackConfigFile(file: string): Promise<PolicyPackConfigFile> {
  const fail = (reason: string) => new PolicyConfigError(`policy pack config ${file}: ${reason}`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw fail(`cannot read the file: ${(error as Error).message}`);
  }
  if (text.trim() === "") return { file, entries: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`invalid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(json)) {
    throw fail('expected a JSON object mapping policy names (or "all") to an enforcement level or an object');
  }
  const entries: ConfigLayer = {};
  for (const [policy, value] of Object.entries(json)) {
    entries[policy] = parseEntry(value, (reason) => fail(`policy '${policy}': ${reason}`));
    if (policy === ALL && Object.keys(entries[policy].properties).length > 0) {
      throw fail(`'${ALL}' takes only an enforcement level, not properties`);
    }
  }
  return { file, entries };
}

/** The configuration Configure must receive: an entry for every policy of the pack, nothing else. */
export function reconcilePolicyConfig(
  info: Pick<AnalyzerInfo, "name" | "policies" | "initialConfig">,
  userConfig?: PolicyPackConfigFile,
): PolicyPackConfig {
  const config = defaultsOf(info);
  applyLayer(config, info.initialConfig);
  if (userConfig) {
    assertKnownPolicies(userConfig, info);
    applyLayer(config, userConfig.entries);
  }
  const source = userConfig
    ? `policy pack config ${userConfig.file}`
    : `policy pack '${info.name}' default config`;
  const problems = schemaProblems(config, info).map((problem) => `${source}: ${problem}`);
  if (problems.length > 0) throw new PolicyConfigError(problems.join("\n"));
  return config;
}

/** sha256 (hex) of the config as canonical JSON (keys sorted at every depth). */
export function configDigest(config: PolicyPackConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex");
}

function parseEntry(value: unknown, fail: (reason: string) => PolicyConfigError): ConfigEntry {
  if (typeof value === "string") return { enforcementLevel: parseLevel(value, fail), properties: {} };
  if (!isPlainObject(value)) {
    throw fail(`expected an enforcement level or an object, got ${JSON.stringify(value)}`);
  }
  const { enforcementLevel, ...properties } = value;
  if (enforcementLevel === undefined) return { properties };
  if (typeof enforcementLevel !== "string") {
    throw fail(`enforcementLevel must be a string, got ${JSON.stringify(enforcementLevel)}`);
  }
  return { enforcementLevel: parseLevel(enforcementLevel, fail), properties };
}

function parseLevel(level: string, fail: (reason: string) => PolicyConfigError): EnforcementLevel {
  if ((ENFORCEMENT_LEVELS as readonly string[]).includes(level)) return level as EnforcementLevel;
  throw fail(`"${level}" is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
}

function defaultsOf(info: Pick<AnalyzerInfo, "policies">): PolicyPackConfig {
  const config: PolicyPackConfig = {};
  for (const policy of info.policies) {
    const properties: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if (isPlainObject(schema) && "default" in schema) properties[name] = structuredClone(schema.default);
    }
    config[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
  }
  return config;
}

/** The engine's applyConfig: "all" sets every level first, then per-policy levels and a shallow property merge. */
function applyLayer(config: PolicyPackConfig, layer: ConfigLayer): void {
  const allLevel = layer[ALL]?.enforcementLevel;
  if (allLevel) for (const entry of Object.values(config)) entry.enforcementLevel = allLevel;
  for (const [policy, given] of Object.entries(layer)) {
    const entry = config[policy];
    // Skips "all" and initialConfig keys the pack itself got wrong: only file keys are checked.
    if (!entry) continue;
    if (given.enforcementLevel) entry.enforcementLevel = given.enforcementLevel;
    Object.assign(entry.properties, structuredClone(given.properties));
  }
}

function assertKnownPolicies(
  userConfig: PolicyPackConfigFile,
  info: Pick<AnalyzerInfo, "name" | "policies">,
): void {
  const known = new Set(info.policies.map((p) => p.name));
  const unknown = Object.keys(userConfig.entries).filter((name) => name !== ALL && !known.has(name));
  if (unknown.length === 0) return;
  throw new PolicyConfigError(
    unknown
      .map(
        (name) =>
          `policy pack config ${userConfig.file}: unknown policy '${name}' (pack '${info.name}' has no such policy)`,
      )
      .join("\n"),
  );
}

function schemaProblems(config: PolicyPackConfig, info: Pick<AnalyzerInfo, "policies">): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return info.policies.flatMap((policy) => {
    if (!policy.configSchema) return [];
    const { properties, required } = policy.configSchema;
    let validate: ValidateFunction;
    try {
      validate = ajv.compile({ type: "object", properties, required });
    } catch (error) {
      return [`policy '${policy.name}': the pack's configSchema is invalid: ${(error as Error).message}`];
    }
    if (validate(config[policy.name].properties)) return [];
    return (validate.errors ?? []).map((error) => `policy '${policy.name}': ${describeSchemaError(error)}`);
  });
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "" : `${error.instancePath} `;
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  let detail = "";
  if (params.additionalProperty !== undefined) detail = ` ('${params.additionalProperty}')`;
  if (params.allowedValues !== undefined)
    detail = `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return `${where}${error.message}${detail}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
