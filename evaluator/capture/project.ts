/**
 * Reads a Pulumi project the way the CLI does before it starts the Node language host: the project
 * name and entry point from Pulumi.yaml, and the stack's configuration flattened to the
 * `namespace:key` -> string map the SDK reads from PULUMI_CONFIG.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { badProject } from "./errors";

/** Value the program sees for a `secure:` config entry; the evaluator never decrypts secrets. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface ProgramSettings {
  project: string;
  entryPath: string;
  config: Record<string, string>;
  secretKeys: string[];
  warnings: string[];
}

export interface ProgramSettingsOptions {
  programDir: string;
  stack: string;
  project?: string;
  configOverrides?: Record<string, string>;
}

type YamlMap = Record<string, unknown>;

export function loadProgramSettings(opts: ProgramSettingsOptions): ProgramSettings {
  const { programDir, stack } = opts;
  const projectFile = readYamlMap(programDir, "Pulumi.yaml");
  if (!projectFile) throw badProject(programDir, "no Pulumi.yaml");
  const project = opts.project ?? projectFile.name;
  if (typeof project !== "string" || project === "") throw badProject(programDir, "Pulumi.yaml has no name");
  checkRuntime(programDir, projectFile.runtime);

  const warnings: string[] = [];
  const values = new Map<string, ConfigValue>();
  for (const [key, raw] of Object.entries(asMap(projectFile.config))) {
    const value = projectConfigValue(raw);
    if (value !== undefined) values.set(namespaced(key, project), toConfigValue(value));
  }

  const stackFileName = `Pulumi.${stack}.yaml`;
  const stackFile = readYamlMap(programDir, stackFileName);
  if (!stackFile) warnings.push(`no ${stackFileName}: the stack has only project-level configuration`);
  if (stackFile?.environment !== undefined)
    warnings.push(`${stackFileName}: ESC environments are not resolved offline`);
  for (const [key, raw] of Object.entries(asMap(stackFile?.config))) {
    values.set(namespaced(key, project), toConfigValue(raw));
  }
  for (const [key, value] of Object.entries(opts.configOverrides ?? {})) {
    values.set(namespaced(key, project), { value, secret: false });
  }

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, { value, secret }] of values) {
    config[key] = value;
    if (secret) secretKeys.push(key);
  }
  return {
    project,
    entryPath: resolveEntryPoint(programDir, projectFile.main),
    config,
    secretKeys,
    warnings,
  };
}

function readYamlMap(programDir: string, fileName: string): YamlMap | undefined {
  const file = path.join(programDir, fileName);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw badProject(programDir, `cannot parse ${fileName}: ${(err as Error).message}`);
  }
  if (!isMap(parsed)) throw badProject(programDir, `${fileName} is not a YAML mapping`);
  return parsed;
}

function checkRuntime(programDir: string, runtime: unknown): void {
  const name = isMap(runtime) ? runtime.name : runtime;
  if (name !== "nodejs") throw badProject(programDir, `runtime ${JSON.stringify(name)} is not nodejs`);
}

/** Keys without a namespace belong to the project, as `pulumi config set key` records them. */
function namespaced(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Pulumi.yaml entries are either plain values or declarations with a `default` (or `value`). */
function projectConfigValue(raw: unknown): unknown {
  if (!isMap(raw)) return raw;
  if ("default" in raw) return raw.default;
  if ("value" in raw) return raw.value;
  return undefined;
}

interface ConfigValue {
  value: string;
  secret: boolean;
}

/** Scalars become strings and structured values JSON, as PULUMI_CONFIG carries them. */
function toConfigValue(raw: unknown): ConfigValue {
  if (typeof raw === "string") return { value: raw, secret: false };
  if (raw === null || raw === undefined) return { value: "", secret: false };
  if (typeof raw !== "object") return { value: String(raw), secret: false };
  if (isSecure(raw)) return { value: SECRET_PLACEHOLDER, secret: true };
  let secret = false;
  const value = JSON.stringify(raw, (_key, v: unknown) => {
    if (!isSecure(v)) return v;
    secret = true;
    return SECRET_PLACEHOLDER;
  });
  return { value, secret };
}

function isSecure(value: unknown): boolean {
  return isMap(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

/** Pulumi.yaml `main`, else package.json `main`, else the directory itself, as the CLI resolves them. */
function resolveEntryPoint(programDir: string, main: unknown): string {
  if (main !== undefined && typeof main !== "string")
    throw badProject(programDir, "Pulumi.yaml main is not a string");
  const target = path.resolve(programDir, main ?? packageMain(programDir) ?? ".");
  const entry = resolveModule(target);
  if (!entry)
    throw badProject(programDir, `entry point ${target} not found (expected a file or index.js/index.ts)`);
  return entry;
}

function packageMain(programDir: string): string | undefined {
  const file = path.join(programDir, "package.json");
  if (!existsSync(file)) return undefined;
  const main: unknown = JSON.parse(readFileSync(file, "utf8")).main;
  return typeof main === "string" ? main : undefined;
}

/** Node's own lookup order (index.js before index.ts), which is what the CLI's require() gets. */
function resolveModule(target: string): string | undefined {
  const candidates = isDirectory(target)
    ? [path.join(target, "index.js"), path.join(target, "index.ts")]
    : [target, `${target}.ts`, `${target}.js`];
  return candidates.find(isFile);
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

function isDirectory(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asMap(value: unknown): YamlMap {
  return isMap(value) ? value : {};
}
