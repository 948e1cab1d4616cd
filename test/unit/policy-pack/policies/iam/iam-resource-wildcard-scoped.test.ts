import assert from "node:assert/strict";
import { iamResourceWildcardScoped } from "../../../../../policy-pack/policies/iam/iam-resource-wildcard-scoped";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";
import { BUCKET_POLICY, FAR_FUTURE, ROLE, ROLE_POLICY, allow, deny, doc } from "./documents";

const rolePolicy = (policy: unknown, extra: object = {}) =>
  evaluateResource(iamResourceWildcardScoped, {
    type: ROLE_POLICY,
    props: { role: "app", policy },
    ...extra,
  });

describe("iam-resource-wildcard-scoped", () => {
  describe("compliant", () => {
    it("passes Resource '*' for actions that support no resource-level permissions", async () => {
      const policy = doc(
        allow({ Action: ["sts:GetCallerIdentity", "s3:ListAllMyBuckets", "kms:CreateKey"], Resource: "*" }),
      );
      assert.deepEqual(await rolePolicy(policy), { violations: [] });
    });

    it("passes scoped resources, policy variables included", async () => {
      const policy = doc(
        allow({ Action: "s3:GetObject", Resource: ["arn:aws:s3:::home/${aws:username}/*"] }),
      );
      assert.deepEqual(await rolePolicy(JSON.stringify(policy)), { violations: [] });
    });

    it("ignores Deny statements and resource policies (their '*' is the resource itself)", async () => {
      assert.deepEqual(await rolePolicy(doc(deny({ Action: "s3:DeleteObject", Resource: "*" }))), {
        violations: [],
      });
      const bucketPolicy = doc(
        allow({
          Principal: { AWS: "arn:aws:iam::111122223333:role/r" },
          Action: "s3:GetObject",
          Resource: "*",
        }),
      );
      const verdict = await evaluateResource(iamResourceWildcardScoped, {
        type: BUCKET_POLICY,
        props: { policy: bucketPolicy },
      });
      assert.deepEqual(verdict, { violations: [] });
    });

    it("leaves actions the catalog does not know to iam-unknown-actions", async () => {
      assert.deepEqual(
        await rolePolicy(doc(allow({ Action: ["s3:GetObjekt", "nosuchservice:Get"], Resource: "*" }))),
        { violations: [] },
      );
    });
  });

  describe("violating", () => {
    it("reports each scopable action on '*' with a finding id per action", async () => {
      const verdict = await rolePolicy(
        doc(allow({ Action: ["s3:GetObject", "sts:GetCallerIdentity", "iam:passrole"], Resource: ["*"] })),
      );
      assert.deepEqual(verdict.violations, [
        "'policy' Statement[0] grants s3:GetObject on Resource '*', but 's3:GetObject' supports resource-level permissions; expected the ARNs of the resources it needs (keep '*' in a separate statement for actions that support no resource-level permissions).",
        "'policy' Statement[0] grants iam:passrole on Resource '*', but 'iam:PassRole' supports resource-level permissions; expected the ARNs of the resources it needs (keep '*' in a separate statement for actions that support no resource-level permissions).",
      ]);
    });

    it("reports wildcards that include scopable actions, naming some of them", async () => {
      const verdict = await rolePolicy(doc(allow({ Action: ["dynamodb:Get*", "*"], Resource: "*" })));
      assert.equal(verdict.violations.length, 2);
      assert.match(
        verdict.violations[0],
        /'dynamodb:Get\*' includes actions that support resource-level permissions \(dynamodb:Get\w+/,
      );
      assert.match(verdict.violations[1], /grants \* on Resource '\*'/);
    });

    it("checks the inline policies of a role", async () => {
      const props = {
        inlinePolicies: [{ name: "a", policy: doc(allow({ Action: "sqs:SendMessage", Resource: "*" })) }],
      };
      const verdict = await evaluateResource(iamResourceWildcardScoped, { type: ROLE, props });
      assert.match(
        verdict.violations[0],
        /^'inlinePolicies\[0\].policy' Statement\[0\] grants sqs:SendMessage/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("treats unknown resource entries as ARNs, not '*'", async () => {
      assert.deepEqual(await rolePolicy(doc(allow({ Action: "s3:GetObject", Resource: [UNKNOWN] }))), {
        violations: [],
      });
    });

    it("defers when actions on '*' are unknown, or the inline policy list is", async () => {
      assert.ok((await rolePolicy(doc(allow({ Action: UNKNOWN, Resource: "*" })))).deferred);
      assert.ok(
        (
          await evaluateResource(iamResourceWildcardScoped, {
            type: ROLE,
            props: { inlinePolicies: UNKNOWN },
          })
        ).deferred,
      );
    });
  });

  describe("malformed input", () => {
    it("reports duplicated keys", async () => {
      const text =
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Resource":"arn:aws:s3:::b/*"}]}';
      const verdict = await rolePolicy(text);
      assert.match(verdict.violations[0], /key 'Statement\[0\].Resource' appears more than once/);
    });
  });

  describe("exemptions", () => {
    it("exempts a finding by its Resource::*::<action> id", async () => {
      const config = {
        exemptions: [
          {
            urn: urnOf(ROLE_POLICY, "reader"),
            reason: "Reads every bucket by design",
            expires: FAR_FUTURE,
            findings: ["Resource::*::s3:GetObject"],
          },
        ],
      };
      const verdict = await rolePolicy(doc(allow({ Action: "s3:GetObject", Resource: "*" })), {
        name: "reader",
        config,
      });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /^exempted: Reads every bucket by design/);
    });
  });
});
