/**
 * The pack's shared library at its edges: config readers, exemption matching, the stack graph,
 * IAM document parsing, the action catalog, the adapter, the stack context and value helpers.
 *
 * Several modules cache (parsed documents, compiled globs, catalog files, the SDK's error class).
 * A mutant inside a cache-filling branch survives a test run that finds the cache already full,
 * so those tests load a fresh copy of the module (`fresh`), as a new pack process would.
 */
import assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import * as config from "../../../../policy-pack/lib/config";
import * as exemptions from "../../../../policy-pack/lib/exemptions";
import { StackGraph, graphFromPolicyResources, type GraphResource } from "../../../../policy-pack/lib/graph";
import * as iamDocument from "../../../../policy-pack/lib/iam-document";
import * as policy from "../../../../policy-pack/lib/policy";
import * as stackContext from "../../../../policy-pack/lib/stack-context";
import * as values from "../../../../policy-pack/lib/values";
import { UNKNOWN, evaluateResource, evaluateStack, urnOf } from "../harness";

/** A new instance of a pack module, with empty caches. */
function fresh<T>(modulePath: string): T {
  const resolved = require.resolve(modulePath);
  delete require.cache[resolved];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(resolved) as T;
  } finally {
    delete require.cache[resolved];
  }
}

const LIB = "../../../../policy-pack/lib";

describe("approved outputs: lib/config", () => {
  it("reads strings, string lists and maps, treating null like absent", () => {
    for (const empty of [undefined, null]) {
      assert.equal(config.readString({ k: empty }, "k"), undefined);
      assert.deepEqual(config.readStringArray({ k: empty }, "k"), []);
      assert.deepEqual(config.readStringMap({ k: empty }, "k"), {});
    }
    assert.equal(config.readString({ k: "" }, "k"), "");
    assert.deepEqual(config.readStringArray({ k: ["a", ""] }, "k"), ["a", ""]);
    assert.deepEqual(config.readStringMap({ k: { a: "b" } }, "k"), { a: "b" });
  });

  it("names the key and describes the bad value", () => {
    const message = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        assert.ok(error instanceof config.PolicyConfigError);
        return error.message;
      }
      return "no error";
    };
    assert.equal(
      message(() => config.readString({ k: 5 }, "k")),
      "'k' must be a string, got number 5",
    );
    assert.equal(
      message(() => config.readStringArray({ k: [1] }, "k")),
      "'k' must be an array of strings, got an array",
    );
    assert.equal(
      message(() => config.readStringArray({ k: "a" }, "k")),
      "'k' must be an array of strings, got string \"a\"",
    );
    assert.equal(
      message(() => config.readNumber({}, "k")),
      "'k' must be a number, got nothing",
    );
    assert.equal(
      message(() => config.readNumber({ k: null }, "k")),
      "'k' must be a number, got null",
    );
    assert.equal(
      message(() => config.readNumber({ k: Number.NaN }, "k")),
      "'k' must be a number, got number null",
    );
    assert.equal(
      message(() => config.readNumber({ k: Number.POSITIVE_INFINITY }, "k")),
      "'k' must be a number, got number null",
    );
    assert.equal(
      message(() => config.readNumber({ k: "1" }, "k")),
      "'k' must be a number, got string \"1\"",
    );
    assert.equal(
      message(() => config.readNumber({ k: 0 }, "k", { min: 1 })),
      "'k' must be >= 1",
    );
    assert.equal(
      message(() => config.readNumber({ k: 3 }, "k", { max: 2 })),
      "'k' must be <= 2",
    );
    assert.equal(
      message(() => config.readBoolean({ k: "true" }, "k")),
      "'k' must be a boolean, got string \"true\"",
    );
    assert.equal(
      message(() => config.readEnum({ k: 1 }, "k", ["a", "b"])),
      "'k' must be one of a, b, got number 1",
    );
    assert.equal(
      message(() => config.readEnum({ k: "c" }, "k", ["a", "b"])),
      "'k' must be one of a, b, got string \"c\"",
    );
    assert.equal(
      message(() => config.readStringMap({ k: "a" }, "k")),
      "'k' must be an object of strings, got string \"a\"",
    );
    assert.equal(
      message(() => config.readStringMap({ k: [] }, "k")),
      "'k' must be an object of strings, got an array",
    );
    assert.equal(
      message(() => config.readStringMap({ k: { a: 1 } }, "k")),
      "'k' must be an object of strings, got object {\"a\":1}",
    );
    assert.equal(
      message(() => config.readString({ k: { long: "x".repeat(100) } }, "k")),
      `'k' must be a string, got object ${JSON.stringify({ long: "x".repeat(100) }).slice(0, 60)}`,
    );
    assert.match(
      message(() => config.compilePattern("(", "p")),
      /^'p' is not a valid regular expression: /,
    );
  });

  it("accepts numbers at their bounds and any number without bounds", () => {
    assert.equal(config.readNumber({ k: 1 }, "k", { min: 1, max: 1 }), 1);
    assert.equal(config.readNumber({ k: -5 }, "k"), -5);
    assert.equal(config.readBoolean({ k: false }, "k"), false);
    assert.equal(config.readEnum({ k: "b" }, "k", ["a", "b"]), "b");
    assert.ok(config.compilePattern("^a$", "p").test("a"));
  });
});

describe("approved outputs: lib/exemptions", () => {
  const today = "2026-06-15";
  const urn = urnOf("aws:s3/bucket:Bucket", "data");
  const base = { reason: "accepted", expires: "2026-12-31" };

  it("matches exact URNs, patterns and finding ids", () => {
    assert.equal(exemptions.decideExemption([{ ...base, urn }], urn, today).kind, "applies");
    assert.equal(exemptions.decideExemption([{ ...base, urn: `${urn}x` }], urn, today).kind, "none");
    assert.equal(
      exemptions.decideExemption([{ ...base, urnPattern: "*::data" }], urn, today).kind,
      "applies",
    );
    assert.equal(
      exemptions.decideExemption([{ ...base, urn, findings: [] }], urn, today, "id").kind,
      "applies",
    );
    assert.equal(
      exemptions.decideExemption([{ ...base, urn, findings: ["a"] }], urn, today, "a").kind,
      "applies",
    );
    assert.equal(
      exemptions.decideExemption([{ ...base, urn, findings: ["a"] }], urn, today, "b").kind,
      "none",
    );
    assert.equal(exemptions.decideExemption([{ ...base, urn, findings: ["a"] }], urn, today).kind, "none");
  });

  it("refuses exemptions without a reason or with a bad or past expiry, and says why", () => {
    const problem = (e: Partial<exemptions.Exemption>) =>
      exemptions.exemptionProblem({ ...base, ...e } as exemptions.Exemption, today);
    assert.equal(problem({ reason: " " }), "it has no reason");
    assert.equal(problem({ reason: 5 as unknown as string }), "it has no reason");
    assert.equal(
      problem({ expires: 20261231 as unknown as string }),
      "its expiry '20261231' is not a YYYY-MM-DD date",
    );
    assert.equal(problem({ expires: "2026-02-30" }), "its expiry '2026-02-30' is not a YYYY-MM-DD date");
    assert.equal(problem({ expires: "x2026-12-31" }), "its expiry 'x2026-12-31' is not a YYYY-MM-DD date");
    assert.equal(problem({ expires: "2026-12-31x" }), "its expiry '2026-12-31x' is not a YYYY-MM-DD date");
    assert.equal(problem({ expires: "2026-06-14" }), "it expired on 2026-06-14");
    assert.equal(problem({ expires: "2026-06-15" }), undefined);
    const rejected = exemptions.decideExemption([{ ...base, urn, expires: "2020-01-01" }], urn, today);
    assert.equal(
      exemptions.describeRejection(rejected),
      ' Exemption not applied because it expired on 2020-01-01: "accepted".',
    );
    assert.equal(exemptions.describeRejection({ kind: "none" }), "");
    assert.equal(
      exemptions.describeRejection({
        kind: "rejected",
        exemption: { urn } as exemptions.Exemption,
        problem: "p",
      }),
      ' Exemption not applied because p: "".',
    );
    assert.equal(
      exemptions.describeExemption({ ...base, ticket: "T-1" }),
      "accepted [ticket T-1] (expires 2026-12-31)",
    );
    assert.equal(exemptions.describeExemption(base as exemptions.Exemption), "accepted (expires 2026-12-31)");
  });

  it("compiles globs with every regular-expression character taken literally", () => {
    const glob = fresh<typeof exemptions>(`${LIB}/exemptions`).globToRegExp;
    assert.ok(glob("a.b").test("a.b"));
    assert.ok(!glob("a.b").test("axb"));
    for (const special of ["+", "^", "$", "{", "}", "(", ")", "|", "[", "]", "\\"]) {
      assert.ok(glob(`a${special}b`).test(`a${special}b`), special);
    }
    assert.ok(glob("a*").test("abc"));
    assert.ok(glob("a?c").test("abc"));
    assert.ok(!glob("a?c").test("ac"));
    assert.ok(!glob("b").test("abc"), "anchored at the start");
    assert.ok(!glob("a").test("abc"), "anchored at the end");
    assert.equal(glob("x*"), glob("x*"), "compiled once");
  });

  it("reads the evaluation date from the environment, once a minute", () => {
    assert.equal(exemptions.evaluationDate({ FINGUARD_EVALUATION_DATE: "2030-01-02" }), "2030-01-02");
    assert.equal(
      exemptions.evaluationDate({ FINGUARD_EVALUATION_DATE: "soon" }, new Date("2031-05-06T10:00:00Z")),
      "2031-05-06",
    );
    const saved = process.env.FINGUARD_EVALUATION_DATE;
    try {
      process.env.FINGUARD_EVALUATION_DATE = "2032-03-04";
      const module = fresh<typeof exemptions>(`${LIB}/exemptions`);
      assert.equal(module.currentEvaluationDate(), "2032-03-04");
      process.env.FINGUARD_EVALUATION_DATE = "2033-03-04";
      assert.equal(module.currentEvaluationDate(), "2032-03-04", "cached within the minute");
    } finally {
      if (saved === undefined) delete process.env.FINGUARD_EVALUATION_DATE;
      else process.env.FINGUARD_EVALUATION_DATE = saved;
    }
  });
});

describe("approved outputs: lib/graph", () => {
  const node = (urn: string, type: string, extra: Partial<GraphResource> = {}): GraphResource => ({
    urn,
    type,
    name: urn,
    props: {},
    protect: false,
    dependencies: [],
    propertyDependencies: {},
    ...extra,
  });

  it("finds resources by URN, dependents by type, and property sources", () => {
    const graph = new StackGraph([
      node("vpc", "aws:ec2/vpc:Vpc"),
      node("subnet", "aws:ec2/subnet:Subnet", { propertyDependencies: { vpcId: ["vpc"] } }),
      node("log", "aws:ec2/flowLog:FlowLog", { dependencies: ["vpc"] }),
      node("orphan", "aws:ec2/subnet:Subnet", { propertyDependencies: { vpcId: ["gone"] } }),
    ]);
    assert.equal(graph.get("subnet")?.type, "aws:ec2/subnet:Subnet");
    assert.equal(graph.get("gone"), undefined);
    assert.deepEqual(
      graph.dependentsOf("vpc").map((r) => r.urn),
      ["subnet", "log"],
    );
    assert.deepEqual(
      graph.dependentsOf("vpc", "aws:ec2/flowLog:FlowLog").map((r) => r.urn),
      ["log"],
    );
    assert.deepEqual(graph.dependentsOf("nobody"), []);
    assert.deepEqual(
      graph.propertySources(graph.get("subnet")!, "vpcId").map((r) => r.urn),
      ["vpc"],
    );
    assert.deepEqual(graph.propertySources(graph.get("subnet")!, "cidrBlock"), []);
    assert.deepEqual(graph.propertySources(graph.get("orphan")!, "vpcId"), []);
  });

  it("converts the SDK's resources, protect and provider included", () => {
    const provider = { type: "pulumi:providers:aws", urn: "p", name: "p", props: { region: "eu-west-1" } };
    const parent = { urn: "parent" } as PolicyResource;
    const key = { urn: "key" } as PolicyResource;
    const graph = graphFromPolicyResources([
      {
        urn: "a",
        type: "t",
        name: "a",
        props: { x: 1 },
        opts: { protect: true },
        parent,
        provider,
        dependencies: [key],
        propertyDependencies: { kmsKeyId: [key] },
      } as unknown as PolicyResource,
      {
        urn: "b",
        type: "t",
        name: "b",
        props: {},
        opts: {},
        dependencies: [],
        propertyDependencies: {},
      } as unknown as PolicyResource,
    ]);
    assert.deepEqual(graph.get("a"), {
      urn: "a",
      type: "t",
      name: "a",
      props: { x: 1 },
      protect: true,
      parent: "parent",
      provider: { type: "pulumi:providers:aws", urn: "p", props: { region: "eu-west-1" } },
      dependencies: ["key"],
      propertyDependencies: { kmsKeyId: ["key"] },
    });
    assert.equal(graph.get("b")?.protect, false);
    assert.equal(graph.get("b")?.provider, undefined);
  });
});

describe("approved outputs: lib/iam-document", () => {
  it("parses each text once and keeps at most 256 texts", () => {
    const module = fresh<typeof iamDocument>(`${LIB}/iam-document`);
    const text = (i: number) => JSON.stringify({ Version: "2012-10-17", Id: `d${i}`, Statement: [] });
    const first = module.parsePolicyDocument(text(0));
    assert.equal(module.parsePolicyDocument(text(0)), first, "the same object from the cache");
    for (let i = 1; i <= 300; i++) {
      assert.deepEqual(module.parsePolicyDocument(text(i)), {
        kind: "parsed",
        statements: [],
        unknownStatements: false,
      });
    }
    const again = module.parsePolicyDocument(text(0));
    assert.notEqual(again, first, "evicted after 256 newer texts");
    assert.deepEqual(again, first);
    assert.equal(module.parsePolicyDocument(text(300)), module.parsePolicyDocument(text(300)));
  });

  it("normalises elements, sids, principals and conditions", () => {
    const parsed = iamDocument.parsePolicyDocument({
      Statement: [
        {
          Sid: UNKNOWN,
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "*",
          Principal: { AWS: [UNKNOWN, "123456789012"] },
        },
        {
          Effect: "Deny",
          NotAction: ["x:Y"],
          NotResource: "*",
          NotPrincipal: "*",
          Condition: { Bool: UNKNOWN },
        },
      ],
    });
    assert.equal(parsed.kind, "parsed");
    if (parsed.kind !== "parsed") return;
    const [first, second] = parsed.statements;
    assert.equal(first.sid, undefined);
    assert.deepEqual(first.principal, {
      entries: [{ type: "AWS", value: "123456789012" }],
      unknown: true,
      opaque: false,
    });
    assert.deepEqual(first.resource, { known: ["*"], unknown: false });
    assert.deepEqual(second.notResource, { known: ["*"], unknown: false });
    assert.deepEqual(second.notPrincipal, {
      entries: [{ type: "*", value: "*" }],
      unknown: false,
      opaque: false,
    });
    assert.deepEqual(second.condition, { entries: [], unknown: true });
    assert.deepEqual(iamDocument.parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: UNKNOWN }] }), {
      kind: "parsed",
      statements: [
        {
          index: 0,
          sid: undefined,
          effect: "Allow",
          action: { known: [], unknown: true },
          notAction: undefined,
          resource: undefined,
          notResource: undefined,
          principal: undefined,
          notPrincipal: undefined,
          condition: { entries: [], unknown: false },
        },
      ],
      unknownStatements: false,
    });
    assert.deepEqual(iamDocument.parsePolicyDocument({ Statement: [5] }), {
      kind: "malformed",
      problems: [
        "Statement[0] must be an object, got number 5",
        "Statement[0] has neither Action nor NotAction",
      ].slice(0, 1),
    });
    assert.deepEqual(iamDocument.parsePolicyDocument(null), { kind: "absent" });
    assert.deepEqual(iamDocument.parsePolicyDocument(5), {
      kind: "malformed",
      problems: ["it must be an object, got number 5"],
    });
    assert.deepEqual(iamDocument.parsePolicyDocument([1]), {
      kind: "malformed",
      problems: ["it must be an object, got an array [1]"],
    });
    assert.deepEqual(
      iamDocument.parsePolicyDocument({
        Statement: [{ Effect: "Allow", Action: "a:b", Principal: { AWS: 5 } }],
      }),
      {
        kind: "malformed",
        problems: ["Statement[0].Principal.AWS must be a string or a list of strings, got number 5"],
      },
    );
    assert.deepEqual(
      iamDocument.parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "a:b", Principal: null }] }),
      {
        kind: "malformed",
        problems: ['Statement[0].Principal must be "*" or an object such as {"AWS": [...]}, got null'],
      },
    );
    const conditions = iamDocument.parsePolicyDocument({
      Statement: [
        {
          Effect: "Allow",
          Action: "a:b",
          Condition: { StringEquals: { "AWS:SourceAccount": [true, 1, "x"] }, Null: UNKNOWN },
        },
      ],
    });
    assert.deepEqual(conditions.kind === "parsed" && conditions.statements[0].condition, {
      entries: [
        {
          operator: "StringEquals",
          key: "aws:sourceaccount",
          values: { known: ["true", "1", "x"], unknown: false },
        },
      ],
      unknown: true,
    });
  });

  it("tells policy variables from wildcards and principals apart", () => {
    assert.equal(iamDocument.withoutPolicyVariables("a${aws:username}b${x}"), "ab");
    assert.equal(iamDocument.withoutPolicyVariables("a${}b"), "ab");
    assert.ok(!iamDocument.hasWildcard("arn:${aws:username}"));
    assert.ok(iamDocument.hasWildcard("arn:${aws:username}*"));
    assert.ok(iamDocument.hasWildcard("a?"));
    assert.ok(iamDocument.isAnyonePrincipal({ type: "*", value: "*" }));
    assert.ok(iamDocument.isAnyonePrincipal({ type: "AWS", value: "*" }));
    assert.ok(!iamDocument.isAnyonePrincipal({ type: "Service", value: "*" }));
    assert.ok(!iamDocument.isAnyonePrincipal({ type: "AWS", value: "arn:*" }));
    assert.ok(iamDocument.isAccountRoot({ type: "AWS", value: "arn:aws:iam::123456789012:root" }));
    assert.ok(iamDocument.isAccountRoot({ type: "AWS", value: "arn:aws-us-gov:iam::123456789012:root" }));
    assert.ok(iamDocument.isAccountRoot({ type: "AWS", value: "123456789012" }));
    assert.ok(!iamDocument.isAccountRoot({ type: "AWS", value: "x123456789012" }));
    assert.ok(!iamDocument.isAccountRoot({ type: "AWS", value: "1234567890123" }));
    assert.ok(!iamDocument.isAccountRoot({ type: "AWS", value: "arn:aws:iam::123456789012:rootx" }));
    assert.ok(!iamDocument.isAccountRoot({ type: "Service", value: "123456789012" }));
    assert.equal(
      iamDocument.describeStatement({
        index: 2,
        sid: "S",
        effect: "Allow",
        condition: { entries: [], unknown: false },
      }),
      'Statement[2] (Sid "S")',
    );
    assert.deepEqual(iamDocument.duplicateKeys('{"a":[{"b":1,"b":2}],"a":3}'), ["'a[0].b'", "'a'"]);
    assert.deepEqual(iamDocument.duplicateKeys('{"a\\"b":1,"c":"\\\\","d":[1,{"e":1}]}'), []);
  });
});

describe("approved outputs: lib/iam-actions", () => {
  type Actions = typeof import("../../../../policy-pack/lib/iam-actions");

  it("reads the catalog from a fresh module: services, actions, access levels, resource types", () => {
    const actions = fresh<Actions>(`${LIB}/iam-actions`);
    assert.ok(actions.isKnownService("S3"));
    assert.ok(!actions.isKnownService("nope"));
    const s3 = actions.serviceActions("s3");
    assert.equal(actions.serviceActions("S3"), s3, "one load per service");
    const getObject = s3.find((a) => a.name === "s3:GetObject");
    assert.deepEqual(getObject, { name: "s3:GetObject", accessLevels: ["Read"], resourceLevel: true });
    const listBuckets = s3.find((a) => a.name === "s3:ListAllMyBuckets");
    assert.equal(listBuckets?.resourceLevel, false);
    const putPolicy = s3.find((a) => a.name === "s3:PutBucketPolicy");
    assert.deepEqual(putPolicy?.accessLevels, ["Permissions management", "Write"]);
    assert.deepEqual(actions.serviceActions("nope"), []);
  });

  it("expands patterns case-insensitively, with IAM's wildcards only", () => {
    const actions = fresh<Actions>(`${LIB}/iam-actions`);
    const expand = (text: string) => {
      const pattern = actions.parseActionPattern(text);
      assert.ok(pattern, text);
      return actions.expandAction(pattern);
    };
    const exact = expand("S3:getobject");
    assert.deepEqual(exact.kind === "actions" && exact.actions.map((a) => a.name), ["s3:GetObject"]);
    const none = expand("s3:GetObjectX");
    assert.deepEqual(none.kind === "actions" && none.actions, []);
    const wild = expand("s3:Get?bject");
    assert.deepEqual(wild.kind === "actions" && wild.actions.map((a) => a.name), ["s3:GetObject"]);
    assert.equal(expand("s3:GetObject*").kind, "actions");
    assert.deepEqual(expand("s*:GetObject"), { kind: "any-service" });
    assert.deepEqual(expand("nope:Get"), { kind: "unknown-service" });
    assert.equal(actions.parseActionPattern("s3:Get.Object"), undefined);
    assert.ok(!actions.actionPatternCovers("s3:Get", "s3:GetObject"), "anchored");
    assert.ok(!actions.actionPatternCovers("3:GetObject", "s3:GetObject"), "anchored at the start");
    assert.ok(actions.actionPatternCovers("S3:GET*", "s3:GetObject"));
    assert.ok(actions.actionPatternCovers("iam:Pass?ole", "iam:PassRole"));
    assert.ok(!actions.actionPatternCovers("iam:Pass?ole", "iam:PassXXRole"));
    assert.ok(actions.coversWholeService("kms:**", "kms"));
    assert.ok(!actions.coversWholeService("kms:*a", "kms"));
    assert.ok(!actions.coversWholeService("kms", "kms"));
    assert.ok(!actions.coversWholeService("s3:*", "s3x"));
  });
});

describe("approved outputs: lib/policy (the adapter)", () => {
  const thing = "test:index:Thing";
  const definition: policy.ResourcePolicyDefinition<{ n: number }> = {
    kind: "resource",
    name: "test-killer",
    displayName: "Killer",
    description: "test",
    area: "tags",
    severity: "low",
    pci: ["12.5.1"],
    remediationSteps: "fix",
    appliesTo: new Set(["test:index:*", "other:mod:Exact"]),
    configProperties: { n: { type: "number", default: 1 } },
    parseConfig: (raw) => ({ n: config.readNumber(raw, "n") }),
    check: ({ props }) => {
      if (props.throwString) throw "plain string";
      if (props.throwNull) throw null;
      return props.bad ? [{ id: "bad", message: "bad thing" }] : [];
    },
  };

  it("matches prefixes from a fresh module and lists of patterns", () => {
    const module = fresh<typeof policy>(`${LIB}/policy`);
    assert.ok(module.appliesToType(definition, thing));
    assert.ok(module.appliesToType(definition, "test:index:"));
    assert.ok(!module.appliesToType(definition, "test:indeX:Thing"));
    assert.ok(module.appliesToType(definition, "other:mod:Exact"));
    assert.ok(!module.appliesToType(definition, "other:mod:Exact2"));
    assert.ok(!module.appliesToType({ ...definition, appliesTo: new Set(["a:b:C"]) }, "a:b:"));
    assert.ok(module.appliesToType({ ...definition, appliesTo: "*" }, "anything"));
    assert.ok(module.typeMatches(["*"], "x"));
    assert.ok(module.typeMatches(["a:b:C"], "a:b:C"));
    assert.ok(module.typeMatches(["a:*"], "a:b:C"));
    assert.ok(!module.typeMatches(["a:*"], "b:a:C"));
    assert.ok(!module.typeMatches(["a:b"], "a:b:C"));
    assert.ok(!module.typeMatches([], "a"));
    assert.ok(module.typeMatches(["x", "a:b:C"], "a:b:C"));
    assert.ok(!module.typeMatches(["*x"], "yx"));
  });

  it("publishes the metadata and defaults the engine sees", () => {
    const metadata = policy.metadataOf(definition);
    assert.deepEqual(metadata.tags, ["area:tags", "pci-dss:12.5.1"]);
    assert.equal(metadata.enforcementLevel, "mandatory");
    assert.equal(metadata.url, `${policy.DOCS_BASE_URL}/test-killer.md`);
    assert.deepEqual(policy.defaultsOf(definition), { n: 1, exemptions: [] });
    assert.equal(policy.defaultsOf(definition), policy.defaultsOf(definition));
    const freshPolicy = fresh<typeof policy>(`${LIB}/policy`);
    assert.deepEqual(freshPolicy.defaultsOf(definition), { n: 1, exemptions: [] });
    assert.ok("validateResource" in freshPolicy.toPulumiPolicy(definition));
    assert.ok(
      "validateStack" in
        freshPolicy.toPulumiPolicy({
          ...definition,
          kind: "stack",
          check: () => ({ findings: [] }),
        } as never),
    );
  });

  it("refuses exemptions that are not a list of objects", async () => {
    for (const exemptionsValue of [{}, [null], [1], ["x"]]) {
      const verdict = await evaluateResource(definition, {
        type: thing,
        props: {},
        config: { exemptions: exemptionsValue },
      });
      assert.deepEqual(verdict.violations, [
        "invalid configuration for policy 'test-killer': 'exemptions' must be an array of objects",
      ]);
    }
  });

  it("fails closed on whatever a check throws, and reports exemptions in one line", async () => {
    assert.deepEqual(
      (await evaluateResource(definition, { type: thing, props: { throwString: true } })).violations,
      ["policy 'test-killer' failed on this resource and fails closed: plain string"],
    );
    assert.deepEqual(
      (await evaluateResource(definition, { type: thing, props: { throwNull: true } })).violations,
      ["policy 'test-killer' failed on this resource and fails closed: null"],
    );
    const urn = urnOf(thing, "subject");
    const verdict = await evaluateResource(definition, {
      type: thing,
      props: { bad: true },
      config: { exemptions: [{ urn, reason: "ok", expires: "2999-01-01" }] },
    });
    assert.deepEqual(verdict, {
      violations: [],
      notApplicable: "exempted: ok (expires 2999-01-01); suppressed: bad thing",
    });
  });

  it("a stack policy defers through the SDK and lists deferrals and exemptions", async () => {
    const stackDefinition: policy.StackPolicyDefinition<{ n: number }> = {
      ...definition,
      kind: "stack",
      check: ({ graph }) => {
        if (graph.resources.some((r) => r.name === "unknown")) values.undecidable("x");
        return {
          findings: graph.resources
            .filter((r) => r.name.startsWith("bad"))
            .map((r) => ({ urn: r.urn, message: "bad" })),
          deferred: graph.resources
            .filter((r) => r.name === "later")
            .map((r) => ({ urn: r.urn, reason: "wait" })),
        };
      },
    };
    const deferred = await evaluateStack(stackDefinition, [{ type: thing, name: "unknown" }]);
    assert.match(deferred.deferred ?? "", /can't be known during preview/);
    const listed = await evaluateStack(
      stackDefinition,
      [
        { type: thing, name: "later" },
        { type: thing, name: "bad-one" },
      ],
      {
        exemptions: [{ urnPattern: "*::bad-one", reason: "ok", expires: "2999-01-01" }],
      },
    );
    assert.deepEqual(listed, {
      violations: [],
      notApplicable: `exempted ${urnOf(thing, "bad-one")}: ok (expires 2999-01-01); suppressed: bad\ndeferred ${urnOf(thing, "later")}: wait`,
    });
    const plain = await evaluateStack(stackDefinition, [{ type: thing, name: "fine" }]);
    assert.deepEqual(plain, { violations: [] });
    const noDeferrals = await evaluateStack({ ...stackDefinition, check: () => ({ findings: [] }) }, [
      { type: thing, name: "x" },
    ]);
    assert.deepEqual(noDeferrals, { violations: [] });
  });
});

describe("approved outputs: lib/stack-context and lib/values", () => {
  it("reads the stack identity and its config the way the CLI passes them", () => {
    const empty = stackContext.readStackContext({});
    assert.deepEqual(
      { organization: empty.organization, project: empty.project, stack: empty.stack, dryRun: empty.dryRun },
      { organization: "", project: "", stack: "", dryRun: false },
    );
    assert.equal(empty.config("x"), undefined);
    const context = stackContext.readStackContext({
      PULUMI_NODEJS_ORGANIZATION: "acme",
      PULUMI_NODEJS_PROJECT: "payments",
      PULUMI_NODEJS_STACK: "dev",
      PULUMI_NODEJS_DRY_RUN: "true",
      PULUMI_CONFIG: JSON.stringify({ "payments:a": "1", "aws:region": "eu-west-3" }),
    });
    assert.equal(context.organization, "acme");
    assert.equal(context.dryRun, true);
    assert.equal(context.config("a"), "1");
    assert.equal(context.config("aws:region"), "eu-west-3");
    assert.equal(stackContext.readStackContext({ PULUMI_NODEJS_DRY_RUN: "false" }).dryRun, false);
    for (const bad of ["{", "5", "null", '"x"']) {
      assert.equal(
        stackContext.readStackContext({ PULUMI_CONFIG: bad, PULUMI_NODEJS_PROJECT: "p" }).config("length"),
        undefined,
        bad,
      );
    }
  });

  it("reads paths, unwraps, and knows the SDK's error class from a fresh module", () => {
    assert.equal(values.unwrap(null), null);
    assert.equal(values.unwrap(5), 5);
    const target = { a: 1 };
    assert.equal(values.unwrap({ __getSpecialProxyTarget: target }), target);
    assert.equal(values.unwrap(target), target);
    assert.equal(values.getPath({ a: [{ b: 1 }] }, "a.0.b"), 1);
    assert.equal(values.getPath({ a: [{ b: 1 }] }, "a.x0.b"), undefined);
    assert.equal(values.getPath({ a: [{ b: 1 }] }, "a.0x.b"), undefined);
    assert.equal(values.getPath({ a: { "0": "zero" } }, "a.0"), "zero");
    assert.equal(values.getPath({ a: [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] }, "a.10"), 15);
    assert.equal(values.getPath({ a: UNKNOWN }, "a.b.c"), UNKNOWN);
    assert.equal(values.getPath({ a: "s" }, "a.length"), undefined);
    assert.equal(values.asString("x"), "x");
    assert.equal(values.asString(5), undefined);
    assert.deepEqual(values.asStringArray("x"), ["x"]);
    assert.deepEqual(values.asStringArray(["x", "y"]), ["x", "y"]);
    assert.equal(values.asStringArray(["x", 1]), undefined);
    assert.equal(values.asStringArray(5), undefined);
    const module = fresh<typeof values>(`${LIB}/values`);
    assert.throws(
      () => module.undecidable("a.b"),
      (error: unknown) => module.isUndecidable(error) && values.isUndecidable(error),
    );
    assert.ok(!module.isUndecidable(new Error("x")));
    try {
      module.undecidable("p.q", "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2");
    } catch (error) {
      assert.equal((error as Error).message, "Array value at .p.q can't be known during preview");
    }
    try {
      module.undecidable("p", "not-a-sentinel");
    } catch (error) {
      assert.equal((error as Error).message, "string value at .p can't be known during preview");
    }
  });
});
