/**
 * The trading-foundation program under mocks, with the stack config of Pulumi.trading-foundation.yaml:
 * the brief's requirements and the guardrails, asserted on the registered resources.
 */
import assert from "node:assert/strict";
import { bundleHandler } from "../../../../reference-stacks/components";
import {
  createTradingFoundation,
  type TradingFoundation,
} from "../../../../reference-stacks/trading-foundation";
import { ROTATION_HANDLER_ENTRY } from "../../../../reference-stacks/trading-foundation/automation";
import {
  assertEncryptionAndLifecycle,
  assertFlowLogsOnEveryVpc,
  assertLeastPrivilegeDocuments,
  assertNoInternetPath,
  assertSuffixEverywhere,
  assertTaggedProvider,
  assertUniqueNames,
  bucketExpirationDays,
} from "../helpers/assertions";
import {
  ACCOUNT_ID,
  asArray,
  policyOf,
  runProgram,
  stackConfig,
  valueOf,
  type ProgramRun,
} from "../helpers/pulumi-harness";

describe("trading-foundation stack", function () {
  this.timeout(60000);
  let run: ProgramRun<TradingFoundation>;
  const config = stackConfig("trading-foundation");

  before(async () => {
    run = await runProgram(config, () => createTradingFoundation(), { stack: "trading-foundation" });
  });

  describe("network foundation", () => {
    it("creates one VPC 10.0.0.0/16 with DNS for interface endpoints", () => {
      const vpc = run.one("aws:ec2/vpc:Vpc");
      assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/16");
      assert.equal(vpc.inputs.enableDnsHostnames, true);
      assert.equal(vpc.inputs.enableDnsSupport, true);
    });

    it("spreads the three private subnets 10.0.1-3.0/24 over three AZs of us-east-2", () => {
      const subnets = run.ofType("aws:ec2/subnet:Subnet");
      assert.deepEqual(subnets.map((s) => s.inputs.cidrBlock).sort(), [
        "10.0.1.0/24",
        "10.0.2.0/24",
        "10.0.3.0/24",
      ]);
      const azs = subnets.map((s) => s.inputs.availabilityZone);
      assert.equal(new Set(azs).size, 3);
      assert.ok(azs.every((az) => az.startsWith("us-east-2")));
    });

    it("gives each subnet its own route table without any route leaving the VPC", () => {
      assert.equal(run.ofType("aws:ec2/routeTable:RouteTable").length, 3);
      assert.equal(run.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").length, 3);
    });

    it("has no internet gateway, NAT gateway, NAT instance, EIP or public subnet", () => {
      assertNoInternetPath(run);
      assert.equal(run.ofType("aws:ec2/instance:Instance").length, 0, "no NAT instances");
    });

    it("reaches AWS APIs through an S3 gateway endpoint and SSM/KMS/Logs/EventBridge interface endpoints", () => {
      const endpoints = run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
      const byService = Object.fromEntries(endpoints.map((e) => [e.inputs.serviceName, e.inputs]));
      assert.equal(byService["com.amazonaws.us-east-2.s3"].vpcEndpointType, "Gateway");
      assert.equal(asArray(byService["com.amazonaws.us-east-2.s3"].routeTableIds).length, 3);
      for (const svc of ["ssm", "kms", "logs", "events"]) {
        const e = byService[`com.amazonaws.us-east-2.${svc}`];
        assert.equal(e?.vpcEndpointType, "Interface", svc);
        assert.equal(e.privateDnsEnabled, true);
        assert.equal(asArray(e.subnetIds).length, 3);
      }
      const sg = run.one("aws:ec2/securityGroup:SecurityGroup", (s) => s.name === "trading-endpoint-sg-dev");
      assert.deepEqual(
        sg.inputs.ingress.map((r: { fromPort: number; toPort: number; cidrBlocks: string[] }) => [
          r.fromPort,
          r.toPort,
          r.cidrBlocks,
        ]),
        [[443, 443, ["10.0.0.0/16"]]],
      );
    });

    it("strips every rule from the default security group", () => {
      const sg = run.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
      assert.deepEqual(sg.inputs.ingress, []);
      assert.deepEqual(sg.inputs.egress, []);
    });
  });

  describe("network visibility", () => {
    it("logs ALL traffic of the VPC to a dedicated S3 bucket", () => {
      assertFlowLogsOnEveryVpc(run);
      const flowLog = run.one("aws:ec2/flowLog:FlowLog");
      assert.equal(flowLog.inputs.logDestinationType, "s3");
      const bucket = run.one("aws:s3/bucket:Bucket");
      assert.equal(flowLog.inputs.logDestination, `arn:aws:s3:::${bucket.inputs.bucket}`);
      assert.equal(bucket.inputs.bucket, `trading-flowlogs-${ACCOUNT_ID}-us-east-2-dev`);
    });

    it("expires flow logs after 90 days and encrypts them with the flow-log CMK", () => {
      assert.equal(bucketExpirationDays(run, "trading-flowlogs-dev"), 90);
      const sse = run.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      );
      assert.match(
        sse.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
        /trading-flowlogs-key-dev$/,
      );
    });

    it("lets only log delivery of this account write, over TLS only", () => {
      const policy = policyOf(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
      const deny = policy.Statement.find((s) => s.Sid === "DenyInsecureTransport");
      assert.deepEqual(deny?.Condition, { Bool: { "aws:SecureTransport": "false" } });
      const write = policy.Statement.find((s) => s.Sid === "AWSLogDeliveryWrite");
      assert.deepEqual(write?.Principal, { Service: "delivery.logs.amazonaws.com" });
      assert.equal(write?.Condition.StringEquals["aws:SourceAccount"], ACCOUNT_ID);
      assert.match(write?.Resource, new RegExp(`/AWSLogs/${ACCOUNT_ID}/\\*$`));
    });

    it("grants the flow-log key to log delivery only under source conditions", () => {
      const key = run.one("aws:kms/key:Key", (k) => k.name === "trading-flowlogs-key-dev");
      const statements = policyOf(key.inputs.policy).Statement;
      const delivery = statements.find((s) => s.Sid === "AllowLogDelivery");
      assert.equal(delivery?.Principal.Service, "delivery.logs.amazonaws.com");
      assert.equal(delivery?.Condition.StringEquals["aws:SourceAccount"], ACCOUNT_ID);
      assert.ok(!asArray(delivery?.Action).includes("kms:*"));
    });
  });

  describe("secrets management and rotation", () => {
    it("stores the API keys as SecureString parameters under the parameters CMK", () => {
      const params = run.ofType("aws:ssm/parameter:Parameter");
      assert.deepEqual(params.map((p) => p.inputs.name).sort(), [
        "/trading-api-keys-dev/exchange",
        "/trading-api-keys-dev/market-data",
      ]);
      for (const p of params) {
        assert.equal(p.inputs.type, "SecureString");
        assert.match(p.inputs.keyId, /trading-parameters-key-dev$/);
      }
    });

    it("runs the rotation function every 30 days from an EventBridge schedule", () => {
      const rule = run.one(
        "aws:cloudwatch/eventRule:EventRule",
        (r) => r.inputs.scheduleExpression !== undefined,
      );
      assert.equal(rule.inputs.scheduleExpression, "rate(30 days)");
      const target = run.one(
        "aws:cloudwatch/eventTarget:EventTarget",
        (t) => t.inputs.rule === rule.inputs.name,
      );
      const fn = run.one("aws:lambda/function:Function");
      assert.match(target.inputs.arn, new RegExp(`${fn.inputs.name}$`));
      const permission = run.one("aws:lambda/permission:Permission");
      assert.equal(permission.inputs.principal, "events.amazonaws.com");
      assert.equal(
        permission.inputs.sourceArn,
        `arn:aws:events:us-east-2:${ACCOUNT_ID}:rule/trading-api-key-rotation-schedule-dev`,
      );
      assert.equal(permission.inputs.sourceAccount, ACCOUNT_ID);
    });

    it("deploys the bundled TypeScript handler on nodejs20.x in the private subnets", () => {
      const fn = run.one("aws:lambda/function:Function");
      assert.equal(fn.inputs.runtime, "nodejs20.x");
      assert.equal(fn.inputs.handler, "index.handler");
      assert.equal(fn.inputs.vpcConfig.subnetIds.length, 3);
      assert.deepEqual(JSON.parse(fn.inputs.environment.variables.PARAMETER_NAMES), [
        "/trading-api-keys-dev/exchange",
        "/trading-api-keys-dev/market-data",
      ]);
      assert.equal(fn.inputs.environment.variables.KMS_KEY_ID, "alias/trading-parameters-key-dev");
      assert.equal(fn.inputs.loggingConfig.logGroup, "/aws/lambda/trading-api-key-rotation-dev");
      const code = bundleHandler(ROTATION_HANDLER_ENTRY);
      assert.match(code, /require\("@aws-sdk\/client-ssm"\)/, "the SDK stays external");
      assert.doesNotMatch(code, /@pulumi/, "no Pulumi code in the bundle");
    });

    it("lets the function write only the API-key parameters", () => {
      const policy = run
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .map((p) => policyOf(p.inputs.policy))
        .find((p) => p.Statement.some((s) => s.Sid === "RotateApiKeyParameters"));
      const statement = policy?.Statement.find((s) => s.Sid === "RotateApiKeyParameters");
      assert.deepEqual(statement?.Resource, [
        `arn:aws:ssm:us-east-2:${ACCOUNT_ID}:parameter/trading-api-keys-dev/exchange`,
        `arn:aws:ssm:us-east-2:${ACCOUNT_ID}:parameter/trading-api-keys-dev/market-data`,
      ]);
      const kms = policy?.Statement.find((s) => s.Sid === "EncryptApiKeys");
      assert.deepEqual(kms?.Condition["ForAnyValue:StringEquals"], {
        "kms:ResourceAliases": "alias/trading-parameters-key-dev",
      });
    });
  });

  describe("event-driven architecture", () => {
    it("forwards every event of the custom bus to an encrypted /aws/events log group", () => {
      const bus = run.one("aws:cloudwatch/eventBus:EventBus");
      assert.equal(bus.inputs.name, "trading-events-dev");
      const rule = run.one(
        "aws:cloudwatch/eventRule:EventRule",
        (r) => r.inputs.eventBusName === "trading-events-dev",
      );
      assert.deepEqual(JSON.parse(rule.inputs.eventPattern), { account: [ACCOUNT_ID] });
      const target = run.one(
        "aws:cloudwatch/eventTarget:EventTarget",
        (t) => t.inputs.rule === rule.inputs.name,
      );
      assert.match(target.inputs.arn, /\/aws\/events\/trading-events-dev$/);
    });

    it("scopes the CloudWatch Logs resource policy to the rule and the log group", () => {
      const policy = policyOf(
        run.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy").inputs.policyDocument,
      );
      const [s] = policy.Statement;
      assert.deepEqual(s.Principal.Service, ["events.amazonaws.com", "delivery.logs.amazonaws.com"]);
      assert.equal(
        s.Resource,
        `arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:/aws/events/trading-events-dev:*`,
      );
      assert.equal(
        s.Condition.ArnEquals["aws:SourceArn"],
        `arn:aws:events:us-east-2:${ACCOUNT_ID}:rule/trading-events-dev/trading-events-to-logs-dev`,
      );
    });

    it("forwards Parameter Store changes of the API keys to the bus with a scoped role", () => {
      const rule = run.one(
        "aws:cloudwatch/eventRule:EventRule",
        (r) => r.name === "trading-parameter-changes-dev",
      );
      const pattern = JSON.parse(rule.inputs.eventPattern);
      assert.deepEqual(pattern.source, ["aws.ssm"]);
      assert.equal(pattern.detail.name.length, 2);
      const target = run.one(
        "aws:cloudwatch/eventTarget:EventTarget",
        (t) => t.inputs.rule === rule.inputs.name,
      );
      assert.ok(target.inputs.roleArn, "bus-to-bus delivery uses a role");
    });
  });

  describe("guardrails", () => {
    it("names every resource with the environment suffix", () => assertSuffixEverywhere(run, "dev"));

    it("gives every resource a unique logical name", () => assertUniqueNames(run));

    it("tags everything through the provider's defaultTags", () =>
      assertTaggedProvider(run, {
        Environment: "dev",
        Owner: "trading-platform-team",
        CostCenter: "CC-1001",
        DataClassification: "Confidential",
      }));

    it("encrypts with rotating CMKs and keeps everything destroyable", () =>
      assertEncryptionAndLifecycle(run));

    it("keeps log groups for the configured 365 days", () => {
      for (const lg of run.ofType("aws:cloudwatch/logGroup:LogGroup"))
        assert.equal(lg.inputs.retentionInDays, 365);
    });

    it("builds every policy document from known values, with least privilege", () =>
      assertLeastPrivilegeDocuments(run));
  });

  describe("stack outputs", () => {
    it("exports the VPC, subnets, (empty) NAT IPs and parameter ARNs", async () => {
      const outputs = run.result.outputs;
      assert.equal(await valueOf(outputs.vpcId), "trading-vpc-dev-id");
      assert.equal((await valueOf(outputs.privateSubnetIds)).length, 3);
      assert.deepEqual(outputs.natInstanceIps, []);
      assert.match(outputs.natInstanceIpsNote, /VPC endpoints/);
      const arns = await valueOf(outputs.parameterArns);
      assert.equal(arns.length, 2);
      assert.equal(outputs.rotationSchedule, "rate(30 days)");
    });
  });
});
