import assert from "node:assert/strict";
import { readNumber, type RawConfig } from "../../../../policy-pack/lib/config";
import type { ResourcePolicyDefinition, StackPolicyDefinition } from "../../../../policy-pack/lib/policy";
import { appliesToType, defaultsOf } from "../../../../policy-pack/lib/policy";
import { isUnknown, undecidable } from "../../../../policy-pack/lib/values";
import { UNKNOWN, evaluateResource, evaluateStack, urnOf } from "../harness";

const base = {
  displayName: "Test",
  description: "test policy",
  area: "tags" as const,
  severity: "low" as const,
  pci: ["12.5.1"] as const,
  remediationSteps: "fix it",
  configProperties: { limit: { type: "number", default: 3 } },
  parseConfig: (raw: RawConfig) => ({ limit: readNumber(raw, "limit", { min: 0 }) }),
};

const sizePolicy: ResourcePolicyDefinition<{ limit: number }> = {
  ...base,
  kind: "resource",
  name: "test-size",
  appliesTo: new Set(["test:index:Thing"]),
  check: ({ props, config }) => {
    if (isUnknown(props.size)) return undecidable("size", props.size);
    if (props.explode) throw new TypeError("cannot read properties of undefined");
    return typeof props.size === "number" && props.size > config.limit
      ? [{ message: `size ${props.size} > ${config.limit}`, id: "size" }]
      : [];
  },
};

describe("policy adapter", () => {
  it("fills config defaults from the schema and lets config override them", async () => {
    assert.deepEqual(defaultsOf(sizePolicy), { limit: 3, exemptions: [] });
    assert.deepEqual(
      (await evaluateResource(sizePolicy, { type: "test:index:Thing", props: { size: 4 } })).violations,
      ["size 4 > 3"],
    );
    assert.deepEqual(
      (
        await evaluateResource(sizePolicy, {
          type: "test:index:Thing",
          props: { size: 4 },
          config: { limit: 5 },
        })
      ).violations,
      [],
    );
  });

  it("skips types the policy does not apply to", async () => {
    assert.ok(!appliesToType(sizePolicy, "test:index:Other"));
    assert.deepEqual(await evaluateResource(sizePolicy, { type: "test:index:Other", props: { size: 99 } }), {
      violations: [],
    });
  });

  it("defers through the SDK's UnknownValueError", async () => {
    const verdict = await evaluateResource(sizePolicy, {
      type: "test:index:Thing",
      props: { size: UNKNOWN },
    });
    assert.match(verdict.deferred ?? "", /string value at \.size can't be known during preview/);
  });

  it("fails closed, naming the policy, when a check throws", async () => {
    const verdict = await evaluateResource(sizePolicy, {
      type: "test:index:Thing",
      props: { explode: true },
    });
    assert.deepEqual(verdict.violations, [
      "policy 'test-size' failed on this resource and fails closed: cannot read properties of undefined",
    ]);
  });

  it("fails closed on config that breaks its bounds", async () => {
    const verdict = await evaluateResource(sizePolicy, {
      type: "test:index:Thing",
      props: { size: 1 },
      config: { limit: -1 },
    });
    assert.deepEqual(verdict.violations, [
      "invalid configuration for policy 'test-size': 'limit' must be >= 0",
    ]);
  });

  it("rejects exemptions that are not a list of objects", async () => {
    const verdict = await evaluateResource(sizePolicy, {
      type: "test:index:Thing",
      props: { size: 1 },
      config: { exemptions: "all" },
    });
    assert.match(verdict.violations[0], /'exemptions' must be an array of objects/);
  });

  it("exempts only the findings an exemption lists", async () => {
    const urn = urnOf("test:index:Thing", "subject");
    const config = { exemptions: [{ urn, reason: "r", expires: "2999-01-01", findings: ["other"] }] };
    const verdict = await evaluateResource(sizePolicy, {
      type: "test:index:Thing",
      props: { size: 9 },
      config,
    });
    assert.deepEqual(verdict.violations, ["size 9 > 3"]);
  });
});

const orphanPolicy: StackPolicyDefinition<{ limit: number }> = {
  ...base,
  kind: "stack",
  name: "test-orphans",
  appliesTo: new Set(["test:index:Thing"]),
  check: ({ graph }) => {
    const things = graph.ofType("test:index:Thing");
    return {
      findings: things
        .filter((t) => graph.dependentsOf(t.urn, "test:index:Guard").length === 0 && !isUnknown(t.props.mode))
        .map((t) => ({ urn: t.urn, message: `${t.name} has no guard` })),
      deferred: things
        .filter((t) => isUnknown(t.props.mode))
        .map((t) => ({ urn: t.urn, reason: "mode unknown" })),
    };
  },
};

describe("stack policy adapter", () => {
  const cases = [
    { type: "test:index:Thing", name: "guarded" },
    { type: "test:index:Guard", name: "guard", propertyDependencies: { thing: ["guarded"] } },
    { type: "test:index:Thing", name: "bare" },
    { type: "test:index:Thing", name: "legacy" },
    { type: "test:index:Thing", name: "pending", props: { mode: UNKNOWN } },
  ];

  it("reports per-URN violations, and exemptions and deferrals as notApplicable lines", async () => {
    const legacy = urnOf("test:index:Thing", "legacy");
    const config = {
      exemptions: [{ urn: legacy, reason: "migrating", expires: "2999-01-01", ticket: "T-1" }],
    };
    const verdict = await evaluateStack(orphanPolicy, cases, config);
    assert.deepEqual(verdict.violations, [
      { urn: urnOf("test:index:Thing", "bare"), message: "bare has no guard" },
    ]);
    assert.deepEqual((verdict.notApplicable ?? "").split("\n"), [
      `exempted ${legacy}: migrating [ticket T-1] (expires 2999-01-01); suppressed: legacy has no guard`,
      `deferred ${urnOf("test:index:Thing", "pending")}: mode unknown`,
    ]);
  });
});
