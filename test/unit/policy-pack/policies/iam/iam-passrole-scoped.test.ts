import assert from "node:assert/strict";
import { iamPassRoleScoped } from "../../../../../policy-pack/policies/iam/iam-passrole-scoped";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateResource, urnOf } from "../../harness";
import { FAR_FUTURE, ROLE_POLICY, allow, deny, doc } from "./documents";

const rolePolicy = (policy: unknown, extra: object = {}) =>
  evaluateResource(iamPassRoleScoped, { type: ROLE_POLICY, props: { role: "deployer", policy }, ...extra });
const passRole = (resource: unknown, extra: Record<string, unknown> = {}) =>
  doc(allow({ Action: "iam:PassRole", Resource: resource, ...extra }));
const pinned = { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } };

describe("iam-passrole-scoped", () => {
  describe("compliant", () => {
    it("passes PassRole on named roles, role paths and prefixes", async () => {
      for (const resource of [
        "arn:aws:iam::111122223333:role/app-task",
        ["arn:aws:iam::111122223333:role/service/*", "arn:aws:iam::111122223333:role/app-*"],
        "arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}-task",
      ]) {
        assert.deepEqual(await rolePolicy(passRole(resource)), { violations: [] }, JSON.stringify(resource));
      }
    });

    it("ignores statements that do not grant PassRole, and Deny statements", async () => {
      assert.deepEqual(await rolePolicy(doc(allow({ Action: "iam:GetRole", Resource: "*" }))), {
        violations: [],
      });
      assert.deepEqual(await rolePolicy(doc(deny({ Action: "iam:PassRole", Resource: "*" }))), {
        violations: [],
      });
    });

    it("accepts a pinned service when iam:PassedToService is required", async () => {
      const policy = passRole("arn:aws:iam::111122223333:role/app-task", { Condition: pinned });
      assert.deepEqual(await rolePolicy(policy, { config: { requirePassedToService: true } }), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("reports PassRole on every role, any account or a whole account", async () => {
      const verdict = await rolePolicy(
        passRole([
          "*",
          "arn:aws:iam::*:role/app",
          "arn:aws:iam::111122223333:role/*",
          "arn:aws:iam::111122223333:*",
        ]),
      );
      assert.deepEqual(
        verdict.violations.map((v) => v.replace(/; expected.*/, "")),
        [
          "'policy' Statement[0] grants iam:PassRole (via iam:PassRole) on Resource '*', which reaches every role of every account",
          "'policy' Statement[0] grants iam:PassRole (via iam:PassRole) on Resource 'arn:aws:iam::*:role/app', which reaches roles of any account",
          "'policy' Statement[0] grants iam:PassRole (via iam:PassRole) on Resource 'arn:aws:iam::111122223333:role/*', which reaches every role of the account",
          "'policy' Statement[0] grants iam:PassRole (via iam:PassRole) on Resource 'arn:aws:iam::111122223333:*', which reaches every role of the account",
        ],
      );
    });

    it("finds PassRole granted through wildcards, case-insensitively", async () => {
      const verdict = await rolePolicy(
        JSON.stringify(doc(allow({ Action: ["iam:Pass*", "IAM:*"], Resource: "*" }))),
      );
      assert.match(verdict.violations[0], /grants iam:PassRole \(via iam:Pass\*, IAM:\*\) on Resource '\*'/);
    });

    it("requires iam:PassedToService when configured, ignoring IfExists and negated operators", async () => {
      const config = { requirePassedToService: true };
      for (const Condition of [
        undefined,
        { StringEqualsIfExists: pinned.StringEquals },
        { StringNotEquals: pinned.StringEquals },
      ]) {
        const verdict = await rolePolicy(
          JSON.stringify(passRole("arn:aws:iam::111122223333:role/app", { Condition })),
          { config },
        );
        assert.equal(verdict.violations.length, 1, JSON.stringify(Condition));
        assert.match(verdict.violations[0], /without a condition on iam:PassedToService/);
      }
    });
  });

  describe("unknown during preview", () => {
    it("treats an unknown Resource as a role ARN output", async () => {
      assert.deepEqual(await rolePolicy(passRole(UNKNOWN)), { violations: [] });
    });

    it("decides '*' even next to unknown entries", async () => {
      assert.equal((await rolePolicy(passRole(["*", UNKNOWN]))).violations.length, 1);
    });

    it("defers on unknown actions, or on an unknown condition when PassedToService is required", async () => {
      assert.ok((await rolePolicy(doc(allow({ Action: UNKNOWN, Resource: "*" })))).deferred);
      const verdict = await rolePolicy(passRole(UNKNOWN, { Condition: UNKNOWN_OBJECT }), {
        config: { requirePassedToService: true },
      });
      assert.ok(verdict.deferred);
    });
  });

  describe("malformed input", () => {
    it("reports a statement that has both Resource and NotResource", async () => {
      const verdict = await rolePolicy(passRole("*", { NotResource: "x" }));
      assert.match(verdict.violations[0], /Statement\[0\] has both Resource and NotResource/);
    });
  });

  describe("exemptions", () => {
    it("exempts one resource finding by id", async () => {
      const urn = urnOf(ROLE_POLICY, "deployer");
      const config = {
        exemptions: [
          { urn, reason: "CI deployer", expires: FAR_FUTURE, ticket: "SEC-9", findings: ["PassRole::*"] },
        ],
      };
      const verdict = await rolePolicy(passRole(["*", "arn:aws:iam::111122223333:role/*"]), {
        name: "deployer",
        config,
      });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /role\/\*'/);
    });
  });
});
