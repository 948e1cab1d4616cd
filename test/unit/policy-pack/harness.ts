/**
 * Runs a FinGuard policy definition the way the @pulumi/policy server does for one Analyze call:
 * properties go through a protobuf Struct, the SDK's deserializer and its unknown-checking proxy,
 * then through the FinGuard adapter. The end-to-end tests cover the real gRPC process.
 */
import type { ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import {
  toResourcePolicy,
  toStackPolicy,
  type PolicyDefinition,
  type ResourcePolicyDefinition,
  type StackPolicyDefinition,
} from "../../../policy-pack/lib/policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [require.resolve("@pulumi/pulumi")],
  }),
);

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";
export const secret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});

export interface ResourceCase {
  type: string;
  props: Record<string, unknown>;
  name?: string;
  urn?: string;
  protect?: boolean;
  provider?: { type?: string; urn?: string; props: Record<string, unknown> };
  config?: Record<string, unknown>;
}

export interface ResourceVerdict {
  violations: string[];
  notApplicable?: string;
  /** The SDK's "can't be known during preview" message when the policy deferred. */
  deferred?: string;
}

class NotApplicableSignal {
  constructor(readonly reason: string) {}
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::finguard-test::${type}::${name}`;
}

type ProviderCase = { type?: string; urn?: string; props: Record<string, unknown> };

/** Resource options as the server builds them from AnalyzerResourceOptions. */
const sdkOptions = (protect = false) => ({
  protect,
  ignoreChanges: [],
  aliases: [],
  additionalSecretOutputs: [],
  customTimeouts: {},
});

const sdkProvider = (provider: ProviderCase | undefined) =>
  provider && {
    type: provider.type ?? "pulumi:providers:aws",
    name: "default",
    urn: provider.urn ?? urnOf("pulumi:providers:aws", "default"),
    props: sdkProps(provider.props),
  };

const sdkProps = (props: Record<string, unknown>) =>
  unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(props), false));

export async function evaluateResource(
  definition: PolicyDefinition,
  c: ResourceCase,
): Promise<ResourceVerdict> {
  const name = c.name ?? "subject";
  const urn = c.urn ?? urnOf(c.type, name);
  const violations: string[] = [];
  const args = {
    type: c.type,
    name,
    urn,
    props: sdkProps(c.props),
    opts: sdkOptions(c.protect),
    provider: sdkProvider(c.provider),
    getConfig: () => c.config ?? {},
    notApplicable: (reason: string) => {
      throw new NotApplicableSignal(reason);
    },
  } as unknown as ResourceValidationArgs;
  try {
    const validate = toResourcePolicy(definition as ResourcePolicyDefinition<unknown>)
      .validateResource as ResourceValidation;
    await validate(args, (message: string) => violations.push(message));
  } catch (error) {
    if (error instanceof NotApplicableSignal) return { violations, notApplicable: error.reason };
    if (error instanceof UnknownValueError) return { violations, deferred: (error as Error).message };
    throw error;
  }
  return { violations };
}

export interface StackResourceCase {
  type: string;
  name: string;
  props?: Record<string, unknown>;
  urn?: string;
  protect?: boolean;
  parent?: string;
  /** URNs (or names of other cases) this resource depends on. */
  dependencies?: string[];
  /** Input name -> URNs (or names of other cases) the input was built from. */
  propertyDependencies?: Record<string, string[]>;
  provider?: { type?: string; urn?: string; props: Record<string, unknown> };
}

export interface StackVerdict {
  /** Violations as `urn: message`. */
  violations: Array<{ urn?: string; message: string }>;
  notApplicable?: string;
  deferred?: string;
}

/** Runs a stack policy the way the server's AnalyzeStack does, resolving names to URNs. */
export async function evaluateStack(
  definition: PolicyDefinition,
  cases: StackResourceCase[],
  config: Record<string, unknown> = {},
): Promise<StackVerdict> {
  const urnFor = new Map(cases.map((c) => [c.name, c.urn ?? urnOf(c.type, c.name)]));
  const resolve = (ref: string) => urnFor.get(ref) ?? ref;
  const resources = cases.map((c) => ({
    type: c.type,
    name: c.name,
    urn: resolve(c.name),
    props: sdkProps(c.props ?? {}),
    opts: sdkOptions(c.protect),
    provider: sdkProvider(c.provider),
    dependencies: [] as object[],
    propertyDependencies: {} as Record<string, object[]>,
    parent: undefined as object | undefined,
  }));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  cases.forEach((c, i) => {
    const r = resources[i];
    r.dependencies = (c.dependencies ?? []).flatMap((d) => byUrn.get(resolve(d)) ?? []);
    for (const [key, refs] of Object.entries(c.propertyDependencies ?? {})) {
      r.propertyDependencies[key] = refs.flatMap((d) => byUrn.get(resolve(d)) ?? []);
    }
    r.parent = c.parent ? byUrn.get(resolve(c.parent)) : undefined;
  });
  const violations: StackVerdict["violations"] = [];
  const args = {
    resources,
    getConfig: () => config,
    notApplicable: (reason: string) => {
      throw new NotApplicableSignal(reason);
    },
  } as unknown as StackValidationArgs;
  try {
    await toStackPolicy(definition as StackPolicyDefinition<unknown>).validateStack(
      args,
      (message: string, urn?: string) => violations.push({ urn, message }),
    );
  } catch (error) {
    if (error instanceof NotApplicableSignal) return { violations, notApplicable: error.reason };
    if (error instanceof UnknownValueError) return { violations, deferred: (error as Error).message };
    throw error;
  }
  return { violations };
}
