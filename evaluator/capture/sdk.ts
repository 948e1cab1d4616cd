/**
 * The program's own @pulumi/pulumi, loaded the way the program will load it: resolved from the
 * program's directory. A program with its own node_modules has its own copy of the SDK runtime,
 * and the capture monitor must be installed into THAT copy (older SDKs keep the monitor and the
 * stack in module state, not in the process-wide store newer ones share).
 */
import { existsSync, promises as promisesModule, readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { createRequire, syncBuiltinESMExports } from "node:module";
import * as path from "node:path";
import type { Resource } from "@pulumi/pulumi/resource";
import type * as debuggable from "@pulumi/pulumi/runtime/debuggable";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type * as settings from "@pulumi/pulumi/runtime/settings";
import type * as stack from "@pulumi/pulumi/runtime/stack";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The oldest SDK whose runtime has everything the capture monitor needs (setMockOptions with organization). */
export const MINIMUM_SDK_MAJOR = 3;

export interface ProgramSdk {
  /** Directory of the @pulumi/pulumi package the program resolves. */
  root: string;
  version: string;
  settings: typeof settings & { waitForRPCs?(): Promise<void>; disconnect?(): Promise<void> };
  stack: typeof stack;
  /** The runtime's store (process-wide in recent SDKs); absent in old ones. */
  getStore?: () => Record<string, unknown>;
  debuggable: typeof debuggable;
  Resource: typeof Resource;
  MockMonitor: typeof MockMonitor;
  resproto: typeof resproto;
  Struct: typeof Struct;
}

/** Thrown when the SDK cannot be used; kind and cause become the capture error. */
export class SdkUnavailable extends Error {
  constructor(
    readonly kind: "missing-dependency" | "unsupported-sdk",
    message: string,
  ) {
    super(message);
  }
}

export function loadProgramSdk(programDir: string): ProgramSdk {
  const fromProgram = createRequire(path.join(programDir, "__finguard_capture__.js"));
  let manifest: string;
  try {
    manifest = fromProgram.resolve("@pulumi/pulumi/package.json");
  } catch {
    throw new SdkUnavailable(
      "missing-dependency",
      `@pulumi/pulumi cannot be found from ${programDir}: install the program's dependencies (npm install) first`,
    );
  }
  const root = path.dirname(manifest);
  const version = String(JSON.parse(readFileSync(manifest, "utf8")).version);
  if (Number(version.split(".")[0]) < MINIMUM_SDK_MAJOR) {
    throw new SdkUnavailable(
      "unsupported-sdk",
      `the program uses @pulumi/pulumi ${version} (${root}); the offline evaluator needs ${MINIMUM_SDK_MAJOR}.x or later`,
    );
  }
  const fromSdk = createRequire(manifest);
  const load = <T>(module: string): T => fromSdk(path.join(root, module)) as T;
  const state = load<{ getStore?: () => Record<string, unknown> }>("runtime/state");
  return {
    root,
    version,
    settings: load("runtime/settings"),
    stack: load("runtime/stack"),
    getStore: state.getStore,
    debuggable: load("runtime/debuggable"),
    Resource: load<{ Resource: typeof Resource }>("resource").Resource,
    MockMonitor: load<{ MockMonitor: typeof MockMonitor }>("runtime/mocks").MockMonitor,
    resproto: load("proto/resource_pb"),
    // The Struct class of the protobuf copy the SDK's generated stubs use.
    Struct: fromSdk(fromSdk.resolve("google-protobuf/google/protobuf/struct_pb")).Struct,
  };
}

/** Waits for outstanding registrations, with whatever the SDK version offers. */
export async function waitForRegistrations(sdk: ProgramSdk): Promise<void> {
  if (sdk.settings.waitForRPCs) await sdk.settings.waitForRPCs();
  else if (sdk.settings.disconnect) await sdk.settings.disconnect();
}

/**
 * @pulumi/pulumi >= 3.249 declares Node >= 22 and, when serializing a function (CallbackFunction)
 * inside an npm workspace, calls fs/promises.glob, which Node 20 lacks. The capture gives it a
 * minimal glob (literal segments, `*`, `?` and `**`, as workspace patterns use them) so the SDK
 * behaves as on the Node version it requires.
 */
export function provideNode22Apis(): void {
  const fsp = promisesModule as unknown as { glob?: unknown };
  if (typeof fsp.glob === "function") return;
  fsp.glob = globFiles;
  syncBuiltinESMExports();
}

async function* globFiles(pattern: string): AsyncGenerator<string> {
  const absolute = path.isAbsolute(pattern);
  const segments = pattern.split(/[\\/]+/).filter((s, i) => s !== "" || i === 0);
  const start = absolute ? path.parse(pattern).root : process.cwd();
  yield* expand(start, absolute ? segments.slice(1) : segments);
}

async function* expand(dir: string, segments: string[]): AsyncGenerator<string> {
  if (segments.length === 0) {
    yield dir;
    return;
  }
  const [segment, ...rest] = segments;
  if (segment === "**") {
    yield* expand(dir, rest);
    for (const entry of await entries(dir)) {
      if (entry.isDirectory() && entry.name !== "node_modules")
        yield* expand(path.join(dir, entry.name), segments);
    }
    return;
  }
  if (!/[*?[]/.test(segment)) {
    const next = path.join(dir, segment);
    if (rest.length === 0 ? existsSync(next) : isDirectory(next)) yield* expand(next, rest);
    return;
  }
  const matcher = new RegExp(
    `^${segment
      .replace(/[.+^${}()|\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`,
  );
  for (const entry of await entries(dir)) {
    if (!matcher.test(entry.name) || entry.name === "node_modules") continue;
    if (rest.length === 0 || entry.isDirectory()) yield* expand(path.join(dir, entry.name), rest);
  }
}

async function entries(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
