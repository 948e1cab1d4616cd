/**
 * Table-driven "data at rest uses a customer-managed key": one EncryptionSpec per resource type
 * says where its encrypted parts are, which settings must switch encryption on and where the key
 * reference is. `evaluateParts` turns a resource of the stack and its spec into findings.
 *
 * Values are read raw. A value unknown during preview that the program built from no resource
 * was not set by the program (the provider computes it, and AWS then picks its own key): it
 * counts as absent. Other unknown values are decided through their propertyDependencies.
 */
import type { GraphResource } from "../../lib/graph";
import type { StackFinding } from "../../lib/policy";
import { getPath, isUnknown } from "../../lib/values";
import { EXPECTED_KEY, describeValue, type KeyResolver } from "./key-references";

/** Reads a dotted path relative to the part being checked. */
export type Reader = (path: string) => unknown;

/** A setting that must hold for the part to be encrypted with a customer key. */
export interface Requirement {
  path: string;
  accepts(value: unknown): boolean;
  /** The expected value, for messages. */
  expected: string;
}

/** When a part is in scope; "unknown" when that depends on a value unknown during preview. */
export interface Applicability {
  describe: string;
  test(read: Reader): boolean | "unknown";
}

export interface EncryptedPart {
  /** Where the parts are (e.g. `ebsBlockDevices`), arrays expanded at every hop; the resource itself when absent. */
  at?: string;
  /** When set, having no part in scope is a violation; the text says what AWS does then. */
  missing?: string;
  appliesWhen?: Applicability;
  requires?: readonly Requirement[];
  /** Path of the key reference, relative to the part. */
  key: string;
  /** What AWS uses when the key is not set, completing "..., so <withoutKey>". */
  withoutKey: string;
}

export interface EncryptionSpec {
  type: string;
  parts: readonly EncryptedPart[];
}

/** A finding of a customer-managed-key check; `unverifiable` ones hinge on values unknown during preview. */
export interface CmkFinding extends StackFinding {
  unverifiable?: boolean;
}

export function mustBeTrue(path: string): Requirement {
  return { path, accepts: (value) => value === true || value === "true", expected: "true" };
}

export function mustBeOneOf(path: string, allowed: readonly string[]): Requirement {
  return {
    path,
    accepts: (value) => typeof value === "string" && allowed.includes(value),
    expected: allowed.map((v) => JSON.stringify(v)).join(" or "),
  };
}

/** A part switched on by a flag, its key beside it (e.g. `storageEncrypted` + `kmsKeyId`). */
export function flaggedKey(flag: string, key: string, withoutKey: string): EncryptedPart {
  return { requires: [mustBeTrue(flag)], key, withoutKey };
}

export function whenEquals(path: string, expected: unknown): Applicability {
  return {
    describe: `${path} is ${JSON.stringify(expected)}`,
    test: (read) => {
      const value = read(path);
      return isUnknown(value) ? "unknown" : value === expected;
    },
  };
}

export function whenTrue(path: string): Applicability {
  return whenEquals(path, true);
}

export function whenNotSet(path: string): Applicability {
  return {
    describe: `${path} is not set`,
    test: (read) => {
      const value = read(path);
      if (isUnknown(value)) return "unknown";
      return value === undefined || value === null;
    },
  };
}

/** A map with at least one entry (e.g. Lambda environment variables). */
export function whenHasEntries(path: string): Applicability {
  return {
    describe: `${path} has entries`,
    test: (read) => {
      const value = read(path);
      if (isUnknown(value)) return "unknown";
      return typeof value === "object" && value !== null && Object.keys(value).length > 0;
    },
  };
}

type Segments = readonly string[];

/**
 * An input unknown during preview that the program built from no resource is one the program did
 * not set: the provider computes it (RDS or EBS `kmsKeyId`, a bucket's inline encryption), which
 * for encryption settings means AWS picks its own default. It counts as absent.
 */
function hasSources(resource: GraphResource, property: string): boolean {
  return (resource.propertyDependencies[property] ?? []).length > 0;
}

/** `ebsBlockDevices[1].kmsKeyId` from its segments. */
function display(segments: Segments): string {
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** Raw values of one resource, with unknowns the program did not build treated as absent. */
class InputReader {
  constructor(private readonly resource: GraphResource) {}

  value(segments: Segments): unknown {
    const value = getPath(this.resource.props, segments.join("."));
    return isUnknown(value) && !hasSources(this.resource, segments[0]) ? undefined : value;
  }

  /** Segments of every value at `path`, expanding arrays at every hop and skipping absent values. */
  locate(path: string): Segments[] {
    let found: Segments[] = [[]];
    for (const key of path.split(".")) found = found.flatMap((base) => this.present([...base, key]));
    return found;
  }

  private present(segments: Segments): Segments[] {
    const value = this.value(segments);
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.flatMap((_, i) => this.present([...segments, String(i)]));
    return [segments];
  }
}

/** Findings of one resource against the parts of its spec. */
export function evaluateParts(
  resource: GraphResource,
  parts: readonly EncryptedPart[],
  resolver: KeyResolver,
): CmkFinding[] {
  const reader = new InputReader(resource);
  return parts.flatMap((part) => evaluatePart(resource, part, reader, resolver));
}

function evaluatePart(
  resource: GraphResource,
  part: EncryptedPart,
  reader: InputReader,
  resolver: KeyResolver,
): CmkFinding[] {
  const findings: CmkFinding[] = [];
  let inScope = 0;
  for (const base of part.at ? reader.locate(part.at) : [[]]) {
    const read: Reader = (path) => reader.value([...base, ...path.split(".")]);
    const applies = part.appliesWhen?.test(read) ?? true;
    if (applies === false) continue;
    inScope++;
    const problems = partProblems(resource, part, base, read, resolver);
    findings.push(
      ...(applies === "unknown" ? problems.map((p) => conditional(p, part.appliesWhen?.describe)) : problems),
    );
  }
  if (part.missing !== undefined && inScope === 0) {
    findings.push({ urn: resource.urn, id: part.at, message: `${part.missing}; ${EXPECTED_KEY}.` });
  }
  return findings;
}

/**
 * The first problem of one part: a requirement that does not hold, else the key. A requirement
 * unknown during preview is left to the key: a key of this stack shows encryption is meant.
 */
function partProblems(
  resource: GraphResource,
  part: EncryptedPart,
  base: Segments,
  read: Reader,
  resolver: KeyResolver,
): CmkFinding[] {
  const path = (relative: string) => display([...base, ...relative.split(".")]);
  const finding = (id: string, message: string, unverifiable = false): CmkFinding[] => [
    { urn: resource.urn, id, message, ...(unverifiable ? { unverifiable } : {}) },
  ];
  for (const requirement of part.requires ?? []) {
    const value = read(requirement.path);
    if (isUnknown(value) || requirement.accepts(value)) continue;
    const at = path(requirement.path);
    return finding(
      at,
      `${at} is ${describeValue(value)}; expected ${requirement.expected}, with ${path(part.key)} set to a customer-managed KMS key.`,
    );
  }
  const keyPath = path(part.key);
  const decision = resolver.decide(resource, base[0] ?? part.key.split(".")[0], read(part.key));
  switch (decision.kind) {
    case "customer-managed":
      return [];
    case "absent":
      return finding(keyPath, `${keyPath} is not set, so ${part.withoutKey}; ${EXPECTED_KEY}.`);
    case "not-customer-managed":
      return finding(keyPath, `${keyPath} ${decision.why}; ${EXPECTED_KEY}.`);
    case "unverifiable":
      return finding(keyPath, `${keyPath} ${decision.why}; ${EXPECTED_KEY}.`, true);
  }
}

/** A problem of a part whose scope is unknown during preview can only be unverifiable. */
function conditional(finding: CmkFinding, scopeCondition: string | undefined): CmkFinding {
  const scope = ` This applies only if ${scopeCondition}, which is unknown during preview.`;
  return { ...finding, message: finding.message + scope, unverifiable: true };
}
