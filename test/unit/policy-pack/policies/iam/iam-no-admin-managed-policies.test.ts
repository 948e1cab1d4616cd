import assert from "node:assert/strict";
import { iamNoAdminManagedPolicies } from "../../../../../policy-pack/policies/iam/iam-no-admin-managed-policies";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";
import { FAR_FUTURE, ROLE } from "./documents";

const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const attach = (policyArn: unknown, extra: object = {}) =>
  evaluateResource(iamNoAdminManagedPolicies, {
    type: ATTACHMENT,
    props: { role: "app", policyArn },
    ...extra,
  });
const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;

describe("iam-no-admin-managed-policies", () => {
  describe("compliant", () => {
    it("passes narrow AWS-managed and customer-managed policies", async () => {
      for (const arn of [
        managed("ReadOnlyAccess"),
        managed("service-role/AWSLambdaBasicExecutionRole"),
        managed("AmazonS3ReadOnlyAccess"),
        "arn:aws:iam::111122223333:policy/AdministratorAccess",
      ]) {
        assert.deepEqual(await attach(arn), { violations: [] }, arn);
      }
    });

    it("passes allow-listed ARNs", async () => {
      const config = { allowedPolicyArns: [managed("AWSCodeCommitFullAccess")] };
      assert.deepEqual(await attach(managed("AWSCodeCommitFullAccess"), { config }), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports admin, power user, FullAccess and job-function administrator policies in any partition", async () => {
      for (const arn of [
        managed("AdministratorAccess"),
        managed("AdministratorAccess-Amplify"),
        managed("PowerUserAccess"),
        managed("IAMFullAccess"),
        managed("AWSLambda_FullAccess"),
        managed("job-function/SystemAdministrator"),
        "arn:aws-us-gov:iam::aws:policy/AmazonS3FullAccess",
      ]) {
        const verdict = await attach(arn);
        assert.equal(verdict.violations.length, 1, arn);
        assert.equal(
          verdict.violations[0],
          `'policyArn' attaches the AWS-managed policy ${arn}, which grants broad access on every resource; expected a customer-managed policy with the actions and resources the workload needs.`,
        );
      }
    });

    it("checks every attaching resource type and role managedPolicyArns", async () => {
      const cases: Array<[string, Record<string, unknown>]> = [
        [
          "aws:iam/userPolicyAttachment:UserPolicyAttachment",
          { user: "u", policyArn: managed("AdministratorAccess") },
        ],
        [
          "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
          { group: "g", policyArn: managed("AdministratorAccess") },
        ],
        [
          "aws:iam/policyAttachment:PolicyAttachment",
          { roles: ["r"], policyArn: managed("AdministratorAccess") },
        ],
        [
          "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
          { roleName: "r", policyArns: [managed("PowerUserAccess")] },
        ],
        [
          ROLE,
          {
            assumeRolePolicy: UNKNOWN,
            managedPolicyArns: [managed("ReadOnlyAccess"), managed("AmazonEC2FullAccess")],
          },
        ],
      ];
      for (const [type, props] of cases) {
        assert.equal(
          (await evaluateResource(iamNoAdminManagedPolicies, { type, props })).violations.length,
          1,
          type,
        );
      }
    });

    it("uses the configured name globs", async () => {
      const config = { deniedPolicyNames: ["*ReadOnlyAccess"] };
      assert.equal((await attach(managed("ReadOnlyAccess"), { config })).violations.length, 1);
      assert.deepEqual(await attach(managed("AdministratorAccess"), { config }), { violations: [] });
    });
  });

  describe("unknown during preview", () => {
    it("decides: an unknown ARN is a stack resource's output, never an AWS-managed policy", async () => {
      assert.deepEqual(await attach(UNKNOWN), { violations: [] });
      const props = {
        assumeRolePolicy: UNKNOWN,
        managedPolicyArns: [UNKNOWN, managed("AdministratorAccess")],
      };
      assert.equal(
        (await evaluateResource(iamNoAdminManagedPolicies, { type: ROLE, props })).violations.length,
        1,
      );
    });
  });

  describe("malformed input", () => {
    it("reports ARNs that are not strings", async () => {
      assert.match((await attach(42)).violations[0], /^'policyArn' must be an ARN string, got 42/);
      const role = await evaluateResource(iamNoAdminManagedPolicies, {
        type: ROLE,
        props: { managedPolicyArns: [{ arn: "x" }] },
      });
      assert.match(role.violations[0], /^'managedPolicyArns' must be a list of ARN strings/);
    });

    it("fails closed on malformed config", async () => {
      const verdict = await attach(managed("AdministratorAccess"), { config: { allowedPolicyArns: [1] } });
      assert.match(
        verdict.violations[0],
        /invalid configuration for policy 'iam-no-admin-managed-policies': 'allowedPolicyArns'/,
      );
    });
  });

  describe("exemptions", () => {
    it("exempts one attachment by its PolicyArn id, and reports it again after expiry", async () => {
      const urn = urnOf(ROLE, "break-glass");
      const props = {
        assumeRolePolicy: UNKNOWN,
        managedPolicyArns: [managed("AdministratorAccess"), managed("IAMFullAccess")],
      };
      const exemption = {
        urn,
        reason: "Break-glass role, MFA and alarmed",
        expires: FAR_FUTURE,
        findings: [`PolicyArn::${managed("AdministratorAccess")}`],
      };
      const run = (expires: string) =>
        evaluateResource(iamNoAdminManagedPolicies, {
          type: ROLE,
          name: "break-glass",
          props,
          config: { exemptions: [{ ...exemption, expires }] },
        });
      const valid = await run(FAR_FUTURE);
      assert.equal(valid.violations.length, 1);
      assert.match(valid.violations[0], /IAMFullAccess/);
      const expired = await run("2020-12-31");
      assert.equal(expired.violations.length, 2);
      assert.match(expired.violations[0], /Exemption not applied because it expired on 2020-12-31/);
    });
  });
});
