/**
 * IAM policy documents, parsed and normalised wherever they appear (identity, resource and trust
 * policies), so policies reason about statements and never about JSON shapes.
 *
 * A document arrives as a JSON string or an object (@pulumi/aws accepts both), possibly unknown
 * during preview: a whole unknown string (`pulumi.jsonStringify` over any unknown) cannot be
 * read, but an object with unknown values inside (`Resource: bucket.arn`) keeps everything else
 * decidable, so unknowns are tracked per list rather than per document. Anything AWS would reject
 * (invalid JSON, wrong shapes, misspelt elements, duplicated keys) makes the document malformed
 * with a message naming the problem; nothing here throws.
 */
import { isRecord, isUnknown } from "./values";

export type Effect = "Allow" | "Deny" | "unknown";

/** An element such as Action: its known entries, and whether some entries (or the whole list) are unknown. */
export interface ValueList {
  known: string[];
  unknown: boolean;
}

/** One principal; `type` is "*" for the bare `"Principal": "*"`, else AWS, Service, Federated or CanonicalUser. */
export interface PrincipalEntry {
  type: string;
  value: string;
}

export interface Principals {
  entries: PrincipalEntry[];
  /** Some identifiers are unknown (outputs of other resources, e.g. `role.arn`). */
  unknown: boolean;
  /** The whole element is unknown: even its shape (it could be "*"). */
  opaque: boolean;
}

export interface ConditionEntry {
  /** As written, e.g. `StringEquals` or `ForAnyValue:StringLike`. */
  operator: string;
  /** Condition keys are case-insensitive: lower-cased. */
  key: string;
  values: ValueList;
}

export interface Conditions {
  entries: ConditionEntry[];
  unknown: boolean;
}

export interface Statement {
  index: number;
  sid?: string;
  effect: Effect;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  principal?: Principals;
  notPrincipal?: Principals;
  condition: Conditions;
}

export type PolicyDocument =
  | { kind: "absent" }
  | { kind: "unknown" }
  | { kind: "malformed"; problems: string[] }
  /** `unknownStatements`: the Statement list, or some statements in it, are unknown during preview. */
  | { kind: "parsed"; statements: Statement[]; unknownStatements: boolean };

const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const PRINCIPAL_TYPES = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);

/** Parses a document given as a JSON string or an object. Empty strings and nulls are absent. */
export function parsePolicyDocument(raw: unknown): PolicyDocument {
  if (raw === undefined || raw === null || raw === "") return { kind: "absent" };
  if (isUnknown(raw)) return { kind: "unknown" };
  if (typeof raw !== "string") return normaliseDocument(raw);
  // Every IAM policy parses the same document of a resource: parse each JSON text once.
  let parsed = parsedTexts.get(raw);
  if (!parsed) {
    parsed = parseDocumentText(raw);
    if (parsedTexts.size >= PARSE_CACHE_LIMIT) parsedTexts.delete(parsedTexts.keys().next().value as string);
    parsedTexts.set(raw, parsed);
  }
  return parsed;
}

const PARSE_CACHE_LIMIT = 256;
const parsedTexts = new Map<string, PolicyDocument>();

function parseDocumentText(raw: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return { kind: "malformed", problems: [`it is not valid JSON (${(error as Error).message})`] };
  }
  // JSON.parse silently keeps the last of duplicated keys; IAM may read another one, and a reviewer
  // reading the first would be misled: refuse to guess.
  const duplicates = duplicateKeys(raw);
  if (duplicates.length > 0) {
    return { kind: "malformed", problems: duplicates.map((path) => `key ${path} appears more than once`) };
  }
  return normaliseDocument(parsed);
}

function normaliseDocument(value: unknown): PolicyDocument {
  if (!isRecord(value))
    return { kind: "malformed", problems: [`it must be an object, got ${describe(value)}`] };
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!DOCUMENT_ELEMENTS.has(key))
      problems.push(`unknown element '${key}' (expected Version, Id, Statement)`);
  }
  const rawStatements = value.Statement;
  let unknownStatements = isUnknown(rawStatements);
  const statements: Statement[] = [];
  if (rawStatements === undefined) {
    problems.push("it has no 'Statement'");
  } else if (!unknownStatements) {
    const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
    list.forEach((raw, index) => {
      if (isUnknown(raw)) unknownStatements = true;
      else statements.push(normaliseStatement(raw, index, problems));
    });
  }
  return problems.length > 0
    ? { kind: "malformed", problems }
    : { kind: "parsed", statements, unknownStatements };
}

function normaliseStatement(raw: unknown, index: number, problems: string[]): Statement {
  const at = `Statement[${index}]`;
  const empty: Statement = { index, effect: "unknown", condition: { entries: [], unknown: false } };
  if (!isRecord(raw)) {
    problems.push(`${at} must be an object, got ${describe(raw)}`);
    return empty;
  }
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.has(key)) problems.push(`${at} has an unknown element '${key}'`);
  }
  const sid = raw.Sid;
  if (sid !== undefined && typeof sid !== "string")
    problems.push(`${at}.Sid must be a string, got ${describe(sid)}`);
  const statement: Statement = {
    index,
    sid: typeof sid === "string" && !isUnknown(sid) ? sid : undefined,
    effect: readEffect(raw.Effect, at, problems),
    action: readValueList(raw.Action, `${at}.Action`, problems),
    notAction: readValueList(raw.NotAction, `${at}.NotAction`, problems),
    resource: readValueList(raw.Resource, `${at}.Resource`, problems),
    notResource: readValueList(raw.NotResource, `${at}.NotResource`, problems),
    principal: readPrincipals(raw.Principal, `${at}.Principal`, problems),
    notPrincipal: readPrincipals(raw.NotPrincipal, `${at}.NotPrincipal`, problems),
    condition: readConditions(raw.Condition, `${at}.Condition`, problems),
  };
  requireOneOf(raw, ["Action", "NotAction"], at, problems, true);
  requireOneOf(raw, ["Resource", "NotResource"], at, problems, false);
  requireOneOf(raw, ["Principal", "NotPrincipal"], at, problems, false);
  return statement;
}

function readEffect(value: unknown, at: string, problems: string[]): Effect {
  if (isUnknown(value)) return "unknown";
  if (value === "Allow" || value === "Deny") return value;
  problems.push(`${at}.Effect must be "Allow" or "Deny", got ${describe(value)}`);
  return "unknown";
}

/** Both elements of a pair are never allowed together; `required` means one of them must be present. */
function requireOneOf(
  raw: Record<string, unknown>,
  pair: [string, string],
  at: string,
  problems: string[],
  required: boolean,
) {
  const present = pair.filter((key) => raw[key] !== undefined);
  if (present.length === 2) problems.push(`${at} has both ${pair[0]} and ${pair[1]}`);
  if (required && present.length === 0) problems.push(`${at} has neither ${pair[0]} nor ${pair[1]}`);
}

function readValueList(value: unknown, at: string, problems: string[]): ValueList | undefined {
  if (value === undefined) return undefined;
  if (isUnknown(value)) return { known: [], unknown: true };
  const entries = Array.isArray(value) ? value : [value];
  const list: ValueList = { known: [], unknown: false };
  for (const entry of entries) {
    if (isUnknown(entry)) list.unknown = true;
    else if (typeof entry === "string") list.known.push(entry);
    else {
      problems.push(`${at} must be a string or a list of strings, got ${describe(value)}`);
      break;
    }
  }
  return list;
}

function readPrincipals(value: unknown, at: string, problems: string[]): Principals | undefined {
  if (value === undefined) return undefined;
  if (isUnknown(value)) return { entries: [], unknown: true, opaque: true };
  if (value === "*") return { entries: [{ type: "*", value: "*" }], unknown: false, opaque: false };
  if (!isRecord(value)) {
    problems.push(`${at} must be "*" or an object such as {"AWS": [...]}, got ${describe(value)}`);
    return undefined;
  }
  const principals: Principals = { entries: [], unknown: false, opaque: false };
  for (const [type, identifiers] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) problems.push(`${at} has an unknown principal type '${type}'`);
    const list = readValueList(identifiers, `${at}.${type}`, problems);
    principals.unknown ||= list?.unknown === true;
    for (const identifier of list?.known ?? []) principals.entries.push({ type, value: identifier });
  }
  return principals;
}

function readConditions(value: unknown, at: string, problems: string[]): Conditions {
  const conditions: Conditions = { entries: [], unknown: isUnknown(value) };
  if (value === undefined || conditions.unknown) return conditions;
  if (!isRecord(value)) {
    problems.push(`${at} must be an object of operators, got ${describe(value)}`);
    return conditions;
  }
  for (const [operator, keys] of Object.entries(value)) {
    if (isUnknown(keys)) conditions.unknown = true;
    else if (!isRecord(keys))
      problems.push(`${at}.${operator} must be an object of condition keys, got ${describe(keys)}`);
    else {
      for (const [key, values] of Object.entries(keys)) {
        const list = readConditionValues(values, `${at}.${operator}.${key}`, problems);
        conditions.entries.push({ operator, key: key.toLowerCase(), values: list });
      }
    }
  }
  return conditions;
}

/** Condition values may also be booleans and numbers (`"aws:SecureTransport": false`). */
function readConditionValues(value: unknown, at: string, problems: string[]): ValueList {
  const scalars = (Array.isArray(value) ? value : [value]).map((entry) =>
    typeof entry === "boolean" || typeof entry === "number" ? String(entry) : entry,
  );
  return readValueList(scalars, at, problems) ?? { known: [], unknown: false };
}

/** `${aws:username}` and the escapes `${*}`, `${?}` are policy variables, not wildcards. */
export function hasWildcard(text: string): boolean {
  return /[*?]/.test(withoutPolicyVariables(text));
}

export function withoutPolicyVariables(text: string): string {
  return text.replace(/\$\{[^}]*\}/g, "");
}

/** Everyone: the bare `"*"` principal or `{"AWS": "*"}` (both mean any principal, authenticated or not). */
export function isAnyonePrincipal(entry: PrincipalEntry): boolean {
  return entry.value === "*" && (entry.type === "*" || entry.type === "AWS");
}

/** An account root, `arn:aws:iam::123456789012:root` or the bare account id: delegation to that account's IAM. */
export function isAccountRoot(entry: PrincipalEntry): boolean {
  return entry.type === "AWS" && /^(arn:aws[a-z-]*:iam::\d{12}:root|\d{12})$/.test(entry.value);
}

/** `Statement[2] (Sid "ReadLogs")`, to name a statement in messages. */
export function describeStatement(statement: Statement): string {
  return `Statement[${statement.index}]${statement.sid ? ` (Sid "${statement.sid}")` : ""}`;
}

/** Where keys repeat in one JSON object (the text already parsed, so it is well formed). */
export function duplicateKeys(json: string): string[] {
  interface Frame {
    path: string;
    keys?: Set<string>;
    expectingKey: boolean;
    index: number;
  }
  const stack: Frame[] = [];
  const duplicates: string[] = [];
  let lastKey = "";
  const childPath = () => {
    const parent = stack[stack.length - 1];
    if (!parent) return "";
    return parent.keys ? `${parent.path}.${lastKey}` : `${parent.path}[${parent.index}]`;
  };
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      const end = endOfString(json, i);
      if (top?.keys && top.expectingKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (top.keys.has(key)) duplicates.push(`'${`${top.path}.${key}`.replace(/^\./, "")}'`);
        top.keys.add(key);
        top.expectingKey = false;
        lastKey = key;
      }
      i = end;
    } else if (char === "{" || char === "[") {
      stack.push({
        path: childPath(),
        keys: char === "{" ? new Set() : undefined,
        expectingKey: true,
        index: 0,
      });
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === "," && top) {
      if (top.keys) top.expectingKey = true;
      else top.index++;
    }
  }
  return duplicates;
}

function endOfString(json: string, start: number): number {
  let i = start + 1;
  while (json[i] !== '"') i += json[i] === "\\" ? 2 : 1;
  return i;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array ${JSON.stringify(value).slice(0, 60)}`;
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
}
