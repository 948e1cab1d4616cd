/**
 * Starts a CrossGuard policy pack the way the Pulumi CLI's Node language host does:
 * `node <pack's @pulumi/pulumi>/cmd/run-policy-pack <engine-addr> <packDir>` with cwd = packDir
 * and the PULUMI_* environment of a preview, then reads the gRPC port from its first stdout line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

export const DEFAULT_START_TIMEOUT_MS = 60_000;

/** run-policy-pack requires an engine address argument but never dials it. */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";
const TAIL_LINES = 20;
const TAIL_CHARS = 8_192;
const KILL_GRACE_MS = 3_000;

/** The stack a pack is started for; it reaches the pack through PULUMI_* variables. */
export interface PackIdentity {
  organization: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
}

export interface StartPackOptions {
  packDir: string;
  identity: PackIdentity;
  timeoutMs?: number;
}

export interface PackExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PackProcess {
  /** Absolute pack directory. */
  readonly packDir: string;
  readonly identity: PackIdentity;
  readonly port: number;
  readonly pid: number;
  /** Settles when the process has exited, however that happened. */
  readonly exited: Promise<PackExit>;
  /** The last lines the pack wrote to stderr (and to stdout after its port). */
  outputTail(): string;
  /** Stops the pack (it never exits by itself) and resolves once it is gone. */
  kill(): Promise<PackExit>;
}

export class PackStartError extends Error {
  constructor(
    readonly packDir: string,
    message: string,
  ) {
    super(message);
    this.name = "PackStartError";
  }
}

/**
 * Starts the pack; the promise resolves once it serves gRPC. Callers may start it while the program
 * is still being captured and await it later: a failure meanwhile is not an unhandled rejection.
 */
export function startPack(options: StartPackOptions): Promise<PackProcess> {
  const pending = launch(options);
  pending.catch(() => undefined);
  return pending;
}

/** Stops a pack started early that will not be used (e.g. the capture failed). */
export async function discardPack(pending: Promise<PackProcess>): Promise<void> {
  const pack = await pending.catch(() => undefined);
  await pack?.kill();
}

export function describeExit(exit: PackExit): string {
  return exit.signal ? `on signal ${exit.signal}` : `with code ${exit.code}`;
}

/** The stderr tail as a block to append to an error message. */
export function formatOutputTail(tail: string): string {
  return tail.trim() === ""
    ? "\n(the pack wrote nothing to stderr)"
    : `\n--- pack stderr (last lines) ---\n${tail}`;
}

/** The `version` of PulumiPolicy.yaml, which the CLI reports instead of package.json's when set. */
export function policyProjectVersion(packDir: string): string | undefined {
  const file = join(packDir, "PulumiPolicy.yaml");
  if (!existsSync(file)) return undefined;
  const project: unknown = parseYaml(readFileSync(file, "utf8"));
  const version = (project as { version?: unknown } | null)?.version;
  return version === undefined || version === null || version === "" ? undefined : String(version);
}

async function launch({ packDir, identity, timeoutMs = DEFAULT_START_TIMEOUT_MS }: StartPackOptions) {
  const dir = resolve(packDir);
  const child = spawn(process.execPath, [runPolicyPackEntry(dir), UNUSED_ENGINE_ADDRESS, dir], {
    cwd: dir,
    env: packEnvironment(identity),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = new OutputTail();
  child.stderr?.on("data", (chunk: Buffer) => output.append(chunk.toString()));
  const exited = watchExit(child);
  try {
    const port = await readPort(child, exited, output, dir, timeoutMs);
    const pack: PackProcess = {
      packDir: dir,
      identity,
      port,
      pid: child.pid ?? -1,
      exited,
      outputTail: () => output.tail(),
      kill: () => stop(child, exited),
    };
    return pack;
  } catch (error) {
    await stop(child, exited);
    throw error;
  }
}

function runPolicyPackEntry(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PackStartError(dir, `policy pack ${dir}: no such directory`);
  }
  let pulumiPackage: string;
  try {
    // The pack's own copy, as the CLI's shim uses: packs may pin a different SDK than the evaluator.
    pulumiPackage = require.resolve("@pulumi/pulumi/package.json", { paths: [dir] });
  } catch {
    throw new PackStartError(
      dir,
      `policy pack ${dir}: cannot resolve @pulumi/pulumi from the pack's directory; install its dependencies (npm install in ${dir})`,
    );
  }
  return join(dirname(pulumiPackage), "cmd", "run-policy-pack");
}

/** The variables the CLI sets for a Node pack (both spellings), replacing any inherited ones. */
function packEnvironment(identity: PackIdentity): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const values: Record<string, string> = {
    ORGANIZATION: identity.organization,
    PROJECT: identity.project,
    STACK: identity.stack,
    DRY_RUN: "true",
  };
  for (const [name, value] of Object.entries(values)) {
    for (const key of [`PULUMI_NODEJS_${name}`, `PULUMI_${name}`]) {
      delete env[key];
      // The CLI leaves unset what it does not know (e.g. no organization for a local backend).
      if (value !== "") env[key] = value;
    }
  }
  delete env.PULUMI_CONFIG;
  delete env.PULUMI_CONFIG_SECRET_KEYS;
  if (Object.keys(identity.config).length > 0) env.PULUMI_CONFIG = JSON.stringify(identity.config);
  if (identity.secretKeys.length > 0) env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(identity.secretKeys);
  return env;
}

function watchExit(child: ChildProcess): Promise<PackExit> {
  // A pack outliving the evaluator would keep its port and memory forever.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<PackExit>((resolveExit) => {
    child.once("exit", (code, signal) => resolveExit({ code, signal }));
    // spawn failures (e.g. EACCES) emit "error" and may never emit "exit".
    child.once("error", () => resolveExit({ code: null, signal: null }));
  });
  void exited.then(() => process.removeListener("exit", killOnExit));
  return exited;
}

function readPort(
  child: ChildProcess,
  exited: Promise<PackExit>,
  output: OutputTail,
  dir: string,
  timeoutMs: number,
): Promise<number> {
  return new Promise<number>((resolvePort, reject) => {
    let stdout = "";
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (message: string) =>
      settle(() => reject(new PackStartError(dir, `${message}${formatOutputTail(output.tail())}`)));
    const timer = setTimeout(
      () => fail(`policy pack ${dir} did not report its port within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    child.once("error", (error) => fail(`policy pack ${dir} could not be started: ${error.message}`));
    void exited.then((exit) =>
      fail(`policy pack ${dir} exited ${describeExit(exit)} before reporting its port`),
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      // Once the port is known, stdout is only the pack's own logging: keep draining it.
      if (settled) return output.append(chunk.toString());
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const line = stdout.slice(0, newline).trim();
      output.append(stdout.slice(newline + 1));
      if (/^\d+$/.test(line)) return settle(() => resolvePort(Number(line)));
      fail(
        `policy pack ${dir} wrote ${JSON.stringify(line.slice(0, 200))} to stdout before its port; ` +
          "a pack must not print to stdout while it starts (the CLI reads the port from the first line)",
      );
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<PackExit>): Promise<PackExit> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const escalate = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    escalate.unref();
    void exited.then(() => clearTimeout(escalate));
  }
  return exited;
}

/** The end of what a pack printed, bounded so a chatty pack cannot grow memory. */
class OutputTail {
  private text = "";

  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-TAIL_CHARS);
  }

  tail(): string {
    return this.text.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");
  }
}
