import assert from "node:assert/strict";
import { iamUnknownActions } from "../../../../../policy-pack/policies/iam/iam-unknown-actions";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";
import { BUCKET_POLICY, FAR_FUTURE, ROLE_POLICY, allow, deny, doc } from "./documents";

const rolePolicy = (policy: unknown, extra: object = {}) =>
  evaluateResource(iamUnknownActions, { type: ROLE_POLICY, props: { role: "app", policy }, ...extra });

describe("iam-unknown-actions", () => {
  it("is advisory", () => {
    assert.equal(iamUnknownActions.enforcementLevel, "advisory");
  });

  describe("compliant", () => {
    it("passes known actions and wildcards that match something, in any case", async () => {
      const policy = doc(
        allow({ Action: ["s3:GetObject", "S3:getobject", "ec2:Describe*", "*", "kms:*"], Resource: "*" }),
      );
      assert.deepEqual(await rolePolicy(policy), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports misspelt actions, unknown services, empty wildcards and bad syntax", async () => {
      const verdict = await rolePolicy(
        doc(allow({ Action: ["s3:GetObjekt", "s4:GetObject", "s3:Gett*", "s3GetObject"], Resource: "*" })),
      );
      assert.deepEqual(
        verdict.violations.map((v) => v.replace(/; expected.*/, "")),
        [
          "'policy' Statement[0] Action 's3:GetObjekt' is not an action of service 's3'",
          "'policy' Statement[0] Action 's4:GetObject' names a service prefix 's4' the IAM catalog does not know",
          "'policy' Statement[0] Action 's3:Gett*' matches no action of service 's3'",
          "'policy' Statement[0] Action 's3GetObject' is not of the form service:Action",
        ],
      );
    });

    it("checks NotAction and Deny statements, where a typo silently denies nothing", async () => {
      const policy = doc(deny({ NotAction: ["iam:ListRoles", "iam:ListRolez"], Resource: "*" }));
      const verdict = await evaluateResource(iamUnknownActions, {
        type: BUCKET_POLICY,
        props: { policy: JSON.stringify(policy) },
      });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /NotAction 'iam:ListRolez' is not an action of service 'iam'/);
    });
  });

  describe("unknown during preview", () => {
    it("skips unknown entries and checks the known ones, whatever the Effect", async () => {
      assert.deepEqual(await rolePolicy(doc(allow({ Action: [UNKNOWN, "s3:GetObject"], Resource: "*" }))), {
        violations: [],
      });
      const verdict = await rolePolicy(doc({ Effect: UNKNOWN, Action: "s3:GetObjekt", Resource: "*" }));
      assert.equal(verdict.violations.length, 1);
    });

    it("defers on a whole unknown document", async () => {
      assert.ok((await rolePolicy(UNKNOWN)).deferred);
    });
  });

  describe("malformed input", () => {
    it("reports a statement without Action or NotAction", async () => {
      assert.match(
        (await rolePolicy(doc(allow({ Resource: "*" })))).violations[0],
        /has neither Action nor NotAction/,
      );
    });
  });

  describe("exemptions", () => {
    it("exempts an action the catalog does not list yet", async () => {
      const urn = urnOf(ROLE_POLICY, "early-adopter");
      const config = {
        exemptions: [
          {
            urn,
            reason: "Action released this week",
            expires: FAR_FUTURE,
            findings: ["UnknownAction::bedrock:InvokeBrandNewThing"],
          },
        ],
      };
      const verdict = await rolePolicy(doc(allow({ Action: "bedrock:InvokeBrandNewThing", Resource: "*" })), {
        name: "early-adopter",
        config,
      });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /Action released this week/);
    });
  });
});
