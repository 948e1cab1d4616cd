/**
 * Config fuzzing through the unit-test harness (the SDK's deserializer and unknown-checking proxy
 * in front of the adapter, getConfig returning the generated config): the Node server's pack
 * config is module-private, so this is where config varies.
 *
 * - Any config, schema-valid or not, together with any resource: the adapter must never throw and
 *   no check may fail closed on a TypeError (bad config must become "invalid configuration").
 * - A config the engine accepts (it validates pack config against each policy's JSON schema)
 *   must not be rejected by the policy, except for what a schema cannot express (regular
 *   expressions that do not compile, a blank environment suffix).
 */
import assert from "node:assert/strict";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { ALL_POLICIES } from "../../policy-pack/library";
import { configSchemaOf, defaultsOf, type PolicyDefinition } from "../../policy-pack/lib/policy";
import {
  evaluateResource,
  evaluateStack,
  type ResourceVerdict,
  type StackResourceCase,
  type StackVerdict,
} from "../unit/policy-pack/harness";
import { keyArb, leafArb, stringArb, valueArb } from "./support/arbitraries";
import { FAILS_CLOSED, INVALID_CONFIGURATION } from "./support/invariants";
import { resourceArb, stackArb } from "./support/resources";
import type { WireResource } from "./support/rpc";
import { CONFIG_RUNS, SEED_NOTE, fcParameters, setStackIdentity } from "./support/settings";

setStackIdentity();

type Schema = {
  type?: string;
  enum?: unknown[];
  items?: Schema;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  additionalProperties?: Schema | boolean;
};

/** A value that fits (or nearly fits) a property's JSON schema. */
function fittingValue(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 4000 });
    case "number":
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 4000 }),
        fc.double({ noNaN: true }),
      );
    case "string":
      return fc.oneof(
        stringArb(),
        fc.constantFrom(
          "",
          "test",
          "*",
          "(",
          "[a-",
          "^prod$",
          "{suffix}",
          "{type}-{suffix}",
          "kebab",
          "suffix-token",
        ),
      );
    case "array":
      return fc.array(schema.items ? fittingValue(schema.items) : leafArb, { maxLength: 4 });
    case "object":
      return fc.dictionary(
        fc.oneof(
          keyArb(),
          fc.constantFrom("aws:s3/bucket:Bucket", "aws:sqs/queue:Queue", "Environment", "Owner"),
        ),
        typeof schema.additionalProperties === "object" ? fittingValue(schema.additionalProperties) : leafArb,
        { maxKeys: 3 },
      );
    default:
      return valueArb;
  }
}

const exemptionArb = (urns: readonly string[]) =>
  fc.record(
    {
      urn: fc.oneof(fc.constantFrom(...urns, ""), fc.string({ maxLength: 20 })),
      urnPattern: fc.oneof(
        fc.constantFrom("*", "*::aws:*", "urn:pulumi:*", "?", "*[*", "*(*", "*\\*", "**", "*.*", "*$*"),
        fc.constantFrom(...urns).map((u) => u.slice(0, Math.max(1, u.length - 4)) + "*"),
      ),
      reason: fc.oneof(fc.constantFrom("accepted risk", "", "  "), fc.string({ maxLength: 30 })),
      expires: fc.oneof(
        fc.constantFrom("2999-12-31", "2000-01-01", "2024-02-30", "not-a-date", "", "2025-13-01"),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      ),
      ticket: fc.string({ maxLength: 10 }),
      findings: fc.array(
        fc.oneof(
          fc.constantFrom("missing", "Action::*", "gateway", "logicalName", "Statement[0]"),
          fc.string({ maxLength: 12 }),
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  );

/** A config: defaults, fitting values, wrong types, unknown keys, and exemptions aimed at the request's URNs. */
function configArb(
  definition: PolicyDefinition,
  urns: readonly string[],
): fc.Arbitrary<Record<string, unknown>> {
  const properties = configSchemaOf(definition).properties as Record<string, Schema>;
  const entries = Object.entries(properties)
    .filter(([key]) => key !== "exemptions")
    .map(
      ([key, schema]) =>
        [
          key,
          fc.oneof(
            { weight: 3, arbitrary: fc.constant(schema.default) },
            { weight: 4, arbitrary: fittingValue(schema) },
            { weight: 1, arbitrary: valueArb },
          ),
        ] as const,
    );
  return fc
    .tuple(
      fc.record(Object.fromEntries(entries), { requiredKeys: [] }),
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.array(exemptionArb(urns.length > 0 ? urns : ["urn:x"]), { maxLength: 3 }),
        },
        { weight: 1, arbitrary: valueArb },
      ),
      fc.option(fc.dictionary(keyArb(), leafArb, { maxKeys: 2 }), { freq: 4 }),
    )
    .map(([own, exemptions, extra]) => ({ ...(extra ?? {}), ...own, exemptions }));
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validators = new Map(
  ALL_POLICIES.map((definition) => {
    const { properties } = configSchemaOf(definition) as { properties: Record<string, unknown> };
    return [definition.name, ajv.compile({ type: "object", properties })] as const;
  }),
);

/**
 * Rejections a JSON schema cannot prevent, so the engine lets them through and the pack must
 * catch them: regular expressions that do not compile, a blank environment suffix, and
 * constraints between two keys (a maximum below the minimum).
 */
const BEYOND_SCHEMA = [
  /not a valid regular expression/,
  /environment suffix/,
  /\{suffix\}/,
  /must be >= '\w+'/,
  /or a whole number >= '\w+'/,
  /in exact mode/,
];

function toStackCase(resource: WireResource): StackResourceCase {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: resource.props,
    protect: resource.protect,
    parent: resource.parent,
    dependencies: resource.dependencies,
    propertyDependencies: resource.propertyDependencies,
    provider: resource.provider,
  };
}

function messagesOf(verdict: ResourceVerdict | StackVerdict): string[] {
  return verdict.violations.map((v) => (typeof v === "string" ? v : v.message));
}

async function evaluateWith(
  definition: PolicyDefinition,
  request: WireResource | WireResource[],
  config: Record<string, unknown>,
): Promise<ResourceVerdict | StackVerdict> {
  if (Array.isArray(request)) return evaluateStack(definition, request.map(toStackCase), config);
  return evaluateResource(definition, { ...request, provider: request.provider, config });
}

describe(`fuzz: policy config through the harness (${SEED_NOTE})`, function () {
  this.timeout(0);
  for (const definition of ALL_POLICIES) {
    const requestArb: fc.Arbitrary<WireResource | WireResource[]> =
      definition.kind === "resource" ? resourceArb(definition) : stackArb(definition);
    const withConfig = requestArb.chain((request) =>
      fc.tuple(
        fc.constant(request),
        configArb(definition, Array.isArray(request) ? request.map((r) => r.urn) : [request.urn]),
      ),
    );
    const validate = validators.get(definition.name)!;

    it(`${definition.name}: ${CONFIG_RUNS} configs never crash, never fail closed, and schema-valid ones are accepted`, async () => {
      await fc.assert(
        fc.asyncProperty(withConfig, async ([request, config]) => {
          const first = await evaluateWith(definition, request, config);
          const second = await evaluateWith(definition, request, config);
          assert.deepEqual(second, first, "the same request and config got another answer");
          const messages = messagesOf(first);
          assert.deepEqual(
            messages.filter((m) => m.includes(FAILS_CLOSED)),
            [],
          );
          const schemaValid = validate({ ...defaultsOf(definition), ...config });
          if (schemaValid) {
            const rejected = messages.filter(
              (m) => m.includes(INVALID_CONFIGURATION) && !BEYOND_SCHEMA.some((p) => p.test(m)),
            );
            assert.deepEqual(rejected, [], "a config the engine accepts was rejected");
          }
        }),
        fcParameters(CONFIG_RUNS),
      );
    });
  }
});
