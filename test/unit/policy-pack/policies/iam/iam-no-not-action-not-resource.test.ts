import assert from "node:assert/strict";
import { iamNoNotActionNotResource } from "../../../../../policy-pack/policies/iam/iam-no-not-action-not-resource";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateResource, urnOf } from "../../harness";
import { BUCKET_POLICY, FAR_FUTURE, ROLE_POLICY, allow, deny, doc } from "./documents";

const rolePolicy = (policy: unknown, extra: object = {}) =>
  evaluateResource(iamNoNotActionNotResource, {
    type: ROLE_POLICY,
    props: { role: "app", policy },
    ...extra,
  });

describe("iam-no-not-action-not-resource", () => {
  describe("compliant", () => {
    it("passes Allow statements with Action and Resource", async () => {
      assert.deepEqual(await rolePolicy(doc(allow({ Action: "s3:GetObject", Resource: "*" }))), {
        violations: [],
      });
    });

    it("passes NotAction and NotResource in Deny statements", async () => {
      const policy = doc(
        deny({
          NotAction: ["iam:*", "sts:*"],
          Resource: "*",
          Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } },
        }),
        deny({ Action: "s3:*", NotResource: ["arn:aws:s3:::mine", "arn:aws:s3:::mine/*"] }),
      );
      assert.deepEqual(await rolePolicy(JSON.stringify(policy)), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports Allow with NotAction and with NotResource, naming the exceptions", async () => {
      const verdict = await rolePolicy(
        doc(
          allow({ Sid: "AllButIam", NotAction: "iam:*", NotResource: ["arn:aws:s3:::a", "arn:aws:s3:::b"] }),
        ),
      );
      assert.deepEqual(verdict.violations, [
        `'policy' Statement[0] (Sid "AllButIam") allows every action except NotAction [iam:*]; expected an Allow with an explicit Action list (use NotAction only with Deny).`,
        `'policy' Statement[0] (Sid "AllButIam") allows access to every resource except NotResource [arn:aws:s3:::a, arn:aws:s3:::b]; expected an Allow with an explicit Resource list (use NotResource only with Deny).`,
      ]);
    });

    it("checks resource policies too", async () => {
      const policy = doc(
        allow({
          Principal: { AWS: "arn:aws:iam::111122223333:role/x" },
          NotAction: "s3:DeleteObject",
          Resource: "*",
        }),
      );
      const verdict = await evaluateResource(iamNoNotActionNotResource, {
        type: BUCKET_POLICY,
        props: { policy },
      });
      assert.equal(verdict.violations.length, 1);
    });
  });

  describe("unknown during preview", () => {
    it("decides NotAction even when its entries are unknown", async () => {
      const verdict = await rolePolicy(doc(allow({ NotAction: UNKNOWN, Resource: "*" })));
      assert.match(verdict.violations[0], /except NotAction \[unknown\]/);
    });

    it("defers on a whole unknown document or an unknown Effect, passes unknown resources", async () => {
      assert.match((await rolePolicy(UNKNOWN)).deferred ?? "", /can't be known during preview/);
      assert.ok((await rolePolicy(doc({ Effect: UNKNOWN, NotAction: "iam:*", Resource: "*" }))).deferred);
      assert.deepEqual(
        await rolePolicy(
          doc(allow({ Action: "s3:GetObject", Resource: UNKNOWN, Condition: UNKNOWN_OBJECT })),
        ),
        {
          violations: [],
        },
      );
    });
  });

  describe("malformed input", () => {
    it("reports a document that is not an object", async () => {
      const verdict = await rolePolicy(JSON.stringify([allow({ NotAction: "iam:*" })]));
      assert.match(
        verdict.violations[0],
        /'policy' is not a valid IAM policy document: it must be an object, got an array/,
      );
    });
  });

  describe("exemptions", () => {
    it("exempts the NotAction finding only", async () => {
      const urn = urnOf(ROLE_POLICY, "ops");
      const config = {
        exemptions: [{ urn, reason: "Break-glass ops role", expires: FAR_FUTURE, findings: ["NotAction"] }],
      };
      const verdict = await rolePolicy(doc(allow({ NotAction: "iam:*", NotResource: "arn:aws:s3:::x" })), {
        name: "ops",
        config,
      });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /NotResource/);
    });
  });

  describe("NotResource unknown during preview", () => {
    it("still reports an Allow with NotResource: whatever it excludes, it allows everything else", async () => {
      const verdict = await rolePolicy(doc(allow({ Action: "s3:GetObject", NotResource: UNKNOWN })));
      assert.deepEqual(verdict.violations, [
        "'policy' Statement[0] allows access to every resource except NotResource [unknown]; " +
          "expected an Allow with an explicit Resource list (use NotResource only with Deny).",
      ]);
    });
  });
});
