import assert from "node:assert/strict";
import { join } from "node:path";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../../../../evaluator/capture/types";
import { configDigest } from "../../../../evaluator/analyzer/config";
import { startPack } from "../../../../evaluator/analyzer/pack-process";
import { analyzeStack, packIdentity, type AnalyzerRun } from "../../../../evaluator/analyzer/run";
import {
  capturedStack,
  decodeStruct,
  isRunning,
  packDir,
  readRecording,
  resource,
  STACK_URN,
  stackResource,
  tempDir,
  urn,
  writeJson,
  type RecordedCall,
  type StructObject,
} from "./support";

const PROVIDER_URN = urn("pulumi:providers:test", "default");
const COMPONENT_URN = urn("test:index:Component", "app");
const TAGGED_URN = urn("test:index:Component$test:index:Bucket", "tagged");
const UNTAGGED_URN = urn("test:index:Bucket", "untagged");
const DEFERRED_URN = urn("test:index:Bucket", "deferred");
const EXEMPT_URN = urn("test:index:Bucket", "exempt");
const SECRET = { [SECRET_SIG]: SECRET_SIG_VALUE, value: "s3cr3t" };

/** Root stack, an explicit provider, a component and four buckets covering each outcome. */
function basicStack(recordFile?: string) {
  const taggedInputs = {
    tags: { owner: "a", env: "dev", __nested: "dropped for Analyze" },
    acl: "public-read",
    secret: SECRET,
    __defaults: ["acl"],
  };
  return capturedStack(
    [
      stackResource(),
      resource({
        urn: PROVIDER_URN,
        type: "pulumi:providers:test",
        name: "default",
        inputs: { region: "eu-west-1", __internal: "dropped" },
      }),
      resource({ urn: COMPONENT_URN, type: "test:index:Component", name: "app", custom: false }),
      resource({
        urn: TAGGED_URN,
        type: "test:index:Bucket",
        name: "tagged",
        parent: COMPONENT_URN,
        provider: `${PROVIDER_URN}::provider-id`,
        inputs: taggedInputs,
        outputs: { ...taggedInputs, arn: "arn:tagged" },
        options: {
          protect: true,
          retainOnDelete: true,
          ignoreChanges: ["tags"],
          deleteBeforeReplace: true,
          deleteBeforeReplaceDefined: true,
          additionalSecretOutputs: ["secret"],
          aliases: [urn("test:index:Bucket", "old-tagged")],
          customTimeouts: { create: 600 },
        },
      }),
      resource({
        urn: UNTAGGED_URN,
        type: "test:index:Bucket",
        name: "untagged",
        provider: `${PROVIDER_URN}::provider-id`,
        inputs: { tags: {}, policy: UNKNOWN_STRING },
        dependencies: [TAGGED_URN],
        propertyDependencies: { policy: [TAGGED_URN], tags: [] },
      }),
      resource({
        urn: DEFERRED_URN,
        type: "test:index:Bucket",
        name: "deferred",
        inputs: { tags: UNKNOWN_STRING },
      }),
      resource({ urn: EXEMPT_URN, type: "test:index:Bucket", name: "exempt" }),
    ],
    {
      config: {
        "proj:region": "eu-west-1",
        "proj:dbPassword": "v1:ciphertext",
        ...(recordFile && { "fixture:recordFile": recordFile }),
      },
      secretKeys: ["proj:dbPassword"],
    },
  );
}

const diagnosticsOf = (run: AnalyzerRun, urnOrUndefined: string | undefined, policy?: string) =>
  run.diagnostics.filter(
    (d) => d.urn === urnOrUndefined && (policy === undefined || d.policyName === policy),
  );

describe("analyzer/run against a real pack", function () {
  this.timeout(60_000);

  describe("a complete run", () => {
    let run: AnalyzerRun;
    let calls: RecordedCall[];
    let pid: number;
    let configFile: string;
    const captured = basicStack(join(tempDir(), "calls.jsonl"));

    before(async () => {
      configFile = writeJson(tempDir(), "policy-config.json", {
        "bucket-tags": {
          enforcementLevel: "mandatory",
          requiredTags: ["owner", "env"],
          exemptions: [{ urn: EXEMPT_URN, reason: "legacy bucket" }],
        },
      });
      // Started early, as the evaluator does while the program is still being captured.
      const pack = startPack({ packDir: packDir("basic"), identity: packIdentity(captured) });
      pid = (await pack).pid;
      run = await analyzeStack({
        packDir: packDir("basic"),
        captured,
        policyPackConfigFile: configFile,
        pack,
        stackTags: { team: "payments" },
      });
      calls = readRecording(captured.config["fixture:recordFile"]);
    });

    const requests = (method: string) => calls.filter((c) => c.method === method).map((c) => c.request ?? {});
    const requestFor = (method: string, resourceUrn: string) =>
      requests(method).find((r) => r.urn === resourceUrn) ?? {};

    it("completes without error and kills the pack", () => {
      assert.equal(run.error, undefined);
      assert.equal(isRunning(pid), false);
    });

    it("makes the engine's calls in the engine's order, every resource in registration order", () => {
      const perResource = captured.resources.flatMap(() => ["remediate", "analyze"]);
      assert.deepEqual(
        calls.map((c) => c.method),
        ["start", "configureStack", "getAnalyzerInfo", "configure", ...perResource, "analyzeStack"],
      );
      assert.deepEqual(
        requests("analyze").map((r) => r.urn),
        captured.resources.map((r) => r.urn),
      );
    });

    it("starts the pack in its directory with the CLI's environment and sends the stack in ConfigureStack", () => {
      const [start] = calls;
      assert.equal(start.cwd, packDir("basic"));
      assert.equal(start.env?.PULUMI_NODEJS_ORGANIZATION, "acme");
      assert.equal(start.env?.PULUMI_NODEJS_PROJECT, "proj");
      assert.equal(start.env?.PULUMI_NODEJS_STACK, "dev");
      assert.equal(start.env?.PULUMI_NODEJS_DRY_RUN, "true");
      assert.deepEqual(JSON.parse(start.env?.PULUMI_CONFIG ?? "{}"), captured.config);
      assert.equal(start.env?.PULUMI_CONFIG_SECRET_KEYS, '["proj:dbPassword"]');
      const [configureStack] = requests("configureStack");
      assert.deepEqual(configureStack, {
        stack: "dev",
        project: "proj",
        organization: "acme",
        dryRun: true,
        configSecretKeysList: ["proj:dbPassword"],
        configMap: Object.entries(captured.config).sort(),
        tagsMap: [["team", "payments"]],
      });
    });

    it("configures every policy, each with properties, as reconciled from defaults, initialConfig and the file", () => {
      const [configure] = requests("configure");
      const entries = configure.policyconfigMap as Array<
        [string, { enforcementlevel: number; properties?: StructObject }]
      >;
      assert.deepEqual(
        entries.map(([name]) => name),
        ["bucket-acl-private", "bucket-tags", "stack-deps"],
      );
      for (const [name, entry] of entries) assert.ok(entry.properties, `${name} has no properties`);
      const sent = Object.fromEntries(
        entries.map(([name, entry]) => [name, decodeStruct(entry.properties!)]),
      );
      assert.deepEqual(sent["bucket-tags"], run.config?.["bucket-tags"].properties);
      assert.deepEqual(run.config, {
        "bucket-tags": {
          enforcementLevel: "mandatory",
          properties: {
            requiredTags: ["owner", "env"],
            maxTags: 5,
            owner: "platform-team",
            exemptions: [{ urn: EXEMPT_URN, reason: "legacy bucket" }],
          },
        },
        "bucket-acl-private": { enforcementLevel: "remediate", properties: {} },
        "stack-deps": { enforcementLevel: "advisory", properties: {} },
      });
      assert.equal(run.configDigest, configDigest(run.config!));
    });

    it("maps the pack's metadata, enums and initialConfig", () => {
      const info = run.analyzerInfo!;
      assert.equal(info.name, "fixture-basic");
      assert.equal(info.version, "1.0.0-yaml", "PulumiPolicy.yaml's version wins, as in the CLI");
      const [tags, acl, stack] = info.policies;
      assert.deepEqual(
        { ...tags, configSchema: undefined },
        {
          name: "bucket-tags",
          displayName: "Bucket tags",
          description: "Buckets carry the required tags.",
          severity: "high",
          enforcementLevel: "mandatory",
          framework: {
            name: "PCI DSS",
            version: "4.0.1",
            reference: "12.5.1",
            specification: "Inventory of system components",
          },
          remediationSteps: "Add the missing tags.",
          url: "https://example.test/bucket-tags",
          tags: ["tagging"],
          kind: "resource",
          configSchema: undefined,
        },
      );
      assert.deepEqual(tags.configSchema?.required, ["owner"]);
      assert.deepEqual(tags.configSchema?.properties.maxTags, { type: "number", default: 10 });
      assert.equal(acl.enforcementLevel, "remediate");
      assert.equal(acl.severity, "critical");
      assert.deepEqual(stack, {
        name: "stack-deps",
        description: "Reports the dependency graph the stack policy sees.",
        enforcementLevel: "advisory",
        kind: "stack",
      });
      // Only properties in the pack's initialConfig: the engine reads the unset level as advisory.
      assert.deepEqual(info.initialConfig, {
        "bucket-tags": { enforcementLevel: "advisory", properties: { owner: "platform-team", maxTags: 5 } },
      });
    });

    it("sends options without retainOnDelete, the provider resource, and drops __ keys for Analyze only", () => {
      const analyze = requestFor("analyze", TAGGED_URN);
      assert.deepEqual(analyze.options, {
        protect: true,
        ignorechangesList: ["tags"],
        deletebeforereplace: true,
        deletebeforereplacedefined: true,
        additionalsecretoutputsList: ["secret"],
        aliasesList: [urn("test:index:Bucket", "old-tagged")],
        customtimeouts: { create: 600, update: 0, pb_delete: 0, read: 0 },
        parent: COMPONENT_URN,
      });
      const provider = analyze.provider as { properties: StructObject };
      assert.deepEqual(
        { ...provider, properties: decodeStruct(provider.properties) },
        {
          type: "pulumi:providers:test",
          name: "default",
          urn: PROVIDER_URN,
          properties: { region: "eu-west-1" },
        },
      );
      assert.deepEqual(decodeStruct(analyze.properties as StructObject), {
        tags: { owner: "a", env: "dev" },
        acl: "private",
        secret: SECRET,
      });
      const remediate = decodeStruct(requestFor("remediate", TAGGED_URN).properties as StructObject);
      assert.deepEqual(remediate.__defaults, ["acl"]);
      assert.equal((remediate.tags as Record<string, unknown>).__nested, "dropped for Analyze");
    });

    it("applies remediations before Analyze and in AnalyzeStack's outputs", () => {
      assert.deepEqual(
        run.remediations.map((r) => [r.urn, r.policyName, (r.properties as { acl?: string }).acl]),
        [[TAGGED_URN, "bucket-acl-private", "private"]],
      );
      assert.deepEqual(diagnosticsOf(run, TAGGED_URN), []);
      const [stackRequest] = requests("analyzeStack");
      const tagged = (stackRequest.resourcesList as Array<Record<string, unknown>>).find(
        (r) => r.urn === TAGGED_URN,
      )!;
      const outputs = decodeStruct(tagged.properties as StructObject);
      assert.equal(outputs.acl, "private");
      assert.equal(outputs.arn, "arn:tagged");
    });

    it("reports Analyze violations on the analyzed resource with its type, level and severity", () => {
      const violations = diagnosticsOf(run, UNTAGGED_URN, "bucket-tags");
      assert.deepEqual(
        violations.map((d) => d.message),
        [
          "Buckets carry the required tags.\nmissing tag 'owner'",
          "Buckets carry the required tags.\nmissing tag 'env'",
        ],
      );
      for (const d of violations) {
        assert.equal(d.enforcementLevel, "mandatory");
        assert.equal(d.severity, "high");
        assert.equal(d.resourceType, "test:index:Bucket");
        assert.equal(d.phase, "analyze");
        assert.equal(d.policyPackName, "fixture-basic");
        assert.equal(d.policyPackVersion, "1.0.0-yaml");
      }
    });

    it("turns an unknown value into the SDK's advisory 'can't run policy ... during preview' diagnostic", () => {
      assert.deepEqual(
        diagnosticsOf(run, DEFERRED_URN).map((d) => [d.policyName, d.enforcementLevel, d.message]),
        [
          [
            "bucket-tags",
            "advisory",
            "can't run policy 'bucket-tags' from policy pack 'fixture-basic@v1.0.0' during preview: " +
              "string value at .tags can't be known during preview",
          ],
        ],
      );
    });

    it("records notApplicable with the resource's URN, including exemptions read from the config", () => {
      const typeOnly = "Policy only applies to resources of type 'test:index:Bucket'";
      assert.deepEqual(
        run.notApplicable.map((n) => [n.urn, n.policyName, n.reason, n.phase]),
        [
          [STACK_URN, "bucket-tags", typeOnly, "analyze"],
          [STACK_URN, "bucket-acl-private", typeOnly, "analyze"],
          [PROVIDER_URN, "bucket-tags", typeOnly, "analyze"],
          [PROVIDER_URN, "bucket-acl-private", typeOnly, "analyze"],
          [COMPONENT_URN, "bucket-tags", typeOnly, "analyze"],
          [COMPONENT_URN, "bucket-acl-private", typeOnly, "analyze"],
          [EXEMPT_URN, "bucket-tags", "exempted: legacy bucket", "analyze"],
        ],
      );
    });

    it("lets the stack policy see parents, providers, dependencies and propertyDependencies", () => {
      const [summary] = diagnosticsOf(run, undefined, "stack-deps");
      assert.equal(summary.message, "Reports the dependency graph the stack policy sees.\nresources: 7");
      assert.equal(summary.phase, "analyze-stack");
      assert.equal(summary.resourceType, undefined);
      const [linked] = diagnosticsOf(run, UNTAGGED_URN, "stack-deps");
      assert.equal(linked.resourceType, "test:index:Bucket");
      assert.deepEqual(JSON.parse(linked.message.split("\n")[1]), {
        parent: STACK_URN,
        provider: PROVIDER_URN,
        dependencies: [TAGGED_URN],
        propertyDependencies: { policy: [TAGGED_URN] },
      });
    });
  });

  it("without a config file, uses the pack's config, with the level the engine reads from initialConfig", async () => {
    const run = await analyzeStack({ packDir: packDir("basic"), captured: basicStack() });
    assert.equal(run.error, undefined);
    assert.deepEqual(run.config?.["bucket-tags"], {
      enforcementLevel: "advisory",
      properties: { requiredTags: ["owner"], maxTags: 5, owner: "platform-team" },
    });
    assert.deepEqual(
      diagnosticsOf(run, UNTAGGED_URN, "bucket-tags").map((d) => [d.enforcementLevel, d.message]),
      [["advisory", "Buckets carry the required tags.\nmissing tag 'owner'"]],
    );
  });

  it("stops at an invalid config with a specific error, keeping the analyzer info and killing the pack", async () => {
    const captured = basicStack();
    const file = writeJson(tempDir(), "bad.json", { "bucket-tags": { exemptions: [{ urn: EXEMPT_URN }] } });
    const pack = startPack({ packDir: packDir("basic"), identity: packIdentity(captured) });
    const run = await analyzeStack({ packDir: packDir("basic"), captured, policyPackConfigFile: file, pack });
    assert.deepEqual(run.error, {
      stage: "config",
      message: `policy pack config ${file}: policy 'bucket-tags': /exemptions/0 must have required property 'reason'`,
    });
    assert.equal(run.analyzerInfo?.name, "fixture-basic");
    assert.equal(run.config, undefined);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(isRunning((await pack).pid), false);
  });

  describe("when the pack fails", () => {
    const thing = (name: string) =>
      resource({ urn: urn("test:index:Thing", name), type: "test:index:Thing", name });
    const throwsRun = (...names: string[]) =>
      analyzeStack({
        packDir: packDir("throws"),
        captured: capturedStack([stackResource(), ...names.map(thing)]),
      });
    const seen = (run: AnalyzerRun) => run.diagnostics.map((d) => d.message.split("\n")[1]);

    it("names the policy, pack and resource when a policy throws, keeping earlier results", async () => {
      const run = await throwsRun("fine", "boom", "after");
      assert.equal(run.error?.stage, "analyze");
      assert.match(
        run.error?.message ?? "",
        new RegExp(
          `^Analyze of ${escapeRegExp(urn("test:index:Thing", "boom"))} failed: Error validating resource with policy 'explode' ` +
            `from policy pack 'fixture-throws@v2\\.0\\.0': Error: boom in policy \\(at .*throws/index\\.js:\\d+:\\d+\\)?\\)$`,
        ),
      );
      assert.deepEqual(seen(run), ["saw proj-dev", "saw fine"]);
    });

    it("reports a pack that dies mid-run with its exit code and stderr, keeping earlier results", async () => {
      const run = await throwsRun("fine", "crash");
      assert.equal(run.error?.stage, "analyze");
      assert.ok(
        run.error?.message.startsWith(
          `Analyze of ${urn("test:index:Thing", "crash")} failed: policy pack ${packDir("throws")} exited with code 7\n`,
        ),
        run.error?.message,
      );
      assert.match(run.error?.message ?? "", /fatal: crashing on purpose/);
      assert.deepEqual(seen(run), ["saw proj-dev", "saw fine"]);
    });

    it("attributes a failing stack policy to AnalyzeStack, keeping the per-resource results", async () => {
      const run = await throwsRun("fine", "stack-boom");
      assert.equal(run.error?.stage, "analyze-stack");
      assert.match(
        run.error?.message ?? "",
        /^AnalyzeStack failed: Error validating resource with policy 'explode-stack' from policy pack 'fixture-throws@v2\.0\.0': Error: stack policy failed \(at /,
      );
      assert.deepEqual(seen(run), ["saw proj-dev", "saw fine", "saw stack-boom"]);
    });

    it("reports a pack that cannot start as a pack-start error", async () => {
      const run = await analyzeStack({
        packDir: packDir("exits"),
        captured: capturedStack([stackResource()]),
      });
      assert.equal(run.error?.stage, "pack-start");
      assert.match(
        run.error?.message ?? "",
        /^policy pack \S+exits exited with code 3 before reporting its port\n/,
      );
      assert.equal(run.analyzerInfo, undefined);
    });

    it("refuses a pack started early for another stack, and kills it", async () => {
      const captured = capturedStack([stackResource()]);
      const pack = startPack({
        packDir: packDir("basic"),
        identity: { ...packIdentity(captured), stack: "prod" },
      });
      const run = await analyzeStack({ packDir: packDir("basic"), captured, pack });
      assert.deepEqual(run.error, {
        stage: "pack-start",
        message: `policy pack ${packDir("basic")} was started with a different stack than the captured stack's`,
      });
      assert.equal(isRunning((await pack).pid), false);
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\$]/g, "\\$&");
}
