/** Hand-built captured stacks and fixture-pack helpers for the analyzer host tests. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CapturedOptions, CapturedResource, CapturedStack } from "../../../../evaluator/capture/types";

export const PACKS = resolve(__dirname, "../../../fixtures/packs");
export const packDir = (name: string) => join(PACKS, name);

export const PROJECT = "proj";
export const STACK = "dev";
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

export const urn = (qualifiedType: string, name: string) =>
  `urn:pulumi:${STACK}::${PROJECT}::${qualifiedType}::${name}`;

export const NO_OPTIONS: CapturedOptions = {
  protect: false,
  retainOnDelete: false,
  ignoreChanges: [],
  deleteBeforeReplace: false,
  deleteBeforeReplaceDefined: false,
  additionalSecretOutputs: [],
  aliases: [],
};

export function resource(
  fields: Pick<CapturedResource, "urn" | "type" | "name"> & Partial<CapturedResource>,
): CapturedResource {
  const inputs = fields.inputs ?? {};
  return {
    custom: true,
    remote: false,
    parent: STACK_URN,
    inputs,
    outputs: inputs,
    dependencies: [],
    propertyDependencies: {},
    ...fields,
    options: { ...NO_OPTIONS, ...fields.options },
  };
}

export const stackResource = (): CapturedResource =>
  resource({
    urn: STACK_URN,
    type: "pulumi:pulumi:Stack",
    name: `${PROJECT}-${STACK}`,
    custom: false,
    parent: undefined,
  });

export function capturedStack(
  resources: CapturedResource[],
  fields: Partial<CapturedStack> = {},
): CapturedStack {
  return {
    project: PROJECT,
    stack: STACK,
    organization: "acme",
    config: {},
    secretKeys: [],
    resources,
    outputs: {},
    warnings: [],
    ...fields,
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "finguard-analyzer-"));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

export interface RecordedCall {
  method: string;
  request?: Record<string, unknown>;
  env?: Record<string, string>;
  cwd?: string;
}

/** What a fixture pack's record-calls.js wrote. */
export function readRecording(file: string): RecordedCall[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedCall);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface ValueObject {
  nullValue?: number;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: StructObject;
  listValue?: { valuesList: ValueObject[] };
}

export interface StructObject {
  fieldsMap: Array<[string, ValueObject]>;
}

/** A google.protobuf.Struct as jspb's toObject() wrote it, back to plain JSON. */
export function decodeStruct(struct: StructObject): Record<string, unknown> {
  return Object.fromEntries(struct.fieldsMap.map(([key, value]) => [key, decodeValue(value)]));
}

function decodeValue(value: ValueObject): unknown {
  if (value.structValue) return decodeStruct(value.structValue);
  if (value.listValue) return value.listValue.valuesList.map(decodeValue);
  return value.stringValue ?? value.numberValue ?? value.boolValue ?? null;
}
