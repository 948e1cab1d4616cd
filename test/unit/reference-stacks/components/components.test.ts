/**
 * The shared ComponentResources under mocks: what they register and what they refuse.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import {
  KmsKey,
  KmsKeyError,
  kmsGrants,
  LeastPrivilegeError,
  LeastPrivilegeRole,
  mandatoryTags,
  Naming,
  NodeFunction,
  PrivateVpc,
  PrivateVpcError,
  ScenarioContext,
  SecureBucket,
  SecureBucketError,
  SecureLogGroup,
  SecureLogGroupError,
  VpcEndpoints,
} from "../../../../reference-stacks/components";
import { ACCOUNT_ID, policyOf, runProgram, type ProgramRun } from "../helpers/pulumi-harness";

const HANDLER = path.join(
  __dirname,
  "../../../../reference-stacks/trading-foundation/functions/rotate-api-keys.ts",
);

function testContext(): ScenarioContext {
  return new ScenarioContext({
    scenario: "component-test",
    naming: new Naming({ environmentSuffix: "qa", scope: "ct" }),
    tags: mandatoryTags({ environment: "qa", owner: "o", costCenter: "c", dataClassification: "Internal" }),
    region: "eu-west-2",
    availabilityZones: ["eu-west-2a", "eu-west-2b", "eu-west-2c"],
    accountId: ACCOUNT_ID,
  });
}

interface Built {
  ctx: ScenarioContext;
  key: KmsKey;
  logsKey: KmsKey;
  vpc: PrivateVpc;
  role: LeastPrivilegeRole;
  fn: NodeFunction;
  bucket: SecureBucket;
}

describe("shared components", function () {
  this.timeout(60000);
  let run: ProgramRun<Built>;

  before(async () => {
    run = await runProgram({}, () => {
      const ctx = testContext();
      const key = new KmsKey(ctx.name("data-key"), {
        context: ctx,
        kind: "data-key",
        description: "test",
        deletionWindowInDays: 10,
        serviceGrants: [kmsGrants.logDelivery(ctx)],
      });
      const logsKey = new KmsKey(ctx.name("logs-key"), {
        context: ctx,
        kind: "logs-key",
        description: "logs",
        serviceGrants: [kmsGrants.cloudWatchLogs(ctx)],
      });
      const vpc = new PrivateVpc(ctx.name("net"), {
        context: ctx,
        cidrBlock: "10.20.0.0/16",
        subnets: [
          { cidrBlock: "10.20.1.0/24", availabilityZone: "eu-west-2a" },
          { cidrBlock: "10.20.2.0/24", availabilityZone: "eu-west-2b" },
        ],
        flowLogs: { kmsKey: key, retentionDays: 120 },
      });
      new VpcEndpoints(ctx.name("gw-only"), {
        context: ctx,
        kind: "gw",
        network: vpc,
        gatewayServices: ["dynamodb"],
      });
      const role = new LeastPrivilegeRole(ctx.name("reader-role"), {
        context: ctx,
        kind: "reader-role",
        description: "reads",
        trust: {
          services: ["ecs-tasks.amazonaws.com"],
          conditions: { StringEquals: { "aws:SourceAccount": ACCOUNT_ID } },
        },
        statements: [key.useStatement("UseKey", ["kms:Decrypt"], ["s3"])],
      });
      const fn = new NodeFunction(ctx.name("worker"), {
        context: ctx,
        kind: "worker",
        description: "test function",
        entry: HANDLER,
        environmentKey: key,
        logsKey,
        network: vpc,
        statements: [],
      });
      const bucket = new SecureBucket(ctx.name("docs"), {
        context: ctx,
        kind: "docs",
        kmsKey: key,
        purpose: "data",
        policyStatements: (refs) => [
          {
            Sid: "ReaderRole",
            Effect: "Allow",
            Principal: { AWS: role.roleArn },
            Action: ["s3:GetObject"],
            Resource: refs.objectsArn,
          },
        ],
      });
      return { ctx, key, logsKey, vpc, role, fn, bucket };
    });
  });

  describe("KmsKey", () => {
    it("rotates, uses the configured window and names its alias", () => {
      const key = run.one("aws:kms/key:Key", (k) => k.name === "ct-data-key-qa");
      assert.equal(key.inputs.enableKeyRotation, true);
      assert.equal(key.inputs.deletionWindowInDays, 10);
      assert.equal(key.inputs.rotationPeriodInDays, 365);
      assert.equal(run.result.key.aliasName, "alias/ct-data-key-qa");
      assert.ok(run.ofType("aws:kms/alias:Alias").some((a) => a.inputs.name === "alias/ct-data-key-qa"));
    });

    it("gives kms:* to the account root only and scoped actions to services", () => {
      const statements = policyOf(
        run.one("aws:kms/key:Key", (k) => k.name === "ct-data-key-qa").inputs.policy,
      ).Statement;
      assert.deepEqual(statements[0], {
        Sid: "EnableRootAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: "kms:*",
        Resource: "*",
      });
      assert.equal(statements[1].Principal.Service, "delivery.logs.amazonaws.com");
      assert.ok(statements[1].Action.every((a: string) => !a.includes("*")));
      const logs = policyOf(run.one("aws:kms/key:Key", (k) => k.name === "ct-logs-key-qa").inputs.policy)
        .Statement[1];
      assert.equal(logs.Principal.Service, "logs.eu-west-2.amazonaws.com");
      assert.equal(
        logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"],
        `arn:aws:logs:eu-west-2:${ACCOUNT_ID}:log-group:*`,
      );
    });

    it("builds alias-scoped usage statements from known values", () => {
      const statement = policyOf(
        run.one("aws:iam/rolePolicy:RolePolicy", (p) => p.name === "ct-reader-role-qa-policy").inputs.policy,
      ).Statement[0];
      assert.deepEqual(statement, {
        Sid: "UseKey",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: `arn:aws:kms:eu-west-2:${ACCOUNT_ID}:key/*`,
        Condition: {
          "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/ct-data-key-qa" },
          StringEquals: { "kms:ViaService": ["s3.eu-west-2.amazonaws.com"] },
        },
      });
    });

    it("refuses windows outside 7-30 days, short rotation periods and unconditioned grants", () => {
      const ctx = testContext();
      assert.throws(
        () =>
          new KmsKey(ctx.name("k1"), { context: ctx, kind: "k1", description: "x", deletionWindowInDays: 6 }),
        KmsKeyError,
      );
      assert.throws(
        () =>
          new KmsKey(ctx.name("k2"), {
            context: ctx,
            kind: "k2",
            description: "x",
            deletionWindowInDays: 31,
          }),
        KmsKeyError,
      );
      assert.throws(
        () =>
          new KmsKey(ctx.name("k3"), {
            context: ctx,
            kind: "k3",
            description: "x",
            rotationPeriodInDays: 30,
          }),
        KmsKeyError,
      );
      assert.throws(
        () =>
          new KmsKey(ctx.name("k4"), {
            context: ctx,
            kind: "k4",
            description: "x",
            serviceGrants: [
              { sid: "Open", service: "sns.amazonaws.com", actions: ["kms:Decrypt"], conditions: {} },
            ],
          }),
        /needs conditions/,
      );
      assert.throws(
        () => new KmsKey("no-suffix", { context: ctx, kind: "k5", description: "x" }),
        /environment suffix/,
      );
    });
  });

  describe("PrivateVpc", () => {
    it("creates private subnets, per-AZ route tables and a locked default security group", () => {
      const subnets = run.ofType("aws:ec2/subnet:Subnet");
      assert.deepEqual(
        subnets.map((s) => s.name),
        ["ct-vpc-private-a-qa", "ct-vpc-private-b-qa"],
      );
      assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false));
      assert.equal(run.ofType("aws:ec2/routeTable:RouteTable").length, 2);
      assert.deepEqual(run.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").inputs.ingress, []);
    });

    it("delivers ALL traffic to a KMS-encrypted bucket with the configured expiration", () => {
      const flowLog = run.one("aws:ec2/flowLog:FlowLog");
      assert.equal(flowLog.inputs.trafficType, "ALL");
      assert.equal(flowLog.inputs.logDestination, `arn:aws:s3:::ct-flowlogs-${ACCOUNT_ID}-eu-west-2-qa`);
      const lifecycle = run.one(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        (l) => l.inputs.bucket === "ct-flowlogs-qa-id",
      );
      assert.equal(lifecycle.inputs.rules[0].expiration.days, 120);
      assert.equal(lifecycle.inputs.rules[0].noncurrentVersionExpiration.noncurrentDays, 120);
    });

    it("refuses public CIDRs and more subnets than AZs", () => {
      const ctx = testContext();
      const base = {
        context: ctx,
        subnets: [{ cidrBlock: "10.0.1.0/24", availabilityZone: "eu-west-2a" }],
        flowLogs: { kmsKey: run.result.key },
      };
      assert.throws(
        () => new PrivateVpc(ctx.name("bad1"), { ...base, kind: "bad1", cidrBlock: "8.8.0.0/16" }),
        PrivateVpcError,
      );
      assert.throws(
        () => new PrivateVpc(ctx.name("bad2"), { ...base, kind: "bad2", cidrBlock: "10.0.0.0/33" }),
        PrivateVpcError,
      );
      assert.throws(
        () =>
          new PrivateVpc(ctx.name("bad3"), {
            ...base,
            kind: "bad3",
            cidrBlock: "10.0.0.0/16",
            flowLogs: { kmsKey: run.result.key, retentionDays: 30 },
          }),
        SecureBucketError,
      );
    });
  });

  describe("VpcEndpoints", () => {
    it("creates gateway endpoints on every route table and no security group without interface endpoints", () => {
      const endpoint = run.one("aws:ec2/vpcEndpoint:VpcEndpoint");
      assert.equal(endpoint.inputs.serviceName, "com.amazonaws.eu-west-2.dynamodb");
      assert.equal(endpoint.inputs.routeTableIds.length, 2);
      assert.equal(
        run.ofType("aws:ec2/securityGroup:SecurityGroup").filter((s) => s.name.includes("gw-sg")).length,
        0,
      );
    });
  });

  describe("SecureBucket", () => {
    it("adds caller statements after the TLS-only deny and keeps data buckets unexpired", () => {
      const policy = policyOf(
        run.one("aws:s3/bucketPolicy:BucketPolicy", (p) => p.name === "ct-docs-qa-policy").inputs.policy,
      );
      assert.deepEqual(
        policy.Statement.map((s) => s.Sid),
        ["DenyInsecureTransport", "ReaderRole"],
      );
      assert.equal(policy.Statement[1].Principal.AWS, `arn:aws:iam::${ACCOUNT_ID}:role/ct-reader-role-qa`);
      const lifecycle = run.one(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        (l) => l.inputs.bucket === "ct-docs-qa-id",
      );
      assert.equal(lifecycle.inputs.rules[0].expiration, undefined);
      assert.equal(
        run.one(
          "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
          (o) => o.name === "ct-docs-qa-ownership",
        ).inputs.rule.objectOwnership,
        "BucketOwnerEnforced",
      );
    });

    it("requires at least 90 days on log buckets", () => {
      const ctx = testContext();
      assert.throws(
        () =>
          new SecureBucket(ctx.name("logs"), {
            context: ctx,
            kind: "logs",
            kmsKey: run.result.key,
            purpose: "logs",
          }),
        /at least 90 days/,
      );
    });
  });

  describe("SecureLogGroup", () => {
    it("refuses short or invalid retention and names without the suffix", () => {
      const ctx = testContext();
      const make = (name: string, logGroupName: string, retentionInDays?: number) =>
        new SecureLogGroup(name, { context: ctx, logGroupName, kmsKey: run.result.logsKey, retentionInDays });
      assert.throws(() => make(ctx.name("lg1"), "/x/qa", 30), SecureLogGroupError);
      assert.throws(() => make(ctx.name("lg2"), "/x/qa", 100), SecureLogGroupError);
      assert.throws(() => make(ctx.name("lg3"), "/x/prod"), /environment suffix/);
    });
  });

  describe("LeastPrivilegeRole", () => {
    it("writes the trust policy and inline policy as known JSON", () => {
      const role = run.one("aws:iam/role:Role", (r) => r.name === "ct-reader-role-qa");
      const [trust] = policyOf(role.inputs.assumeRolePolicy).Statement;
      assert.deepEqual(trust.Principal, { Service: ["ecs-tasks.amazonaws.com"] });
      assert.equal(trust.Condition.StringEquals["aws:SourceAccount"], ACCOUNT_ID);
      assert.equal(role.inputs.forceDetachPolicies, true);
    });

    it("refuses wildcards, admin policies and unconditioned same-account trust", () => {
      const ctx = testContext();
      const base = { context: ctx, description: "x", trust: { services: ["lambda.amazonaws.com"] } };
      assert.throws(
        () =>
          new LeastPrivilegeRole(ctx.name("r1"), {
            ...base,
            kind: "r1",
            statements: [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" }],
          }),
        LeastPrivilegeError,
      );
      assert.throws(
        () =>
          new LeastPrivilegeRole(ctx.name("r2"), {
            ...base,
            kind: "r2",
            statements: [],
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
          }),
        /administrator/,
      );
      assert.throws(
        () =>
          new LeastPrivilegeRole(ctx.name("r3"), {
            ...base,
            kind: "r3",
            statements: [],
            trust: { sameAccount: true, conditions: {} },
          }),
        /needs conditions/,
      );
    });
  });

  describe("NodeFunction", () => {
    it("creates its log group, security group and role before the function", () => {
      const fn = run.one("aws:lambda/function:Function");
      assert.equal(fn.inputs.name, "ct-worker-qa");
      assert.equal(fn.inputs.runtime, "nodejs20.x");
      assert.deepEqual(fn.inputs.architectures, ["arm64"]);
      assert.equal(fn.inputs.loggingConfig.logGroup, "/aws/lambda/ct-worker-qa");
      const logGroup = run.one(
        "aws:cloudwatch/logGroup:LogGroup",
        (l) => l.inputs.name === "/aws/lambda/ct-worker-qa",
      );
      assert.equal(logGroup.inputs.retentionInDays, 365);
      const sg = run.one("aws:ec2/securityGroup:SecurityGroup", (s) => s.name === "ct-worker-sg-qa");
      assert.deepEqual(sg.inputs.ingress, []);
      assert.deepEqual(sg.inputs.egress[0].cidrBlocks, ["10.20.0.0/16"]);
      const statements = policyOf(
        run.one("aws:iam/rolePolicy:RolePolicy", (p) => p.name === "ct-worker-role-qa-policy").inputs.policy,
      ).Statement;
      assert.equal(
        statements[0].Resource,
        `arn:aws:logs:eu-west-2:${ACCOUNT_ID}:log-group:/aws/lambda/ct-worker-qa:*`,
      );
      assert.deepEqual(statements[2].Resource, "*");
      assert.deepEqual(statements[2].Action, ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]);
    });
  });
});
