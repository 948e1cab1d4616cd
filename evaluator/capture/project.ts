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
  runtime: RuntimeSettings;
}

/** How the Node language host would start the program (Pulumi.yaml `runtime.options`, package.json). */
export interface RuntimeSettings {
  /** runtime.options.typescript (default true): compile TypeScript with ts-node. */
  typescript: boolean;
  /** runtime.options.tsconfig, resolved (default <program dir>/tsconfig.json, used only if it exists). */
  tsconfigPath: string;
  /** The program is an ES module: the nearest package.json says "type": "module". */
  esm: boolean;
  /** Directory of the nearest package.json (the CLI's package root), or the program directory. */
  packageRoot: string;
  /** runtime.options.nodeargs split into arguments. */
  nodeArgs: string[];
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
  const runtime = runtimeSettings(programDir, projectFile.runtime);

  const warnings: string[] = [];
  const values = new Map<string, ConfigValue>();
  for (const [key, raw] of Object.entries(asMap(projectFile.config))) {
    const value = projectConfigValue(raw);
    if (value !== undefined) values.set(namespaced(key, project), toConfigValue(value));
  }

  const stackFileName = `Pulumi.${stack}.yaml`;
  const stackConfigDir = stackConfigDirOf(programDir, projectFile.stackConfigDir);
  const stackFile = readYamlMap(stackConfigDir, stackFileName);
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
    entryPath: resolveEntryPoint(programDir, projectFile.main, runtime.esm),
    config,
    secretKeys,
    warnings,
    runtime,
  };
}

/** Pulumi.yaml `stackConfigDir`: where Pulumi.<stack>.yaml lives (default: beside Pulumi.yaml). */
function stackConfigDirOf(programDir: string, dir: unknown): string {
  if (dir === undefined) return programDir;
  if (typeof dir !== "string") throw badProject(programDir, "Pulumi.yaml stackConfigDir is not a string");
  return path.resolve(programDir, dir);
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

function runtimeSettings(programDir: string, runtime: unknown): RuntimeSettings {
  const name = isMap(runtime) ? runtime.name : runtime;
  if (name !== "nodejs") throw badProject(programDir, `runtime ${JSON.stringify(name)} is not nodejs`);
  const options = isMap(runtime) ? asMap(runtime.options) : {};
  const manifest = nearestPackageJson(programDir);
  const tsconfig = options.tsconfig;
  if (tsconfig !== undefined && typeof tsconfig !== "string")
    throw badProject(programDir, "Pulumi.yaml runtime.options.tsconfig is not a string");
  const nodeargs = options.nodeargs;
  if (nodeargs !== undefined && typeof nodeargs !== "string")
    throw badProject(programDir, "Pulumi.yaml runtime.options.nodeargs is not a string");
  return {
    typescript: options.typescript !== false && options.typescript !== "false",
    tsconfigPath: path.resolve(programDir, tsconfig ?? "tsconfig.json"),
    esm: manifest?.data.type === "module",
    packageRoot: manifest ? path.dirname(manifest.file) : programDir,
    nodeArgs: nodeargs ? nodeargs.split(/\s+/).filter(Boolean) : [],
  };
}

/** The nearest package.json at or above `dir` (Node decides whether .js files are ES modules from it). */
function nearestPackageJson(dir: string): { file: string; data: Record<string, unknown> } | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const file = path.join(current, "package.json");
    if (isFile(file)) {
      try {
        const data: unknown = JSON.parse(readFileSync(file, "utf8"));
        return { file, data: isMap(data) ? data : {} };
      } catch (err) {
        throw badProject(dir, `cannot parse ${file}: ${(err as Error).message}`);
      }
    }
    if (path.dirname(current) === current) return undefined;
  }
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

/**
 * Pulumi.yaml `main`, else the program's package.json `exports` or `main`, else the directory
 * itself, as the CLI resolves them; a directory then resolves as Node would load it.
 */
function resolveEntryPoint(programDir: string, main: unknown, esm: boolean): string {
  if (main !== undefined && typeof main !== "string")
    throw badProject(programDir, "Pulumi.yaml main is not a string");
  const target = path.resolve(programDir, main ?? packageEntry(programDir) ?? ".");
  const entry = resolveModule(target, esm);
  if (!entry) {
    const expected = esm ? "index.js, index.mjs, index.ts or index.mts" : "index.js or index.ts";
    throw badProject(
      programDir,
      `entry point ${target} not found (expected a file or a directory with ${expected})`,
    );
  }
  return entry;
}

/** package.json `exports` (a string, or "." as a string or {default|require|import}) else `main`, if it exists. */
function packageEntry(programDir: string): string | undefined {
  const file = path.join(programDir, "package.json");
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw badProject(programDir, `cannot parse package.json: ${(err as Error).message}`);
  }
  const manifest = asMap(data);
  const exported = manifest.exports;
  const dot = isMap(exported) ? exported["."] : undefined;
  const candidate =
    typeof exported === "string"
      ? exported
      : typeof dot === "string"
        ? dot
        : isMap(dot)
          ? [dot.default, dot.require, dot.import].find((e) => typeof e === "string")
          : isMap(exported)
            ? undefined
            : manifest.main;
  // The CLI warns and falls back to the directory when the declared entry does not exist.
  return typeof candidate === "string" && existsSync(path.join(programDir, candidate))
    ? candidate
    : undefined;
}

/**
 * Node's own lookup: for require(), a file, then `.ts`/`.js` added, or a directory's index.js then
 * index.ts; for an ES module program the CLI looks for index.js, index.mjs, index.ts, index.mts.
 */
function resolveModule(target: string, esm: boolean): string | undefined {
  const indexes = esm ? ["index.js", "index.mjs", "index.ts", "index.mts"] : ["index.js", "index.ts"];
  const candidates = isDirectory(target)
    ? indexes.map((index) => path.join(target, index))
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
