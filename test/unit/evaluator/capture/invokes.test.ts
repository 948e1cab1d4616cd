import assert from "node:assert/strict";
import { answerInvoke, ANSWERED_INVOKES } from "../../../../evaluator/capture/invokes";
import { captureProgram } from "../../../../evaluator/capture/capture";
import type { CapturedStack } from "../../../../evaluator/capture/types";
import { fixture, resourceNamed } from "./fixtures";

const answer = (token: string, inputs: Record<string, unknown> = {}, region = "us-east-1") =>
  answerInvoke(token, inputs, region) ?? assert.fail(`${token} not answered`);

describe("answerInvoke: data sources", () => {
  it("answers the common AWS data sources, the same way every time", () => {
    for (const token of ANSWERED_INVOKES) {
      const inputs = token.includes("getParameter") ? { name: "/p" } : {};
      assert.deepEqual(
        answerInvoke(token, inputs, "eu-west-1"),
        answerInvoke(token, inputs, "eu-west-1"),
        token,
      );
    }
    assert.ok(ANSWERED_INVOKES.length >= 23, ANSWERED_INVOKES.join(", "));
  });

  it("gives the default VPC AWS's 172.31.0.0/16 and public default subnets, and other VPCs private ranges", () => {
    const defaultVpc = answer("aws:ec2/getVpc:getVpc", { default: true });
    assert.equal(defaultVpc.cidrBlock, "172.31.0.0/16");
    assert.match(String(defaultVpc.id), /^vpc-[0-9a-f]{17}$/);
    const tagged = answer("aws:ec2/getVpc:getVpc", { tags: { Name: "core" } });
    assert.notEqual(tagged.id, defaultVpc.id);
    assert.match(String(tagged.cidrBlock), /^10\.\d+\.0\.0\/16$/);
    const subnets = answer("aws:ec2/getSubnets:getSubnets", {
      filters: [{ name: "vpc-id", values: [defaultVpc.id] }],
    });
    assert.equal((subnets.ids as string[]).length, 3);
    const subnet = answer("aws:ec2/getSubnet:getSubnet", { id: (subnets.ids as string[])[0] });
    assert.equal(subnet.vpcId, defaultVpc.id);
    assert.equal(subnet.mapPublicIpOnLaunch, true);
    const privateSubnet = answer("aws:ec2/getSubnet:getSubnet", { vpcId: tagged.id });
    assert.equal(privateSubnet.mapPublicIpOnLaunch, false);
  });

  it("answers managed prefix lists with their published ids and the region's ranges", () => {
    const s3 = answer("aws:ec2/getPrefixList:getPrefixList", { name: "com.amazonaws.us-east-1.s3" });
    assert.equal(s3.id, "pl-63a5400a");
    assert.ok((s3.cidrBlocks as string[]).includes("52.216.0.0/15"));
    const byId = answer("aws:ec2/getPrefixList:getPrefixList", { prefixListId: "pl-6da54004" }, "eu-west-1");
    assert.equal(byId.name, "com.amazonaws.eu-west-1.s3");
    const other = answer("aws:ec2/getPrefixList:getPrefixList", { name: "com.amazonaws.sa-east-1.dynamodb" });
    assert.match(String(other.id), /^pl-[0-9a-f]{8}$/);
    assert.match((other.cidrBlocks as string[])[0], /^52\.94\.\d+\.0\/24$/);
  });

  it("answers KMS aliases and keys consistently, AWS managed keys included", () => {
    const alias = answer("aws:kms/getAlias:getAlias", { name: "alias/aws/s3" }, "eu-west-1");
    const key = answer("aws:kms/getKey:getKey", { keyId: "alias/aws/s3" }, "eu-west-1");
    assert.equal(key.keyId, alias.targetKeyId);
    assert.equal(key.arn, alias.targetKeyArn);
    assert.equal(key.keyManager, "AWS");
    assert.equal(answer("aws:kms/getKey:getKey", { keyId: "1234abcd-12ab" }).keyManager, "CUSTOMER");
  });

  it("answers IAM roles with a benign trust policy and AWS managed policies with their documents", () => {
    const role = answer("aws:iam/getRole:getRole", { name: "deployer" }, "cn-north-1");
    assert.equal(role.arn, "arn:aws-cn:iam::123456789012:role/deployer");
    assert.equal(
      JSON.parse(String(role.assumeRolePolicy)).Statement[0].Principal.AWS,
      "arn:aws-cn:iam::123456789012:root",
    );
    const admin = answer("aws:iam/getPolicy:getPolicy", {
      arn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    assert.deepEqual(JSON.parse(String(admin.policy)).Statement, [
      { Effect: "Allow", Action: "*", Resource: "*" },
    ]);
    const custom = answer("aws:iam/getPolicy:getPolicy", { name: "team-read" });
    assert.equal(custom.arn, "arn:aws:iam::123456789012:policy/team-read");
  });

  it("answers Route 53 zones, ECR tokens and the provider's default tags", () => {
    const zone = answer("aws:route53/getZone:getZone", { name: "example.com." });
    assert.equal(zone.name, "example.com");
    assert.match(String(zone.zoneId), /^Z[0-9A-F]{19}$/);
    const token = answer("aws:ecr/getAuthorizationToken:getAuthorizationToken", {}, "eu-west-1");
    assert.equal(token.proxyEndpoint, "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    assert.equal(Buffer.from(String(token.authorizationToken), "base64").toString().split(":")[0], "AWS");
    const tags = answerInvoke(
      "aws:index/getDefaultTags:getDefaultTags",
      {},
      { region: "us-east-1", providerInputs: { defaultTags: '{"tags":{"Owner":"payments"}}' } },
    );
    assert.deepEqual(tags?.tags, { Owner: "payments" });
  });

  it("answers awsx's default VPC lookup with the default VPC and its public subnets", () => {
    const vpc = answer("awsx:ec2:getDefaultVpc");
    assert.equal(vpc.vpcId, answer("aws:ec2/getVpc:getVpc").id);
    assert.equal((vpc.publicSubnetIds as string[]).length, 3);
  });
});

describe("captureProgram: data sources in a program", function () {
  this.timeout(60_000);
  let stack: CapturedStack;

  before(async () => {
    stack = await captureProgram({ programDir: fixture("data-sources"), stack: "dev" });
  });

  it("answers every data source the program calls, with the invoke's provider region", () => {
    assert.deepEqual(stack.warnings, []);
    const outputs = stack.outputs as Record<string, Record<string, unknown>>;
    assert.equal(outputs.vpc.cidr, "172.31.0.0/16");
    assert.equal(outputs.subnet.vpcId, outputs.vpc.id);
    assert.equal(outputs.securityGroup.vpcId, outputs.vpc.id);
    assert.equal(outputs.s3.id, "pl-63a5400a");
    assert.deepEqual(outputs.dynamodb, { id: "pl-00a54069", region: "us-west-2" });
    assert.equal(outputs.kms.aliasTarget, outputs.kms.keyId);
    assert.equal(outputs.role as unknown, "arn:aws:iam::123456789012:role/deployer");
    assert.equal(outputs.parameter as unknown, "finguard-offline-parameter:/payments/db-host");
  });

  it("lets invoke results flow into inputs as known values", () => {
    const sg = resourceNamed(stack, "to-s3-dev");
    assert.equal(sg.inputs.vpcId, (stack.outputs.vpc as Record<string, unknown>).id);
    assert.deepEqual((sg.inputs.egress as Array<Record<string, unknown>>)[0].prefixListIds, ["pl-63a5400a"]);
  });
});
