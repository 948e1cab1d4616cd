import assert from "node:assert/strict";
import fc from "fast-check";
import { iamNoWildcardActions } from "../../../../../policy-pack/policies/iam/iam-no-wildcard-actions";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateResource, urnOf } from "../../harness";
import {
  ACCOUNT_ROOT,
  BUCKET_POLICY,
  FAR_FUTURE,
  KMS_KEY,
  ROLE,
  ROLE_POLICY,
  allow,
  deny,
  doc,
} from "./documents";

const rolePolicy = (policy: unknown, extra: object = {}) =>
  evaluateResource(iamNoWildcardActions, { type: ROLE_POLICY, props: { role: "app", policy }, ...extra });

describe("iam-no-wildcard-actions", () => {
  describe("compliant", () => {
    it("passes explicit actions, as a string or a list, in a JSON string or an object", async () => {
      const statement = allow({ Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::b/*" });
      assert.deepEqual(await rolePolicy(doc(statement)), { violations: [] });
      assert.deepEqual(
        await rolePolicy(JSON.stringify(doc(allow({ Action: "s3:GetObject", Resource: "*" })))),
        { violations: [] },
      );
    });

    it("ignores wildcards in Deny statements", async () => {
      assert.deepEqual(await rolePolicy(doc(deny({ Action: "*", Resource: "*" }))), { violations: [] });
    });

    it("lets resource policies delegate to account roots (the default KMS key policy)", async () => {
      const policy = JSON.stringify(
        doc(allow({ Principal: { AWS: ACCOUNT_ROOT }, Action: "kms:*", Resource: "*" })),
      );
      assert.deepEqual(await evaluateResource(iamNoWildcardActions, { type: KMS_KEY, props: { policy } }), {
        violations: [],
      });
    });

    it("allows read-only partial wildcards when configured", async () => {
      const policy = doc(allow({ Action: ["ec2:Describe*", "s3:List*"], Resource: "*" }));
      assert.deepEqual(await rolePolicy(policy, { config: { allowReadOnlyWildcards: true } }), {
        violations: [],
      });
    });

    it("passes resources without documents", async () => {
      assert.deepEqual(await evaluateResource(iamNoWildcardActions, { type: KMS_KEY, props: {} }), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("reports '*', 'service:*' and partial wildcards, one finding each", async () => {
      const verdict = await rolePolicy(
        doc(allow({ Sid: "Broad", Action: ["*", "s3:*", "s3:Get*", "s3:GetObjec?"], Resource: "*" })),
      );
      assert.equal(verdict.violations.length, 4);
      assert.match(
        verdict.violations[0],
        /^'policy' Statement\[0\] \(Sid "Broad"\) allows Action '\*', which grants every action of every service; expected explicit action names/,
      );
      assert.match(
        verdict.violations[1],
        /allows Action 's3:\*', which grants \d+ actions today and any AWS adds later/,
      );
      assert.match(verdict.violations[2], /allows Action 's3:Get\*'/);
      assert.match(verdict.violations[3], /allows Action 's3:GetObjec\?'/);
    });

    it("reports read-only wildcards by default and write wildcards even when read-only ones are allowed", async () => {
      assert.equal(
        (await rolePolicy(doc(allow({ Action: "ec2:Describe*", Resource: "*" })))).violations.length,
        1,
      );
      const verdict = await rolePolicy(doc(allow({ Action: ["s3:Put*", "s3:Get*"], Resource: "*" })), {
        config: { allowReadOnlyWildcards: true },
      });
      // s3:Get* includes no write action; s3:Put* does.
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /'s3:Put\*'/);
    });

    it("checks trust policies, inline policies and resource policies granting to others than roots", async () => {
      const props = {
        assumeRolePolicy: doc(allow({ Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:*" })),
        inlinePolicies: [
          { name: "a", policy: JSON.stringify(doc(allow({ Action: "dynamodb:*", Resource: "*" }))) },
        ],
      };
      const role = await evaluateResource(iamNoWildcardActions, { type: ROLE, props });
      assert.deepEqual(
        role.violations.map((v) => v.split(" allows")[0]),
        ["'assumeRolePolicy' Statement[0]", "'inlinePolicies[0].policy' Statement[0]"],
      );
      const bucketPolicy = doc(
        allow({
          Principal: { AWS: [ACCOUNT_ROOT, "arn:aws:iam::111122223333:role/x"] },
          Action: "s3:*",
          Resource: "*",
        }),
      );
      const bucket = await evaluateResource(iamNoWildcardActions, {
        type: BUCKET_POLICY,
        props: { policy: bucketPolicy },
      });
      assert.equal(bucket.violations.length, 1);
    });

    it("does not delegate to roots when configured not to", async () => {
      const policy = doc(allow({ Principal: { AWS: ACCOUNT_ROOT }, Action: "kms:*", Resource: "*" }));
      const verdict = await evaluateResource(iamNoWildcardActions, {
        type: KMS_KEY,
        props: { policy },
        config: { allowAccountRootDelegation: false },
      });
      assert.equal(verdict.violations.length, 1);
    });

    it("reports a wildcard whatever the shape of the Action element (property)", async () => {
      const wildcard = fc.constantFrom("*", "s3:*", "iam:Pass*", "kms:*");
      const explicit = fc.array(fc.constantFrom("s3:GetObject", "kms:Decrypt"), { maxLength: 2 });
      await fc.assert(
        fc.asyncProperty(wildcard, explicit, fc.boolean(), async (w, others, asString) => {
          const action = asString && others.length === 0 ? w : [...others, w];
          const verdict = await rolePolicy(doc(allow({ Action: action, Resource: "*" })));
          assert.equal(verdict.violations.length, 1);
        }),
        { numRuns: 30 },
      );
    });
  });

  describe("unknown during preview", () => {
    it("decides wildcards even when the resource ARN is unknown", async () => {
      const verdict = await rolePolicy(doc(allow({ Action: "s3:*", Resource: UNKNOWN })));
      assert.equal(verdict.violations.length, 1);
    });

    it("passes explicit actions next to unknown resources and conditions", async () => {
      const policy = doc(allow({ Action: "s3:GetObject", Resource: [UNKNOWN], Condition: UNKNOWN_OBJECT }));
      assert.deepEqual(await rolePolicy(policy), { violations: [] });
    });

    it("defers when the whole document is unknown", async () => {
      const verdict = await rolePolicy(UNKNOWN);
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("defers when an action, a statement or the Effect of a wildcard statement is unknown", async () => {
      for (const policy of [
        doc(allow({ Action: ["s3:GetObject", UNKNOWN], Resource: "*" })),
        doc(allow({ Action: "s3:GetObject", Resource: "*" }), UNKNOWN_OBJECT),
        doc({ Effect: UNKNOWN, Action: "s3:*", Resource: "*" }),
      ]) {
        assert.match(
          (await rolePolicy(policy)).deferred ?? "",
          /can't be known during preview/,
          JSON.stringify(policy),
        );
      }
    });

    it("reports a known wildcard even when another document is unknown", async () => {
      const props = {
        assumeRolePolicy: UNKNOWN,
        inlinePolicies: [{ name: "a", policy: doc(allow({ Action: "*", Resource: "*" })) }],
      };
      assert.equal(
        (await evaluateResource(iamNoWildcardActions, { type: ROLE, props })).violations.length,
        1,
      );
    });
  });

  describe("malformed input", () => {
    it("reports invalid JSON and wrong shapes with the location and the problem", async () => {
      const invalid = await rolePolicy('{"Version": "2012-10-17", "Statement": [');
      assert.match(
        invalid.violations[0],
        /^'policy' is not a valid IAM policy document: it is not valid JSON/,
      );
      const wrong = await rolePolicy(doc(allow({ Action: 42, Resource: "*" })));
      assert.match(
        wrong.violations[0],
        /Statement\[0\].Action must be a string or a list of strings, got number 42/,
      );
    });

    it("reports a malformed inline policy list", async () => {
      const verdict = await evaluateResource(iamNoWildcardActions, {
        type: ROLE,
        props: { inlinePolicies: "x" },
      });
      assert.match(verdict.violations[0], /'inlinePolicies' must be a list of \{name, policy\}/);
    });

    it("fails closed on malformed config", async () => {
      const verdict = await rolePolicy(doc(allow({ Action: "s3:GetObject", Resource: "*" })), {
        config: { allowReadOnlyWildcards: "yes" },
      });
      assert.match(
        verdict.violations[0],
        /invalid configuration for policy 'iam-no-wildcard-actions': 'allowReadOnlyWildcards' must be a boolean/,
      );
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(ROLE_POLICY, "legacy");
    const policy = doc(allow({ Action: ["s3:*", "iam:*"], Resource: "*" }));

    it("exempts one finding by id and keeps the others", async () => {
      const config = {
        exemptions: [{ urn, reason: "Legacy ETL, RISK-7", expires: FAR_FUTURE, findings: ["Action::s3:*"] }],
      };
      const verdict = await rolePolicy(policy, { name: "legacy", config });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /'iam:\*'/);
    });

    it("exempts every finding of the resource", async () => {
      const config = { exemptions: [{ urn, reason: "Legacy ETL", expires: FAR_FUTURE }] };
      const verdict = await rolePolicy(policy, { name: "legacy", config });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Legacy ETL \(expires 2999-12-31\); suppressed: 'policy' Statement\[0\] allows Action 's3:\*'/,
      );
    });

    it("does not apply an expired exemption", async () => {
      const config = {
        exemptions: [{ urn, reason: "Legacy ETL", expires: "2021-06-30", findings: ["Action::s3:*"] }],
      };
      const verdict = await rolePolicy(policy, { name: "legacy", config });
      assert.equal(verdict.violations.length, 2);
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2021-06-30/);
    });
  });
});
