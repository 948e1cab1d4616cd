/**
 * Why a program could not run offline, in one sentence that names the cause: a missing config key,
 * file or package, an ES module / CommonJS mismatch, or an invoke the evaluator answered with
 * nothing. Anything else is reported as the program's own error.
 */
import * as path from "node:path";
import type { ProgramFailure } from "./protocol";
import type { RuntimeSettings } from "./project";

interface NodeError {
  name?: string;
  message?: string;
  code?: string;
  path?: string;
  syscall?: string;
}

export interface FailureContext {
  programDir: string;
  entryPath: string;
  runtime: RuntimeSettings;
  /** Invokes answered with nothing before the failure. */
  unansweredInvokes: readonly string[];
}

export function describeFailure(err: unknown, context: FailureContext): ProgramFailure {
  const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const message = err instanceof Error ? err.message : "";
  const configKey = /^Missing required configuration variable '([^']+)'/.exec(message)?.[1];
  if (configKey) {
    return {
      reason: "threw",
      error,
      configKey,
      kind: "missing-config",
      cause: `config key ${configKey} is not set: add it to the stack's config file or pass --config ${configKey.split(":").pop()}=<value>`,
    };
  }
  const classified = classify((err ?? {}) as NodeError, message, context);
  return { reason: "threw", error, ...classified };
}

function classify(
  err: NodeError,
  message: string,
  context: FailureContext,
): Pick<ProgramFailure, "kind" | "cause"> {
  const { programDir, entryPath, runtime } = context;
  const entry = path.relative(programDir, entryPath) || entryPath;
  const missingModule = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (err.code === "MODULE_NOT_FOUND" || err.code === "ERR_MODULE_NOT_FOUND") {
    const name = missingModule ?? "a module";
    if (name.startsWith(".") || path.isAbsolute(name) || name.startsWith("file:")) {
      return {
        kind: "missing-file",
        cause: `it imports ${name}, which does not exist (${firstLine(message)})`,
      };
    }
    return {
      kind: "missing-dependency",
      cause:
        `package ${packageName(name)} is not installed where the program can find it: ` +
        `run npm install in ${runtime.packageRoot}`,
    };
  }
  if (err.code === "ENOENT" && err.path) {
    return {
      kind: "missing-file",
      cause: `it reads ${err.path}, which does not exist (relative paths are resolved from the program directory ${programDir}, as under the Pulumi CLI)`,
    };
  }
  const loader = loaderCause(err, message, entry, runtime);
  if (loader) return { kind: "loader", cause: loader };
  if (context.unansweredInvokes.length > 0) {
    return {
      kind: "unsupported-invoke",
      cause:
        `it failed (${firstLine(message) || "see the error"}) after ${context.unansweredInvokes.join(", ")} ` +
        `${context.unansweredInvokes.length === 1 ? "was" : "were"} answered with nothing offline, which the ` +
        `evaluator cannot answer: the failure most likely comes from that empty answer`,
    };
  }
  return {};
}

/** ES module / CommonJS / TypeScript loading problems, with what to change. */
function loaderCause(
  err: NodeError,
  message: string,
  entry: string,
  runtime: RuntimeSettings,
): string | undefined {
  const moduleType = runtime.esm
    ? `package.json (${runtime.packageRoot}) has "type": "module"`
    : `package.json has no "type": "module"`;
  switch (err.code) {
    case "ERR_REQUIRE_ESM":
      return `an ES module is loaded with require() (${firstLine(message)}): ${moduleType}, so the program is loaded as CommonJS; add "type": "module" or use import()`;
    case "ERR_REQUIRE_ASYNC_MODULE":
      return `${entry} uses top-level await, which require() cannot load: ${moduleType}, so the Pulumi CLI require()s it too; add "type": "module" to package.json`;
    case "ERR_UNKNOWN_FILE_EXTENSION":
      return runtime.typescript
        ? `Node cannot load ${/"(\.[^"]+)"/.exec(message)?.[1] ?? "this"} files as ES modules here (${firstLine(message)})`
        : `${entry} is TypeScript but Pulumi.yaml sets runtime.options.typescript: false`;
  }
  if (/Cannot use import statement outside a module|Unexpected token 'export'/.test(message)) {
    return `the program uses ES module syntax (import/export) but is loaded as CommonJS: ${moduleType}; add "type": "module" to package.json or name the file .mjs`;
  }
  if (/(require|module|exports|__dirname|__filename) is not defined in ES module scope/.test(message)) {
    return `the program uses CommonJS (${firstLine(message)}) but is loaded as an ES module: ${moduleType}`;
  }
  if (err.name === "TSError") return `TypeScript cannot compile it: ${firstLine(message)}`;
  if (err.name === "SyntaxError" && /\.tsx?\b/.test(entry) && !runtime.typescript) {
    return `${entry} is TypeScript but Pulumi.yaml sets runtime.options.typescript: false`;
  }
  return undefined;
}

/** `@scope/name/sub/path` -> `@scope/name`; `name/sub` -> `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}
