/**
 * Loads the program the way the Node language host's run.ts does (@pulumi/pulumi cmd/run):
 *
 * - TypeScript (runtime.options.typescript, default true) through ts-node, with the program's own
 *   tsconfig.json (or the CLI's defaults when it has none). For an ES module program ("type":
 *   "module") ts-node's ESM hooks are registered with module.register, as the CLI's automatic ESM
 *   mode does; otherwise ts-node's require hook. Offline, ts-node only transpiles: type errors are
 *   not reported (run `tsc --noEmit` for that).
 * - An ES module program is imported; its default export, if any, replaces the named exports (both
 *   at once is an error). A CommonJS program is required.
 * - An exported function is called and awaited (`export =` / `module.exports`, or an ES module's
 *   default export). A CommonJS module's `default` export is NOT called, as under the CLI.
 */
import { existsSync, readFileSync } from "node:fs";
import { register as registerHooks } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { RuntimeSettings } from "./project";

/** ts-node and TypeScript of the evaluator (the CLI would use the program's, else vendored ones). */
const TS_NODE = require.resolve("ts-node");
const TYPESCRIPT = require.resolve("typescript");
const ESM_HOOKS = path.join(__dirname, "esm-hooks.js");

/** TypeScript's config reader, loaded only when a tsconfig.json exists. */
interface TypeScriptApi {
  parseConfigFileTextToJson(
    file: string,
    text: string,
  ): { config?: { compilerOptions?: Record<string, unknown> } };
}

interface TsNodeApi {
  register(options: object): unknown;
}

/** `import()` that TypeScript's CommonJS output cannot turn into require() (as the CLI does it). */
const dynamicImport = (0, eval)("(specifier) => import(specifier)") as (
  specifier: string,
) => Promise<unknown>;

export interface LoadedProgram {
  /** What the stack outputs are built from: the module's exports or the exported function's result. */
  outputs: unknown;
  warnings: string[];
}

/** Registers TypeScript support for the program, the way the language host would. */
export function registerTypeScript(runtime: RuntimeSettings): void {
  if (!runtime.typescript) return;
  const hasTsconfig = existsSync(runtime.tsconfigPath);
  const own: Record<string, unknown> = hasTsconfig ? tsconfigCompilerOptions(runtime.tsconfigPath) : {};
  const options = {
    compiler: TYPESCRIPT,
    transpileOnly: true,
    project: runtime.tsconfigPath,
    skipProject: !hasTsconfig,
    compilerOptions: {
      target: runtime.esm ? "ES2022" : "ES2020",
      module: "nodenext",
      // A tsconfig that sets only `module` (say commonjs) would clash with nodenext resolution.
      ...("module" in own ? {} : { moduleResolution: "nodenext" }),
      sourceMap: true,
      ...own,
    },
  };
  if (runtime.esm) {
    registerHooks(pathToFileURL(ESM_HOOKS).href, { data: { tsNode: TS_NODE, options } });
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(TS_NODE) as TsNodeApi).register(options);
  }
}

function tsconfigCompilerOptions(file: string): Record<string, unknown> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(TYPESCRIPT) as TypeScriptApi;
    return ts.parseConfigFileTextToJson(file, readFileSync(file, "utf8")).config?.compilerOptions ?? {};
  } catch {
    return {};
  }
}

/** Loads the entry point and runs an exported function; resolves to what becomes the stack outputs. */
export async function loadProgram(entryPath: string, runtime: RuntimeSettings): Promise<LoadedProgram> {
  const warnings: string[] = [];
  let exported: unknown;
  if (runtime.esm) {
    const namespace = (await dynamicImport(pathToFileURL(entryPath).href)) as Record<string, unknown>;
    exported = namespace;
    if (Object.getOwnPropertyDescriptor(namespace, "default") !== undefined) {
      if (Object.keys(namespace).length !== 1) {
        throw new Error(
          "expected entrypoint module to have either a default export or named exports but not both",
        );
      }
      exported = namespace.default;
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(entryPath);
    if (isUncalledDefaultFunction(exported)) {
      warnings.push(
        `${path.basename(entryPath)} is a CommonJS module whose default export is a function: \`pulumi preview\` ` +
          `does not call it (it calls a function exported with \`export =\` / module.exports, or an ES module's ` +
          `default export), so nothing it would create was evaluated`,
      );
    }
  }
  const outputs = exported instanceof Function ? await exported() : exported;
  return { outputs, warnings };
}

/** `exports.default = fn` and nothing else (TypeScript's `export default` compiled to CommonJS). */
function isUncalledDefaultFunction(exported: unknown): boolean {
  if (typeof exported !== "object" || exported === null) return false;
  const keys = Object.keys(exported).filter((key) => key !== "__esModule");
  return (
    keys.length === 1 &&
    keys[0] === "default" &&
    (exported as { default: unknown }).default instanceof Function
  );
}
