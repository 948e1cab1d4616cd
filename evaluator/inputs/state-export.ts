/**
 * Reads a `pulumi stack export` file (deployment version 3) into a CapturedStack, so the same
 * pack can audit what is deployed without a preview (pulumi/pulumi-policy#253). Secrets stored
 * encrypted (`ciphertext`) are never decrypted: they reach the pack as secret unknowns, which the
 * policies treat like values not known during a preview.
 */
import { readFileSync } from "node:fs";
import type { CapturedResource, CapturedStack } from "../capture/types";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../capture/types";
import { InputError } from "./errors";
import { parseUrn } from "./urn";

interface StateResource {
  urn?: unknown;
  type?: unknown;
  custom?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  parent?: unknown;
  dependencies?: unknown;
  propertyDependencies?: unknown;
  provider?: unknown;
  protect?: unknown;
  retainOnDelete?: unknown;
}

export function readStateExport(file: string): CapturedStack {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(
      `state file ${file}: not a readable JSON stack export (${(error as Error).message})`,
    );
  }
  const root = parsed as { version?: unknown; deployment?: { resources?: unknown } };
  if (root?.version !== 3) {
    throw new InputError(
      `state file ${file}: expected a deployment of version 3, got version ${JSON.stringify(root?.version)}`,
    );
  }
  const resources = root.deployment?.resources;
  if (!Array.isArray(resources))
    throw new InputError(`state file ${file}: deployment.resources is missing or not a list`);
  const captured = resources.map((r: StateResource, index) => toCaptured(r, index, file));
  const stackUrn = captured.find((r) => parseUrn(r.urn))?.urn;
  const identity = stackUrn ? parseUrn(stackUrn) : undefined;
  return {
    project: identity?.project ?? "unknown",
    stack: identity?.stack ?? "unknown",
    organization: "",
    config: {},
    secretKeys: [],
    resources: captured,
    outputs: {},
    warnings: [
      "evaluated from a state export: stack config is not in the export, so config-derived settings " +
        "(such as environmentSuffix) fall back to the stack name; encrypted secrets are treated as unknown",
    ],
  };
}

function toCaptured(r: StateResource, index: number, file: string): CapturedResource {
  if (typeof r?.urn !== "string" || typeof r.type !== "string") {
    throw new InputError(`state file ${file}: resource ${index} has no urn or type`);
  }
  return {
    urn: r.urn,
    type: r.type,
    name: parseUrn(r.urn)?.name ?? r.urn,
    custom: r.custom === true,
    remote: false,
    parent: typeof r.parent === "string" ? r.parent : undefined,
    provider: typeof r.provider === "string" ? r.provider : undefined,
    inputs: revealSecrets(r.inputs ?? {}) as Record<string, unknown>,
    outputs: revealSecrets(r.outputs ?? {}) as Record<string, unknown>,
    dependencies: stringList(r.dependencies),
    propertyDependencies: Object.fromEntries(
      Object.entries((r.propertyDependencies ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        stringList(v),
      ]),
    ),
    options: {
      protect: r.protect === true,
      retainOnDelete: r.retainOnDelete === true,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      deleteBeforeReplaceDefined: false,
      additionalSecretOutputs: [],
      aliases: [],
    },
  };
}

/** State secrets are `{sig, plaintext}` (decrypted export) or `{sig, ciphertext}`; both become wire secrets. */
function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG] === SECRET_SIG_VALUE) {
    const inner = typeof record.plaintext === "string" ? parsePlaintext(record.plaintext) : UNKNOWN_STRING;
    return { [SECRET_SIG]: SECRET_SIG_VALUE, value: inner };
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revealSecrets(v)]));
}

function parsePlaintext(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
