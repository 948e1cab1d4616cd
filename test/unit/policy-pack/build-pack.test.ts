/**
 * buildPolicies: the typed way to build a pack on top of FinGuard. The FinGuardPolicyConfigs
 * interface is checked against every policy's JSON schema through the TypeScript checker (names,
 * types, descriptions, @default values), so it cannot drift from the schemas the engine validates.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type {
  Policies,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidation,
  StackValidationPolicy,
} from "@pulumi/policy";
import * as ts from "typescript";
import { reconcilePolicyConfig } from "../../../evaluator/analyzer/config";
import type { AnalyzerInfo } from "../../../evaluator/analyzer/types";
import {
  ALL_POLICIES,
  BuildPoliciesError,
  buildPolicies,
  catalog,
  pulumiPolicies,
  type BuildPoliciesOptions,
} from "../../../policy-pack/library";
import { urnOf } from "./harness";

const BUILD_PACK = join(__dirname, "..", "..", "..", "policy-pack", "build-pack.ts");

describe("FinGuardPolicyConfigs (build-pack.ts)", function () {
  this.timeout(60_000);
  let declared: Map<string, ts.Symbol>;
  let checker: ts.TypeChecker;

  before(() => {
    // Only this file and the ES5 lib: the interface uses nothing else, and the check stays fast.
    const program = ts.createProgram([BUILD_PACK], {
      noResolve: true,
      noEmit: true,
      lib: ["lib.es5.d.ts"],
      types: [],
      strict: true,
    });
    checker = program.getTypeChecker();
    const source = program.getSourceFile(BUILD_PACK);
    assert.ok(source, "build-pack.ts not loaded");
    const moduleSymbol = checker.getSymbolAtLocation(source);
    assert.ok(moduleSymbol);
    const iface = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "FinGuardPolicyConfigs");
    assert.ok(iface, "FinGuardPolicyConfigs is not exported");
    const type = checker.getDeclaredTypeOfSymbol(iface);
    declared = new Map(checker.getPropertiesOfType(type).map((s) => [s.name, s]));
  });

  it("has exactly the registry's policies, in registry order", () => {
    assert.deepEqual(
      [...declared.keys()],
      ALL_POLICIES.map((p) => p.name),
    );
  });

  for (const entry of catalog()) {
    it(`${entry.name}: same properties, types, descriptions and defaults as its config schema`, () => {
      const policy = declared.get(entry.name);
      assert.ok(policy, `${entry.name} missing from FinGuardPolicyConfigs`);
      assert.equal(docOf(policy), entry.displayName, "the policy's doc comment is its displayName");
      assert.ok(!(policy.flags & ts.SymbolFlags.Optional), "policy entries are required");
      const config = checker.getTypeOfSymbol(policy);
      const properties = new Map(checker.getPropertiesOfType(config).map((s) => [s.name, s]));
      const schema = Object.fromEntries(
        Object.entries(entry.configSchema.properties).filter(([key]) => key !== "exemptions"),
      ) as Record<string, Record<string, unknown>>;
      assert.deepEqual([...properties.keys()].sort(), Object.keys(schema).sort(), "property names");
      for (const [key, property] of Object.entries(schema)) {
        const symbol = properties.get(key)!;
        assert.ok(!(symbol.flags & ts.SymbolFlags.Optional), `${key} must be required (defaults fill it)`);
        assert.equal(describeType(checker.getTypeOfSymbol(symbol)), describeSchema(property), `${key}: type`);
        assert.equal(docOf(symbol), normalize(String(property.description)), `${key}: description`);
        assert.deepEqual(defaultTagOf(symbol), property.default, `${key}: @default`);
      }
    });
  }

  function docOf(symbol: ts.Symbol): string {
    return normalize(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
  }

  function defaultTagOf(symbol: ts.Symbol): unknown {
    const tag = symbol.getJsDocTags(checker).find((t) => t.name === "default");
    assert.ok(tag, `${symbol.name} has no @default`);
    return JSON.parse(ts.displayPartsToString(tag.text));
  }

  /** A canonical spelling of a TypeScript type, comparable with describeSchema's. */
  function describeType(type: ts.Type): string {
    if (type.flags & ts.TypeFlags.Boolean) return "boolean";
    if (type.flags & ts.TypeFlags.String) return "string";
    if (type.flags & ts.TypeFlags.Number) return "number";
    if (type.isStringLiteral()) return JSON.stringify(type.value);
    if (type.isUnion()) return type.types.map(describeType).sort().join(" | ");
    if (checker.isArrayType(type)) {
      return `array<${describeType(checker.getTypeArguments(type as ts.TypeReference)[0])}>`;
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && checker.getPropertiesOfType(type).length === 0) return `map<${describeType(index.type)}>`;
    return `unsupported(${checker.typeToString(type)})`;
  }
});

/** The same canonical spelling for a JSON schema. */
function describeSchema(schema: Record<string, unknown>): string {
  switch (schema.type) {
    case "string":
      return Array.isArray(schema.enum)
        ? schema.enum
            .map((v) => JSON.stringify(v))
            .sort()
            .join(" | ")
        : "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `array<${describeSchema(schema.items as Record<string, unknown>)}>`;
    case "object":
      return `map<${describeSchema(schema.additionalProperties as Record<string, unknown>)}>`;
    default:
      return `unsupported(${JSON.stringify(schema)})`;
  }
}

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

describe("buildPolicies", () => {
  const names = (policies: Policies) => policies.map((p) => p.name);
  const byName = (policies: Policies, name: string) => {
    const policy = policies.find((p) => p.name === name);
    assert.ok(policy, `${name} not built`);
    return policy;
  };
  const defaultOf = (policies: Policies, name: string, property: string) =>
    (byName(policies, name).configSchema?.properties[property] as { default?: unknown } | undefined)?.default;

  describe("selection", () => {
    it("builds the whole pack, unchanged, without options", () => {
      const built = buildPolicies();
      const stock = pulumiPolicies();
      assert.deepEqual(names(built), names(stock));
      const metadata = (p: Policies[number]) => {
        const { name, enforcementLevel, severity, framework, remediationSteps, configSchema, tags, url } = p;
        return { name, enforcementLevel, severity, framework, remediationSteps, configSchema, tags, url };
      };
      assert.deepEqual(built.map(metadata), stock.map(metadata));
    });

    it("keeps the policies of the given areas, in registry order", () => {
      const built = buildPolicies({ areas: ["iam", "tags"] });
      assert.deepEqual(
        names(built),
        ALL_POLICIES.filter((p) => p.area === "iam" || p.area === "tags").map((p) => p.name),
      );
    });

    it("keeps the policies of a severity or higher", () => {
      const built = buildPolicies({ minSeverity: "high" });
      assert.deepEqual(
        names(built),
        ALL_POLICIES.filter((p) => p.severity === "high" || p.severity === "critical").map((p) => p.name),
      );
      assert.ok(names(buildPolicies({ minSeverity: "critical" })).every((n) => n !== "tags-required"));
    });

    it("applies every filter given", () => {
      const built = buildPolicies({ areas: ["iam"], minSeverity: "critical" });
      assert.deepEqual(names(built), ["iam-no-public-principal", "iam-no-admin-managed-policies"]);
    });

    it("without filters, include is the whole selection", () => {
      assert.deepEqual(names(buildPolicies({ include: ["iam-unknown-actions", "tags-required"] })), [
        "tags-required",
        "iam-unknown-actions",
      ]);
    });

    it("with filters, include adds policies the filters drop", () => {
      const built = names(buildPolicies({ minSeverity: "critical", include: ["tags-required"] }));
      assert.ok(built.includes("tags-required"));
      assert.ok(built.includes("iam-no-public-principal"));
      assert.ok(!built.includes("naming-environment-suffix"));
    });

    it("exclude removes policies", () => {
      const built = names(buildPolicies({ exclude: ["naming-environment-suffix", "iam-unknown-actions"] }));
      assert.equal(built.length, ALL_POLICIES.length - 2);
      assert.ok(!built.includes("naming-environment-suffix") && !built.includes("iam-unknown-actions"));
    });

    it("rejects contradictions, empty selections and unknown names", () => {
      const cases: Array<[BuildPoliciesOptions, RegExp]> = [
        [
          { include: ["tags-required"], exclude: ["tags-required"] },
          /'tags-required' both included and excluded/,
        ],
        [{ areas: [] }, /select no policy/],
        [{ include: ["tags-requird" as never] }, /'include' names unknown policy 'tags-requird'/],
        [{ exclude: ["nope" as never] }, /'exclude' names unknown policy 'nope'/],
        [{ areas: ["storage" as never] }, /unknown area\(s\) 'storage'/],
        [{ minSeverity: "severe" as never }, /minSeverity must be one of low, medium, high, critical/],
        [{ minSeverity: "toString" as never }, /minSeverity must be one of/],
        [
          { enforcementLevel: "remediate" as never },
          /enforcementLevel must be one of advisory, mandatory, disabled/,
        ],
        [{ minseverity: "high" } as never, /unknown option\(s\) 'minseverity'/],
        [
          { policies: { "nope-policy": "advisory" } as never },
          /'policies' names unknown policy 'nope-policy'/,
        ],
        [
          { areas: ["iam"], policies: { "tags-required": "advisory" } },
          /'policies' sets 'tags-required', which the options do not select/,
        ],
      ];
      for (const [options, message] of cases) {
        assert.throws(
          () => buildPolicies(options),
          (error: Error) => {
            assert.ok(error instanceof BuildPoliciesError, String(error));
            assert.match(error.message, message);
            return true;
          },
        );
      }
    });
  });

  describe("enforcement levels", () => {
    it("sets every selected policy's level, and a policy's own setting wins", () => {
      const built = buildPolicies({
        enforcementLevel: "advisory",
        policies: {
          "iam-no-public-principal": "mandatory",
          "tags-required": { enforcementLevel: "disabled" },
        },
      });
      assert.equal(byName(built, "iam-no-public-principal").enforcementLevel, "mandatory");
      assert.equal(byName(built, "tags-required").enforcementLevel, "disabled");
      assert.equal(byName(built, "encryption-s3-cmk").enforcementLevel, "advisory");
    });

    it("keeps each policy's own level by default (iam-unknown-actions is advisory)", () => {
      const built = buildPolicies({ policies: { "tags-required": { requiredTags: ["Owner"] } } });
      assert.equal(byName(built, "iam-unknown-actions").enforcementLevel, "advisory");
      assert.equal(byName(built, "tags-required").enforcementLevel, "mandatory");
    });

    it("rejects a level the pack cannot run at", () => {
      assert.throws(
        () => buildPolicies({ policies: { "tags-required": "remediate" as never } }),
        /policy 'tags-required': enforcementLevel must be one of advisory, mandatory, disabled, got "remediate"/,
      );
    });
  });

  describe("configuration", () => {
    const settings: BuildPoliciesOptions = {
      policies: {
        "tags-required": { requiredTags: ["Team"], whenUnknown: "pass" },
        "logging-log-group-retention": { minimumDays: 365 },
      },
    };

    it("makes the settings the schema defaults, leaving other properties as they were", () => {
      const built = buildPolicies(settings);
      assert.deepEqual(defaultOf(built, "tags-required", "requiredTags"), ["Team"]);
      assert.equal(defaultOf(built, "tags-required", "whenUnknown"), "pass");
      assert.deepEqual(defaultOf(built, "tags-required", "allowedValues"), {});
      assert.equal(defaultOf(built, "logging-log-group-retention", "minimumDays"), 365);
      assert.equal(defaultOf(built, "logging-log-group-retention", "mode"), "minimum");
    });

    it("leaves the registry and other packs untouched", () => {
      buildPolicies(settings);
      const tags = catalog().find((c) => c.name === "tags-required")!;
      assert.deepEqual(tags.defaults.requiredTags, [
        "Environment",
        "Owner",
        "CostCenter",
        "DataClassification",
      ]);
      assert.deepEqual(
        defaultOf(buildPolicies(), "tags-required", "requiredTags"),
        tags.defaults.requiredTags,
      );
    });

    it("copies the settings: changing the options object later does not change the pack", () => {
      const requiredTags = ["Team"];
      const built = buildPolicies({ policies: { "tags-required": { requiredTags } } });
      requiredTags.push("Later");
      assert.deepEqual(defaultOf(built, "tags-required", "requiredTags"), ["Team"]);
    });

    it("validates with the engine's reconciliation (schema defaults, then JSON-schema validation)", () => {
      const config = reconcilePolicyConfig(analyzerInfoOf(buildPolicies(settings)));
      assert.deepEqual(config["tags-required"].properties.requiredTags, ["Team"]);
      assert.equal(config["logging-log-group-retention"].properties.minimumDays, 365);
      assert.equal(config["tags-required"].enforcementLevel, "mandatory");
    });

    it("applies the settings when the host sends no config (the adapter's defaults)", async () => {
      const tagged = { type: "aws:s3/bucket:Bucket", props: { tags: { Team: "payments" } } };
      const stock = await runResource(byName(buildPolicies(), "tags-required"), tagged);
      assert.equal(stock.violations.length, 1, "the stock pack wants Environment, Owner...");
      const custom = await runResource(byName(buildPolicies(settings), "tags-required"), tagged);
      assert.deepEqual(custom.violations, []);
    });

    it("lets a config file override a setting, as the engine merges config", async () => {
      const untagged = { type: "aws:s3/bucket:Bucket", props: { tags: { Team: "payments" } } };
      const policy = byName(buildPolicies(settings), "tags-required");
      const verdict = await runResource(policy, untagged, { requiredTags: ["CostCenter"] });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /CostCenter/);
    });

    it("rejects unknown properties and values the policy refuses, naming the policy", () => {
      assert.throws(
        () => buildPolicies({ policies: { "tags-required": { requiredTag: ["Team"] } as never } }),
        /policy 'tags-required' has no 'requiredTag' setting; it takes 'requiredTags', 'allowedValues', 'whenUnknown'/,
      );
      assert.throws(
        () => buildPolicies({ policies: { "network-vpc-flow-logs": { enabled: true } as never } }),
        /policy 'network-vpc-flow-logs' has no 'enabled' setting; it takes none/,
      );
      assert.throws(
        () =>
          buildPolicies({ policies: { "encryption-kms-key-rotation": { maxRotationPeriodInDays: 5000 } } }),
        /policy 'encryption-kms-key-rotation': 'maxRotationPeriodInDays' must be <= 2560/,
      );
      assert.throws(
        () =>
          buildPolicies({
            policies: {
              "logging-log-group-retention": { mode: "range", minimumDays: 400, maximumDays: 365 },
            },
          }),
        /'maximumDays' \(365\) must be >= 'minimumDays' \(400\)/,
      );
      assert.throws(
        () => buildPolicies({ policies: { "tags-required": { requiredTags: "Team" as never } } }),
        /policy 'tags-required': 'requiredTags' must be an array of strings/,
      );
    });
  });

  describe("exemptions in code", () => {
    const legacy = {
      urnPattern: "*::legacy-*",
      reason: "Migrated from the old account; tags added in PLAT-7",
      ticket: "PLAT-7",
      expires: "2099-12-31",
    } as const;
    const untaggedLegacy = {
      type: "aws:s3/bucket:Bucket",
      name: "legacy-archive",
      props: {},
    };

    it("become the default of the policy's exemptions", () => {
      const built = buildPolicies({ policies: { "tags-required": { exemptions: [legacy] } } });
      assert.deepEqual(defaultOf(built, "tags-required", "exemptions"), [legacy]);
      assert.deepEqual(defaultOf(built, "naming-environment-suffix", "exemptions"), []);
      const config = reconcilePolicyConfig(analyzerInfoOf(built));
      assert.deepEqual(config["tags-required"].properties.exemptions, [legacy]);
    });

    it("apply when the host sends no config, reported with their reason", async () => {
      const policy = byName(
        buildPolicies({ policies: { "tags-required": { exemptions: [legacy] } } }),
        "tags-required",
      );
      const verdict = await runResource(policy, untaggedLegacy);
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Migrated from the old account.*\[ticket PLAT-7\] \(expires 2099-12-31\)/,
      );
      const other = await runResource(policy, { ...untaggedLegacy, name: "orders" });
      assert.equal(other.violations.length, 1);
    });

    it("are replaced by a config that lists its own exemptions", async () => {
      const policy = byName(
        buildPolicies({ policies: { "tags-required": { exemptions: [legacy] } } }),
        "tags-required",
      );
      const verdict = await runResource(policy, untaggedLegacy, { exemptions: [] });
      assert.equal(verdict.violations.length, 1);
    });

    it("work for stack policies too", async () => {
      const igw = { type: "aws:ec2/internetGateway:InternetGateway", name: "edge-igw" };
      const exemption = {
        urn: urnOf(igw.type, igw.name),
        reason: "Authorized DMZ (PCI 1.4.2)",
        expires: "2099-12-31",
      } as const;
      const stock = await runStack(byName(buildPolicies(), "network-no-internet-gateway"), [igw]);
      assert.equal(stock.violations.length, 1);
      const policy = byName(
        buildPolicies({ policies: { "network-no-internet-gateway": { exemptions: [exemption] } } }),
        "network-no-internet-gateway",
      );
      const verdict = await runStack(policy, [igw]);
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /exempted .*edge-igw: Authorized DMZ/);
    });

    it("an expired one builds, and does not apply: the violation says why", async () => {
      const expired = { ...legacy, expires: "2001-01-31" } as const;
      const policy = byName(
        buildPolicies({ policies: { "tags-required": { exemptions: [expired] } } }),
        "tags-required",
      );
      const verdict = await runResource(policy, untaggedLegacy);
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2001-01-31/);
    });

    it("are checked when the pack is built", () => {
      const cases: Array<[unknown, RegExp]> = [
        [
          { urn: "urn:x", expires: "2099-01-01", reason: " " },
          /exemptions\[0\] is not valid: it has no reason/,
        ],
        [{ urn: "urn:x", reason: "r", expires: "2099-02-30" }, /is not a YYYY-MM-DD date/],
        [{ reason: "r", expires: "2099-01-01" }, /needs a urn or a urnPattern/],
        [{ urn: "urn:x", reason: "r", expires: "2099-01-01", until: "x" }, /unknown field\(s\) 'until'/],
        [{ urn: "urn:x", reason: "r", expires: "2099-01-01", findings: [""] }, /findings must be an array/],
        [{ urn: "urn:x", reason: "r".repeat(2049), expires: "2099-01-01" }, /longer than 2048/],
        ["urn:x", /must be an object/],
      ];
      for (const [exemption, message] of cases) {
        assert.throws(
          () => buildPolicies({ policies: { "tags-required": { exemptions: [exemption as never] } } }),
          message,
        );
      }
    });
  });
});

/** What GetAnalyzerInfo would publish for a pack of these policies. */
function analyzerInfoOf(policies: Policies): AnalyzerInfo {
  return {
    name: "custom",
    version: "1.0.0",
    supportsConfig: true,
    initialConfig: {},
    policies: policies.map((p) => ({
      name: p.name,
      description: p.description,
      enforcementLevel: p.enforcementLevel ?? "advisory",
      configSchema: {
        properties: (p.configSchema?.properties ?? {}) as Record<string, Record<string, unknown>>,
        required: [],
      },
    })),
  };
}

class NotApplicable {
  constructor(readonly reason: string) {}
}

interface Verdict {
  violations: string[];
  notApplicable?: string;
}

/** Calls a built resource policy as the @pulumi/policy server does; `config` is what getConfig returns. */
async function runResource(
  policy: Policies[number],
  resource: { type: string; name?: string; props: Record<string, unknown> },
  config: Record<string, unknown> = {},
): Promise<Verdict> {
  const name = resource.name ?? "subject";
  const violations: string[] = [];
  const args = {
    type: resource.type,
    name,
    urn: urnOf(resource.type, name),
    props: resource.props,
    opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: {} },
    getConfig: () => config,
    notApplicable: (reason: string) => {
      throw new NotApplicable(reason);
    },
  } as unknown as Parameters<ResourceValidation>[0];
  try {
    await ((policy as ResourceValidationPolicy).validateResource as ResourceValidation)(args, (message) =>
      violations.push(message),
    );
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, notApplicable: error.reason };
    throw error;
  }
  return { violations };
}

async function runStack(
  policy: Policies[number],
  resources: Array<{ type: string; name: string; props?: Record<string, unknown> }>,
  config: Record<string, unknown> = {},
): Promise<Verdict> {
  const violations: string[] = [];
  const args = {
    resources: resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: urnOf(r.type, r.name),
      props: r.props ?? {},
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: {},
      },
      dependencies: [],
      propertyDependencies: {},
    })),
    getConfig: () => config,
    notApplicable: (reason: string) => {
      throw new NotApplicable(reason);
    },
  } as unknown as Parameters<StackValidation>[0];
  try {
    await (policy as StackValidationPolicy).validateStack(args, (message) => violations.push(message));
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, notApplicable: error.reason };
    throw error;
  }
  return { violations };
}

/**
 * Compile-time checks, type-checked by `tsc -p tsconfig.json` and never run: each line under
 * @ts-expect-error must be a type error, or the build fails.
 */
export function typeChecks(): void {
  buildPolicies({
    areas: ["iam", "encryption"],
    minSeverity: "medium",
    include: ["tags-required"],
    exclude: ["iam-unknown-actions"],
    enforcementLevel: "advisory",
    policies: {
      "tags-required": { requiredTags: ["Owner"], whenUnknown: "pass", enforcementLevel: "mandatory" },
      "network-no-open-ingress": { authorizedDmzVpcs: ["*::edge-vpc"], dmzIngressPorts: [443, 80] },
      "network-vpc-flow-logs": "mandatory",
      "iam-no-public-principal": {
        exemptions: [
          {
            urn: "urn:pulumi:prod::shop::aws:s3/bucketPolicy:BucketPolicy::cdn",
            reason: "CDN",
            expires: "2027-01-31",
          },
        ],
      },
    },
  });
  // @ts-expect-error: not a FinGuard policy
  buildPolicies({ include: ["tags-requird"] });
  // @ts-expect-error: not an area
  buildPolicies({ areas: ["storage"] });
  // @ts-expect-error: FinGuard policies do not remediate
  buildPolicies({ enforcementLevel: "remediate" });
  // @ts-expect-error: requiredTags is a list
  buildPolicies({ policies: { "tags-required": { requiredTags: "Owner" } } });
  // @ts-expect-error: not one of the enum's values
  buildPolicies({ policies: { "tags-required": { whenUnknown: "fail" } } });
  // @ts-expect-error: another policy's property
  buildPolicies({ policies: { "tags-required": { minimumDays: 365 } } });
  // @ts-expect-error: a policy without properties takes none
  buildPolicies({ policies: { "network-vpc-flow-logs": { enabled: true } } });
  // @ts-expect-error: an exemption needs a reason
  buildPolicies({ policies: { "tags-required": { exemptions: [{ urn: "urn:x", expires: "2027-01-31" }] } } });
  buildPolicies({
    // @ts-expect-error: an expiry is a YYYY-MM-DD day
    policies: { "tags-required": { exemptions: [{ urn: "urn:x", reason: "r", expires: "soon" }] } },
  });
  // @ts-expect-error: an exemption targets a urn or a urnPattern
  buildPolicies({ policies: { "tags-required": { exemptions: [{ reason: "r", expires: "2027-01-31" }] } } });
}
