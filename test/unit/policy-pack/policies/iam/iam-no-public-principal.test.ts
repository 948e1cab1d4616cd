import assert from "node:assert/strict";
import { iamNoPublicPrincipal } from "../../../../../policy-pack/policies/iam/iam-no-public-principal";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateResource, urnOf } from "../../harness";
import { ACCOUNT_ROOT, BUCKET_POLICY, FAR_FUTURE, ROLE, ROLE_POLICY, allow, deny, doc } from "./documents";

const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";
const queuePolicy = (policy: unknown, extra: object = {}) =>
  evaluateResource(iamNoPublicPrincipal, {
    type: QUEUE_POLICY,
    props: { queueUrl: UNKNOWN, policy },
    ...extra,
  });
const sendFrom = (Principal: unknown, extra: Record<string, unknown> = {}) =>
  doc(allow({ Principal, Action: "sqs:SendMessage", Resource: UNKNOWN, ...extra }));
const lambdaPermission = (props: Record<string, unknown>) =>
  evaluateResource(iamNoPublicPrincipal, {
    type: LAMBDA_PERMISSION,
    props: { action: "lambda:InvokeFunction", function: "f", ...props },
  });

describe("iam-no-public-principal", () => {
  describe("compliant", () => {
    it("passes named principals", async () => {
      for (const principal of [
        { Service: "sns.amazonaws.com" },
        { AWS: [ACCOUNT_ROOT, "arn:aws:iam::444455556666:role/x"] },
      ]) {
        assert.deepEqual(await queuePolicy(sendFrom(principal)), { violations: [] });
      }
    });

    it("passes a wildcard principal scoped by a condition on the caller", async () => {
      for (const Condition of [
        { ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:events" } },
        { StringEquals: { "AWS:PrincipalOrgID": "o-abc123" } },
        { "ForAnyValue:StringLike": { "aws:SourceAccount": ["1111*"] } },
        { ArnLike: { "aws:SourceArn": UNKNOWN } },
        {
          StringEquals: {
            "kms:CallerAccount": "111122223333",
            "kms:ViaService": "ec2.us-east-1.amazonaws.com",
          },
        },
      ]) {
        assert.deepEqual(
          await queuePolicy(JSON.stringify(sendFrom("*", { Condition }))),
          { violations: [] },
          JSON.stringify(Condition),
        );
      }
    });

    it("ignores Deny statements (the usual deny-insecure-transport) and identity policies", async () => {
      const policy = doc(
        deny({
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
      assert.deepEqual(
        await evaluateResource(iamNoPublicPrincipal, { type: BUCKET_POLICY, props: { policy } }),
        { violations: [] },
      );
      const identity = await evaluateResource(iamNoPublicPrincipal, {
        type: ROLE_POLICY,
        props: { policy: UNKNOWN },
      });
      assert.deepEqual(identity, { violations: [] });
    });

    it("passes Lambda permissions for services or scoped by source", async () => {
      assert.deepEqual(await lambdaPermission({ principal: "s3.amazonaws.com", sourceArn: UNKNOWN }), {
        violations: [],
      });
      assert.deepEqual(await lambdaPermission({ principal: "*", principalOrgId: "o-abc123" }), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it('reports "*" and {"AWS": "*"} without a condition', async () => {
      const star = await queuePolicy(sendFrom("*"));
      assert.deepEqual(star.violations, [
        `'policy' Statement[0] allows Principal "*" without a condition that scopes the caller; expected specific principals, or a condition on the caller such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID (aws:SecureTransport or aws:SourceIp alone do not identify the caller).`,
      ]);
      const aws = await queuePolicy(sendFrom({ AWS: ["arn:aws:iam::111122223333:role/x", "*"] }));
      assert.match(aws.violations[0], /allows Principal \{"AWS": "\*"\} without a condition/);
    });

    it("does not count transport, network, IfExists, negated or wildcard-only conditions as scoping", async () => {
      for (const Condition of [
        { Bool: { "aws:SecureTransport": "true" } },
        { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
        { StringEqualsIfExists: { "aws:SourceAccount": "111122223333" } },
        { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } },
        { StringLike: { "aws:SourceArn": "*" } },
      ]) {
        const verdict = await queuePolicy(JSON.stringify(sendFrom("*", { Condition })));
        assert.equal(verdict.violations.length, 1, JSON.stringify(Condition));
      }
    });

    it("reports public trust policies and Allow with NotPrincipal", async () => {
      const trust = doc(allow({ Principal: { AWS: "*" }, Action: "sts:AssumeRole" }));
      assert.equal(
        (await evaluateResource(iamNoPublicPrincipal, { type: ROLE, props: { assumeRolePolicy: trust } }))
          .violations.length,
        1,
      );
      const notPrincipal = await queuePolicy(
        doc(allow({ NotPrincipal: { AWS: ACCOUNT_ROOT }, Action: "sqs:*", Resource: "*" })),
      );
      assert.match(
        notPrincipal.violations[0],
        /allows everyone except NotPrincipal \[arn:aws:iam::111122223333:root\]; expected an explicit Principal/,
      );
    });

    it("reports public Lambda permissions", async () => {
      const verdict = await lambdaPermission({ principal: "*", functionUrlAuthType: "NONE" });
      assert.match(
        verdict.violations[0],
        /^'principal' is "\*" without sourceArn, sourceAccount or principalOrgId/,
      );
    });

    it("uses the configured scoping keys", async () => {
      const config = { scopingConditionKeys: ["aws:PrincipalOrgID"] };
      const policy = JSON.stringify(
        sendFrom("*", { Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:1:t" } } }),
      );
      assert.equal((await queuePolicy(policy, { config })).violations.length, 1);
    });
  });

  describe("unknown during preview", () => {
    it("treats unknown principal identifiers as other resources' ARNs, never '*'", async () => {
      assert.deepEqual(await queuePolicy(sendFrom({ AWS: [UNKNOWN] })), { violations: [] });
      assert.deepEqual(await lambdaPermission({ principal: UNKNOWN }), { violations: [] });
    });

    it("defers on a Principal element unknown as a whole", async () => {
      assert.ok((await queuePolicy(sendFrom(UNKNOWN_OBJECT))).deferred);
    });

    it("defers on an unknown condition next to a wildcard principal", async () => {
      assert.match(
        (await queuePolicy(sendFrom("*", { Condition: UNKNOWN_OBJECT }))).deferred ?? "",
        /can't be known during preview/,
      );
    });

    it("decides known statements next to an unknown inline policy document", async () => {
      const props = {
        assumeRolePolicy: doc(allow({ Principal: "*", Action: "sts:AssumeRole" })),
        inlinePolicies: UNKNOWN,
      };
      assert.equal(
        (await evaluateResource(iamNoPublicPrincipal, { type: ROLE, props })).violations.length,
        1,
      );
    });
  });

  describe("malformed input", () => {
    it("reports a principal string that is not '*' and a Lambda principal that is not a string", async () => {
      const verdict = await queuePolicy(sendFrom("sns.amazonaws.com"));
      assert.match(
        verdict.violations[0],
        /Principal must be "\*" or an object such as \{"AWS": \[...\]\}, got string "sns.amazonaws.com"/,
      );
      const lambda = await lambdaPermission({ principal: ["*"] });
      assert.match(lambda.violations[0], /'principal' must be a string, got \["\*"\]/);
    });

    it("fails closed when scopingConditionKeys is not a list", async () => {
      const verdict = await queuePolicy(sendFrom("*"), { config: { scopingConditionKeys: "aws:SourceArn" } });
      assert.match(verdict.violations[0], /'scopingConditionKeys' must be an array of strings/);
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(BUCKET_POLICY, "public-site");
    const policy = doc(allow({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*" }));
    const evaluate = (expires: string) =>
      evaluateResource(iamNoPublicPrincipal, {
        type: BUCKET_POLICY,
        name: "public-site",
        props: { policy },
        config: {
          exemptions: [
            { urn, reason: "Public marketing site, no cardholder data", expires, findings: ["Principal::*"] },
          ],
        },
      });

    it("exempts an intentionally public bucket", async () => {
      const verdict = await evaluate(FAR_FUTURE);
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /^exempted: Public marketing site/);
    });

    it("reports again once the exemption expired", async () => {
      const verdict = await evaluate("2022-01-01");
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2022-01-01/);
    });
  });

  describe("NotPrincipal unknown during preview", () => {
    it("still reports an Allow with NotPrincipal, named as unknown", async () => {
      for (const notPrincipal of [UNKNOWN, { AWS: UNKNOWN }]) {
        const verdict = await queuePolicy(
          doc(allow({ Action: "sqs:SendMessage", Resource: UNKNOWN, NotPrincipal: notPrincipal })),
        );
        assert.deepEqual(verdict.violations, [
          "'policy' Statement[0] allows everyone except NotPrincipal [unknown]; expected an explicit Principal.",
        ]);
      }
    });
  });
});
