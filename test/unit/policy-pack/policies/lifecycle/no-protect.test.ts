import assert from "node:assert/strict";
import { readStackContext } from "../../../../../policy-pack/lib/stack-context";
import {
  environmentName,
  inScope,
  readEnvironmentScope,
} from "../../../../../policy-pack/policies/lifecycle/environment-scope";
import { noProtect } from "../../../../../policy-pack/policies/lifecycle/no-protect";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateResource, urnOf } from "../../harness";

const QUEUE = "aws:sqs/queue:Queue";
const queue = (protect: boolean, config: Record<string, unknown> = {}, props: Record<string, unknown> = {}) =>
  evaluateResource(noProtect, {
    type: QUEUE,
    name: "jobs-test",
    props,
    protect,
    config: { environment: "test", ...config },
  });

describe("lifecycle-no-protect", () => {
  describe("compliant", () => {
    it("passes a resource without protect", async () => {
      assert.deepEqual(await queue(false), { violations: [] });
    });

    it("does not apply outside the configured environments", async () => {
      assert.deepEqual(await queue(true, { environments: ["dev", "pr-*"], environment: "prod" }), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("reports protect with the environment it was judged for", async () => {
      assert.deepEqual((await queue(true)).violations, [
        "The protect option is set: `pulumi destroy` stops at this resource until protect is removed and applied. " +
          "Expected no protect option in environment 'test'.",
      ]);
    });

    it("applies to every resource type in matching environments", async () => {
      const config = { environments: ["dev", "pr-*"], environment: "pr-142" };
      const verdict = await evaluateResource(noProtect, {
        type: "aws:rds/instance:Instance",
        props: {},
        protect: true,
        config,
      });
      assert.match(verdict.violations[0], /environment 'pr-142'/);
    });
  });

  describe("unknown during preview", () => {
    it("decides from the resource options even when every input is unknown", async () => {
      const verdict = await queue(true, {}, { name: UNKNOWN, tags: UNKNOWN_OBJECT });
      assert.equal(verdict.violations.length, 1);
      assert.equal(verdict.deferred, undefined);
    });
  });

  describe("malformed input", () => {
    it("fails closed on environments that are not a list", async () => {
      assert.deepEqual((await queue(false, { environments: "dev" })).violations, [
        "invalid configuration for policy 'lifecycle-no-protect': 'environments' must be an array of strings, got string \"dev\"",
      ]);
    });

    it("fails closed on an environment name that is not a string", async () => {
      assert.match(
        (await queue(false, { environment: 7 })).violations[0],
        /'environment' must be a string, got number 7/,
      );
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(QUEUE, "jobs-test");

    it("reports an exempted protected resource as not applicable", async () => {
      const verdict = await queue(true, {
        exemptions: [{ urn, reason: "Shared queue, owned by platform", expires: "2999-01-01" }],
      });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Shared queue, owned by platform \(expires 2999-01-01\); suppressed: The protect option is set/,
      );
    });

    it("does not apply an expired exemption and says why", async () => {
      const verdict = await queue(true, {
        exemptions: [{ urn, reason: "until the migration", expires: "2024-02-29" }],
      });
      assert.match(
        verdict.violations[0],
        /Exemption not applied because it expired on 2024-02-29: "until the migration"\.$/,
      );
    });
  });

  describe("environment scope", () => {
    const stack = readStackContext({
      PULUMI_NODEJS_PROJECT: "payments",
      PULUMI_NODEJS_STACK: "team-a-staging",
      PULUMI_CONFIG: JSON.stringify({ "payments:environmentSuffix": "stg" }),
    });
    const scope = (raw: Record<string, unknown>) =>
      readEnvironmentScope({ environments: ["*"], environment: "", ...raw });

    it("names the environment from the policy config, else environmentSuffix, else the stack name", () => {
      assert.equal(environmentName(scope({ environment: "qa" }), stack), "qa");
      assert.equal(environmentName(scope({}), stack), "stg");
      assert.equal(environmentName(scope({}), readStackContext({ PULUMI_NODEJS_STACK: "dev" })), "dev");
    });

    it("matches glob patterns, case-sensitively", () => {
      assert.ok(inScope(scope({ environments: ["s?g", "prod"] }), stack));
      assert.ok(!inScope(scope({ environments: ["STG"] }), stack));
      assert.ok(inScope(scope({ environments: ["team-*"], environment: "team-b" }), stack));
      assert.ok(!inScope(scope({ environments: [] }), stack));
    });
  });
});
