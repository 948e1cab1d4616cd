/**
 * Pure helpers of the shared components: naming, mandatory tags, least-privilege checks.
 */
import assert from "node:assert/strict";
import {
  assertLeastPrivilege,
  isForbiddenManagedPolicy,
  LeastPrivilegeError,
  mandatoryTags,
  Naming,
  NamingError,
  partitionOf,
  subnetsAcrossAzs,
  TaggingError,
  type PolicyStatement,
} from "../../../../reference-stacks/components";

describe("Naming", () => {
  it("builds <kind>-<suffix> and <scope>-<kind>-<suffix>", () => {
    assert.equal(new Naming({ environmentSuffix: "dev" }).name("vpc"), "vpc-dev");
    assert.equal(
      new Naming({ environmentSuffix: "pr-42", scope: "trading" }).name("flowlogs"),
      "trading-flowlogs-pr-42",
    );
  });

  it("builds globally unique bucket names and paths that carry the suffix", () => {
    const n = new Naming({ environmentSuffix: "dev", scope: "ztp" });
    assert.equal(n.globalName("audit", "123456789012", "us-east-1"), "ztp-audit-123456789012-us-east-1-dev");
    assert.equal(n.path("api-keys", "exchange"), "/ztp-api-keys-dev/exchange");
    assert.ok(n.carriesSuffix(n.path("logs", "application")));
  });

  it("rejects invalid segments and over-long bucket names", () => {
    assert.throws(() => new Naming({ environmentSuffix: "Dev" }), NamingError);
    assert.throws(() => new Naming({ environmentSuffix: "" }), NamingError);
    assert.throws(() => new Naming({ environmentSuffix: "dev", scope: "1x" }), NamingError);
    assert.throws(() => new Naming({ environmentSuffix: "dev" }).name("a_b"), NamingError);
    assert.throws(() => new Naming({ environmentSuffix: "dev" }).name("a--b"), NamingError);
    assert.doesNotThrow(() => new Naming({ environmentSuffix: "123" }));
    const long = new Naming({ environmentSuffix: "feature-branch-with-a-long-name", scope: "scenario" });
    assert.throws(() => long.globalName("flowlogs", "123456789012", "ap-southeast-2"), /limit is 63/);
  });
});

describe("mandatoryTags", () => {
  const values = {
    environment: "dev",
    owner: "team",
    costCenter: "CC-1",
    dataClassification: "Confidential",
  };

  it("returns the four mandatory tags plus extras", () => {
    assert.deepEqual(mandatoryTags({ ...values, extra: { Scenario: "x" } }), {
      Scenario: "x",
      Environment: "dev",
      Owner: "team",
      CostCenter: "CC-1",
      DataClassification: "Confidential",
    });
  });

  it("rejects empty values, overrides of mandatory keys and aws: keys", () => {
    assert.throws(() => mandatoryTags({ ...values, owner: " " }), TaggingError);
    assert.throws(() => mandatoryTags({ ...values, extra: { Owner: "x" } }), TaggingError);
    assert.throws(() => mandatoryTags({ ...values, extra: { "aws:foo": "x" } }), TaggingError);
  });
});

describe("assertLeastPrivilege", () => {
  const check = (statements: PolicyStatement[], keyPolicy = false) =>
    assertLeastPrivilege(statements, { context: "test", keyPolicy });

  it("accepts scoped statements and Resource * for actions without resource types", () => {
    check([
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" },
      { Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces"], Resource: "*" },
      {
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("rejects service-wide wildcards, NotAction allows, Resource * and open principals", () => {
    assert.throws(() => check([{ Effect: "Allow", Action: "*", Resource: "arn:x" }]), LeastPrivilegeError);
    assert.throws(
      () => check([{ Effect: "Allow", Action: "s3:*", Resource: "arn:x" }]),
      /service-wide wildcard/,
    );
    assert.throws(() => check([{ Effect: "Allow", NotAction: "iam:*", Resource: "arn:x" }]), /NotAction/);
    assert.throws(
      () => check([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]),
      /scope s3:GetObject/,
    );
    assert.throws(
      () => check([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:x" }]),
      /Condition/,
    );
  });

  it("allows kms:* only to the root principal of a key policy", () => {
    check(
      [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:*", Resource: "*" }],
      true,
    );
    assert.throws(
      () =>
        check(
          [{ Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "kms:*", Resource: "*" }],
          true,
        ),
      LeastPrivilegeError,
    );
  });

  it("flags AWS-managed admin and full-access policies", () => {
    assert.ok(isForbiddenManagedPolicy("arn:aws:iam::aws:policy/AdministratorAccess"));
    assert.ok(isForbiddenManagedPolicy("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
    assert.ok(!isForbiddenManagedPolicy("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"));
    assert.ok(!isForbiddenManagedPolicy("arn:aws:iam::123456789012:policy/FullAccessLookalike"));
  });
});

describe("network and partition helpers", () => {
  it("pairs subnet CIDRs with AZs", () => {
    assert.deepEqual(subnetsAcrossAzs(["10.0.1.0/24", "10.0.2.0/24"], ["a1", "b1", "c1"]), [
      { cidrBlock: "10.0.1.0/24", availabilityZone: "a1" },
      { cidrBlock: "10.0.2.0/24", availabilityZone: "b1" },
    ]);
    assert.throws(() => subnetsAcrossAzs(["10.0.1.0/24", "10.0.2.0/24"], ["a1"]), /availability zones/);
    assert.deepEqual(subnetsAcrossAzs(["10.0.21.0/24"], ["a1"], "data"), [
      { cidrBlock: "10.0.21.0/24", availabilityZone: "a1", tier: "data" },
    ]);
  });

  it("derives the partition from the region", () => {
    assert.equal(partitionOf("us-east-2"), "aws");
    assert.equal(partitionOf("cn-north-1"), "aws-cn");
    assert.equal(partitionOf("us-gov-west-1"), "aws-us-gov");
  });
});
