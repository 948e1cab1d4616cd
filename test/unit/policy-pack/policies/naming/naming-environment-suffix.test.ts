import assert from "node:assert/strict";
import { PolicyConfigError } from "../../../../../policy-pack/lib/config";
import { defaultsOf, type ResourceCheckInput } from "../../../../../policy-pack/lib/policy";
import { readStackContext } from "../../../../../policy-pack/lib/stack-context";
import {
  checkNaming,
  namingEnvironmentSuffix,
  type NamingConfig,
} from "../../../../../policy-pack/policies/naming/naming-environment-suffix";
import { UNKNOWN, evaluateResource, secret, urnOf } from "../../harness";

const QUEUE = "aws:sqs/queue:Queue";
const BUCKET = "aws:s3/bucket:Bucket";

/** Runs the policy through the SDK path with the suffix pinned in policy config (the test process has no stack). */
const evaluate = (
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
) =>
  evaluateResource(namingEnvironmentSuffix, {
    type,
    name,
    props,
    config: { environmentSuffix: "test", ...config },
  });

/** Calls the check directly with a stack context built from the env vars the CLI sets. */
function checkWithStack(
  env: Record<string, string>,
  config: Record<string, unknown>,
  name: string,
  props = {},
) {
  const input: ResourceCheckInput<NamingConfig> = {
    type: QUEUE,
    name,
    urn: urnOf(QUEUE, name),
    props,
    protect: false,
    config: namingEnvironmentSuffix.parseConfig({ ...defaultsOf(namingEnvironmentSuffix), ...config }),
    stack: readStackContext({ PULUMI_NODEJS_PROJECT: "payments", ...env }),
  };
  return checkNaming(input);
}

describe("naming-environment-suffix", () => {
  describe("compliant", () => {
    it("passes when the logical and the physical name carry the suffix as a token", async () => {
      assert.deepEqual(await evaluate(QUEUE, "orders-test", { name: "orders-test" }), { violations: [] });
    });

    it("accepts the suffix as any token delimited by - _ . / or an end of the name", async () => {
      for (const name of [
        "test-orders",
        "orders_test_v2",
        "orders.test",
        "/aws/lambda/orders-test",
        "test",
      ]) {
        const verdict = await evaluate("aws:cloudwatch/logGroup:LogGroup", name, { name });
        assert.deepEqual(verdict.violations, [], name);
      }
    });

    it("judges a resource left to autonaming by its logical name", async () => {
      assert.deepEqual(await evaluate(BUCKET, "audit-logs-test", {}), { violations: [] });
    });

    it("recognises the provider's autoname (lowercased for S3) and judges it by the logical name", async () => {
      const config = { pattern: "ends-with-suffix" };
      assert.deepEqual(await evaluate(BUCKET, "Audit-test", { bucket: "audit-test-0f3c9a1" }, config), {
        violations: [],
      });
      assert.deepEqual(await evaluate(QUEUE, "jobs-test", { name: "jobs-test-1a2b3c4.fifo" }, config), {
        violations: [],
      });
    });

    it("ignores case by default, since S3 and RDS names are lowercase and stack names often are not", async () => {
      assert.deepEqual(
        await evaluate(BUCKET, "payments-Prod", { bucket: "payments-prod" }, { environmentSuffix: "Prod" }),
        {
          violations: [],
        },
      );
    });

    it("treats the separators inside a suffix as interchangeable (Glue forbids '-')", async () => {
      const verdict = await evaluate(
        "aws:glue/catalogDatabase:CatalogDatabase",
        "orders-eu-west",
        { name: "orders_eu_west" },
        {
          environmentSuffix: "eu-west",
        },
      );
      assert.deepEqual(verdict.violations, []);
    });

    it("leaves out the .fifo and alias/ text AWS requires before matching a pattern", async () => {
      assert.deepEqual(
        await evaluate(QUEUE, "orders-test", { name: "orders-test.fifo" }, { pattern: "ends-with-suffix" }),
        {
          violations: [],
        },
      );
      const alias = await evaluate(
        "aws:kms/alias:Alias",
        "test-orders",
        { name: "alias/test-orders" },
        { pattern: "^{suffix}-" },
      );
      assert.deepEqual(alias.violations, []);
    });

    it("accepts a prefix input that contains the suffix, with or without a trailing separator", async () => {
      for (const namePrefix of ["orders-test-", "orders-test"]) {
        assert.deepEqual((await evaluate(QUEUE, "orders-test", { namePrefix })).violations, [], namePrefix);
      }
    });

    it("accepts secret names", async () => {
      assert.deepEqual(await evaluate(QUEUE, "orders-test", { name: secret("orders-test") }), {
        violations: [],
      });
    });

    it("never judges components, providers or the stack resource", async () => {
      for (const type of [
        "finguard:components:KmsKey",
        "pulumi:providers:aws",
        "pulumi:pulumi:Stack",
        "awsx:ec2:Vpc",
      ]) {
        assert.deepEqual(await evaluate(type, "no-suffix", { name: "no-suffix" }), { violations: [] }, type);
      }
    });

    it("skips the configured type globs", async () => {
      const config = { skipTypes: ["aws:iam/rolePolicyAttachment:*"] };
      const verdict = await evaluate(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "attach",
        {},
        config,
      );
      assert.deepEqual(verdict, { violations: [] });
    });
  });

  describe("violating", () => {
    it("names the logical name, the expectation, an example and where the suffix came from", async () => {
      const verdict = await evaluate(QUEUE, "orders", {});
      assert.deepEqual(verdict.violations, [
        "Logical name 'orders' must contain the environment suffix 'test' as a separate token (delimited by -, _, ., / " +
          "or an end of the name), e.g. 'orders-test' (suffix from this policy's config 'environmentSuffix').",
      ]);
    });

    it("does not accept the suffix inside a longer word", async () => {
      for (const name of ["orders-testing", "contest", "orders-test2"]) {
        assert.equal((await evaluate(QUEUE, name, {})).violations.length, 1, name);
      }
    });

    it("judges types without a physical name by their logical name", async () => {
      const verdict = await evaluate("aws:kms/key:Key", "payments-key", { description: "payments-test" });
      assert.match(verdict.violations[0], /^Logical name 'payments-key' must contain/);
    });

    it("reports an explicit physical name without the suffix, with the property and its value", async () => {
      const verdict = await evaluate(QUEUE, "orders-test", { name: "orders-prod.fifo" });
      assert.deepEqual(verdict.violations, [
        "name 'orders-prod.fifo' (the physical name of this aws:sqs/queue:Queue) must contain the environment suffix " +
          "'test' as a separate token (delimited by -, _, ., / or an end of the name), e.g. 'orders-prod-test.fifo' " +
          "(suffix from this policy's config 'environmentSuffix').",
      ]);
    });

    it("reports the logical and the physical name separately", async () => {
      const verdict = await evaluate("aws:iam/role:Role", "app-role", { name: "app-role" });
      assert.equal(verdict.violations.length, 2);
      assert.match(
        verdict.violations[1],
        /^name 'app-role' \(the physical name of this aws:iam\/role:Role\)/,
      );
    });

    it("reports a prefix input without the suffix and suggests one", async () => {
      const verdict = await evaluate(BUCKET, "logs-test", { bucketPrefix: "logs-" });
      assert.equal(verdict.violations.length, 1);
      assert.match(
        verdict.violations[0],
        /^bucketPrefix 'logs-' \(the start of this aws:s3\/bucket:Bucket's physical name.*e\.g\. 'logs-test-'/,
      );
    });

    it("suggests names AWS accepts: lowercase for S3, '_' for Glue", async () => {
      const bucket = await evaluate(BUCKET, "audit-QA", { bucket: "audit" }, { environmentSuffix: "QA" });
      assert.match(bucket.violations[0], /e\.g\. 'audit-qa'/);
      const glue = await evaluate(
        "aws:glue/catalogDatabase:CatalogDatabase",
        "orders-eu-west",
        { name: "orders" },
        {
          environmentSuffix: "eu-west",
        },
      );
      assert.match(glue.violations[0], /e\.g\. 'orders_eu_west'/);
    });

    it("applies the ends-with-suffix preset", async () => {
      const verdict = await evaluate(QUEUE, "test-orders", {}, { pattern: "ends-with-suffix" });
      assert.match(
        verdict.violations[0],
        /must end with the environment suffix 'test' as a separate token, e\.g\. 'test-orders-test'/,
      );
    });

    it("applies the resource-type-suffix preset with the type's short names and configured aliases", async () => {
      const config = {
        pattern: "resource-type-suffix",
        typeNames: { "aws:ec2/securityGroup:SecurityGroup": "sg" },
      };
      assert.deepEqual((await evaluate(QUEUE, "orders-queue-test", {}, config)).violations, []);
      for (const name of ["web-security-group-test", "web-sg-test", "securitygroup-test"]) {
        assert.deepEqual(
          (await evaluate("aws:ec2/securityGroup:SecurityGroup", name, {}, config)).violations,
          [],
          name,
        );
      }
      const verdict = await evaluate(QUEUE, "orders-test", {}, config);
      assert.match(
        verdict.violations[0],
        /must follow <name>-<type>-<suffix> with type 'queue' or 'Queue' and suffix 'test' \(suffix from/,
      );
    });

    it("applies a custom pattern and shows it", async () => {
      const verdict = await evaluate(
        QUEUE,
        "orders-test",
        { name: "orders-test" },
        { pattern: "^fg-[a-z]+-{suffix}$" },
      );
      assert.equal(verdict.violations.length, 2);
      assert.match(
        verdict.violations[0],
        /must match the naming pattern \/\^fg-\[a-z\]\+-test\$\/ \(environment suffix 'test'\)/,
      );
    });

    it("checks prefixes for the suffix token even under a pattern anchored at the end", async () => {
      const config = { pattern: "ends-with-suffix" };
      assert.deepEqual(
        (await evaluate(QUEUE, "orders-test", { namePrefix: "orders-test-" }, config)).violations,
        [],
      );
      assert.equal(
        (await evaluate(QUEUE, "orders-test", { namePrefix: "orders-" }, config)).violations.length,
        1,
      );
    });

    it("compares case when asked, lowercasing the suffix for lowercase-only names", async () => {
      const config = { environmentSuffix: "Test", caseSensitive: true };
      assert.equal(
        (await evaluate(QUEUE, "orders-Test", { name: "orders-test" }, config)).violations.length,
        1,
      );
      assert.deepEqual(
        (await evaluate(BUCKET, "orders-Test", { bucket: "orders-test" }, config)).violations,
        [],
      );
    });

    it("judges the inputs configured for a type instead of the built-in table", async () => {
      const config = { nameProperties: { "aws:lambda/alias:Alias": ["name"], [QUEUE]: ["namePrefix"] } };
      const alias = await evaluate("aws:lambda/alias:Alias", "live-test", { name: "live" }, config);
      assert.match(alias.violations[0], /^name 'live' \(the physical name of this aws:lambda\/alias:Alias\)/);
      assert.deepEqual((await evaluate(QUEUE, "orders-test", { name: "orders" }, config)).violations, []);
    });
  });

  describe("environment suffix source", () => {
    const stackEnv = {
      PULUMI_NODEJS_STACK: "dev",
      PULUMI_CONFIG: JSON.stringify({ "payments:environmentSuffix": "qa" }),
    };

    it("prefers this policy's config over the stack config", () => {
      assert.deepEqual(checkWithStack(stackEnv, { environmentSuffix: "uat" }, "orders-uat"), []);
    });

    it("reads the project-namespaced stack config next", () => {
      assert.deepEqual(checkWithStack(stackEnv, {}, "orders-qa"), []);
      const [finding] = checkWithStack(stackEnv, {}, "orders-dev");
      assert.match(
        finding.message,
        /suffix 'qa'.*\(suffix from stack config 'payments:environmentSuffix'\)\.$/,
      );
    });

    it("falls back to the stack name when both configs are blank", () => {
      const env = {
        PULUMI_NODEJS_STACK: "dev",
        PULUMI_CONFIG: JSON.stringify({ "payments:environmentSuffix": " " }),
      };
      assert.deepEqual(checkWithStack(env, { environmentSuffix: "" }, "orders-dev"), []);
      assert.match(checkWithStack(env, {}, "orders")[0].message, /\(suffix from the stack name\)\.$/);
    });

    it("fails closed when there is no suffix at all", () => {
      assert.throws(() => checkWithStack({}, {}, "orders"), PolicyConfigError);
      assert.throws(
        () => checkWithStack({}, {}, "orders"),
        /no environment suffix: set this policy's 'environmentSuffix'/,
      );
    });

    it("rejects a suffix without a letter or digit", () => {
      assert.throws(
        () => checkWithStack(stackEnv, { environmentSuffix: "--" }, "orders"),
        /the environment suffix "--" from this policy's config/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("judges a computed physical name by the logical name instead of deferring", async () => {
      assert.deepEqual(await evaluate(QUEUE, "orders-test", { name: UNKNOWN }), { violations: [] });
    });

    it("still reports the logical name when the physical name is unknown", async () => {
      const verdict = await evaluate(QUEUE, "orders", { name: UNKNOWN });
      assert.equal(verdict.deferred, undefined);
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /^Logical name 'orders'/);
    });

    it("defers when whenNameUnknown=defer and nothing else failed", async () => {
      const verdict = await evaluate(QUEUE, "orders-test", { name: UNKNOWN }, { whenNameUnknown: "defer" });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("does not defer under whenNameUnknown=defer when another name already fails", async () => {
      const verdict = await evaluate(QUEUE, "orders", { name: UNKNOWN }, { whenNameUnknown: "defer" });
      assert.equal(verdict.deferred, undefined);
      assert.equal(verdict.violations.length, 1);
    });
  });

  describe("malformed input", () => {
    it("reports a physical name that is not a string", async () => {
      for (const name of [42, ["orders-test"], { value: "orders-test" }]) {
        const verdict = await evaluate(QUEUE, "orders-test", { name });
        assert.equal(verdict.violations.length, 1, JSON.stringify(name));
        assert.match(
          verdict.violations[0],
          /^name \(a physical name of this aws:sqs\/queue:Queue\) must be a string, got /,
        );
      }
    });

    it("treats an empty physical name as unset (the provider autonames it)", async () => {
      assert.deepEqual(await evaluate(QUEUE, "orders-test", { name: "", namePrefix: null }), {
        violations: [],
      });
    });

    it("fails closed with a clear message on malformed config", async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [
          { pattern: "^orders-.*$" },
          /'pattern' must be one of suffix-token, ends-with-suffix, resource-type-suffix or a regular expression containing \{suffix\}/,
        ],
        [{ pattern: "({suffix}" }, /'pattern' is not a valid regular expression/],
        [
          { nameProperties: { [QUEUE]: "name" } },
          /'nameProperties' must map type tokens to arrays of input names/,
        ],
        [{ whenNameUnknown: "skip" }, /'whenNameUnknown' must be one of logical-name, defer/],
        [{ caseSensitive: "yes" }, /'caseSensitive' must be a boolean/],
        [{ environmentSuffix: 7 }, /'environmentSuffix' must be a string/],
      ];
      for (const [config, expected] of cases) {
        const verdict = await evaluate(QUEUE, "orders-test", {}, config);
        assert.equal(verdict.violations.length, 1, JSON.stringify(config));
        assert.match(
          verdict.violations[0],
          /^invalid configuration for policy 'naming-environment-suffix': /,
        );
        assert.match(verdict.violations[0], expected);
      }
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(BUCKET, "legacy-audit");
    const exemption = {
      urn,
      reason: "Imported bucket, renaming means data migration",
      expires: "2999-01-01",
      ticket: "CHG-7",
    };

    it("reports an exempted resource as not applicable with its reason", async () => {
      const verdict = await evaluate(
        BUCKET,
        "legacy-audit",
        { bucket: "legacy-audit" },
        { exemptions: [exemption] },
      );
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Imported bucket, renaming means data migration \[ticket CHG-7\]/,
      );
    });

    it("can exempt the physical name only, keeping the logical name rule", async () => {
      const config = { exemptions: [{ ...exemption, findings: ["bucket"] }] };
      const verdict = await evaluate(BUCKET, "legacy-audit", { bucket: "legacy-audit" }, config);
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /^Logical name 'legacy-audit'/);
    });

    it("does not apply an expired exemption and says why", async () => {
      const config = { exemptions: [{ ...exemption, expires: "2021-06-30" }] };
      const verdict = await evaluate(BUCKET, "legacy-audit", { bucket: "legacy-audit" }, config);
      assert.equal(verdict.notApplicable, undefined);
      assert.equal(verdict.violations.length, 2);
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2021-06-30/);
    });
  });
});
