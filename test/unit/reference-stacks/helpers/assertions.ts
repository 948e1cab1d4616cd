/**
 * Guardrail assertions shared by the stack tests: the same rules the FinGuard policies enforce,
 * applied to the resources a program registered under mocks.
 */
import assert from "node:assert/strict";
import { ACTIONS_WITHOUT_RESOURCE_TYPES } from "../../../../reference-stacks/components";
import { asArray, policyOf, type Inputs, type ProgramRun } from "./pulumi-harness";

/** Resource inputs holding IAM or resource policy documents, per type. */
export const POLICY_PROPERTIES: Record<string, string[]> = {
  "aws:iam/role:Role": ["assumeRolePolicy"],
  "aws:iam/rolePolicy:RolePolicy": ["policy"],
  "aws:kms/key:Key": ["policy"],
  "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["policy"],
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": ["policyDocument"],
};

export interface FoundPolicy {
  resource: string;
  type: string;
  statements: Inputs[];
}

/** Every policy document registered, parsed (fails if one is not a JSON string). */
export function allPolicies<T>(run: ProgramRun<T>): FoundPolicy[] {
  const found: FoundPolicy[] = [];
  for (const r of run.resources) {
    for (const prop of POLICY_PROPERTIES[r.type] ?? []) {
      if (r.inputs[prop] === undefined) continue;
      found.push({ resource: r.name, type: r.type, statements: policyOf(r.inputs[prop]).Statement });
    }
  }
  return found;
}

export function assertLeastPrivilegeDocuments<T>(run: ProgramRun<T>): void {
  for (const policy of allPolicies(run)) {
    for (const s of policy.statements) {
      if (s.Effect !== "Allow") continue;
      const where = `${policy.resource} ${s.Sid ?? ""}`;
      const actions = asArray<string>(s.Action);
      const isRootKeyAdmin =
        policy.type === "aws:kms/key:Key" &&
        typeof s.Principal?.AWS === "string" &&
        s.Principal.AWS.endsWith(":root");
      for (const a of actions) {
        if (a === "*" || /^[a-z0-9-]+:\*$/.test(a)) {
          assert.ok(isRootKeyAdmin && a === "kms:*", `${where}: wildcard action ${a}`);
        }
      }
      if (policy.type === "aws:kms/key:Key" && actions.includes("kms:*")) {
        assert.match(
          String(s.Principal?.AWS),
          /^arn:aws:iam::\d{12}:root$/,
          `${where}: kms:* only for the root`,
        );
      }
      assert.equal(s.NotAction, undefined, `${where}: Allow with NotAction`);
      if (policy.type !== "aws:kms/key:Key" && asArray(s.Resource).includes("*")) {
        for (const a of actions) {
          assert.ok(ACTIONS_WITHOUT_RESOURCE_TYPES.has(a), `${where}: Resource "*" for ${a}`);
        }
      }
      const principal = s.Principal;
      if (principal === "*" || asArray(principal?.AWS).includes("*")) {
        assert.ok(
          s.Condition && Object.keys(s.Condition).length > 0,
          `${where}: wildcard principal without condition`,
        );
      }
    }
  }
}

/** Names AWS reserves, which are not ours to suffix (an HTTP API's auto-deployed default stage). */
const RESERVED_NAMES: Record<string, string> = { "aws:apigatewayv2/stage:Stage": "$default" };

/** Every custom resource carries the suffix in its logical name and in its explicit physical name. */
export function assertSuffixEverywhere<T>(run: ProgramRun<T>, suffix: string): void {
  for (const r of run.resources) {
    assert.ok(r.name.includes(suffix), `logical name ${r.name} (${r.type}) lacks '${suffix}'`);
    for (const prop of ["name", "bucket", "policyName", "functionName"]) {
      const value = r.inputs[prop];
      if (prop === "name" && value === RESERVED_NAMES[r.type]) continue;
      if (typeof value === "string" && r.type.startsWith("aws:")) {
        assert.ok(value.includes(suffix), `${r.type} ${r.name}: ${prop}=${value} lacks '${suffix}'`);
      }
    }
  }
}

/** Every AWS resource uses the explicit provider whose defaultTags carry the mandatory tags. */
export function assertTaggedProvider<T>(run: ProgramRun<T>, expectedTags: Record<string, string>): void {
  const providers = run.ofType("pulumi:providers:aws");
  assert.equal(providers.length, 1, "one explicit AWS provider");
  const provider = providers[0];
  const defaultTags = provider.inputs.defaultTags;
  const tags = (typeof defaultTags === "string" ? JSON.parse(defaultTags) : defaultTags).tags;
  for (const [key, value] of Object.entries(expectedTags))
    assert.equal(tags[key], value, `default tag ${key}`);
  for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
    assert.ok(
      r.provider?.includes(`::${provider.name}::`),
      `${r.type} ${r.name} uses provider ${r.provider}`,
    );
  }
}

/** No path to or from the internet: no gateways, NAT, EIPs, public subnets or routes. */
export function assertNoInternetPath<T>(run: ProgramRun<T>): void {
  for (const type of [
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
    "aws:ec2/route:Route",
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    "aws:lb/loadBalancer:LoadBalancer",
  ]) {
    assert.equal(run.ofType(type).length, 0, `no ${type}`);
  }
  for (const subnet of run.ofType("aws:ec2/subnet:Subnet")) {
    assert.equal(subnet.inputs.mapPublicIpOnLaunch, false, `${subnet.name} maps no public IPs`);
  }
  for (const rt of run.ofType("aws:ec2/routeTable:RouteTable")) {
    assert.equal(asArray(rt.inputs.routes).length, 0, `${rt.name} has no routes besides local`);
  }
  for (const instance of run.ofType("aws:ec2/instance:Instance")) {
    assert.notEqual(instance.inputs.associatePublicIpAddress, true, `${instance.name} has no public IP`);
  }
  for (const sg of run.ofType("aws:ec2/securityGroup:SecurityGroup")) {
    for (const rule of asArray<Inputs>(sg.inputs.ingress)) {
      assert.ok(!asArray(rule.cidrBlocks).includes("0.0.0.0/0"), `${sg.name}: ingress from 0.0.0.0/0`);
      assert.ok(!(rule.fromPort <= 22 && rule.toPort >= 22), `${sg.name}: SSH ingress`);
    }
  }
}

/** Every VPC has a flow log of all traffic. */
export function assertFlowLogsOnEveryVpc<T>(run: ProgramRun<T>): void {
  const vpcs = run.ofType("aws:ec2/vpc:Vpc");
  const flowLogs = run.ofType("aws:ec2/flowLog:FlowLog");
  for (const vpc of vpcs) {
    const logs = flowLogs.filter((f) => f.inputs.vpcId === `${vpc.name}-id`);
    assert.equal(logs.length, 1, `${vpc.name} has a flow log`);
    assert.equal(logs[0].inputs.trafficType, "ALL");
  }
}

/** KMS keys rotate and have a 7-30 day deletion window; buckets are destroyable and encrypted. */
export function assertEncryptionAndLifecycle<T>(run: ProgramRun<T>): void {
  for (const key of run.ofType("aws:kms/key:Key")) {
    assert.equal(key.inputs.enableKeyRotation, true, `${key.name} rotates`);
    assert.ok(
      key.inputs.deletionWindowInDays >= 7 && key.inputs.deletionWindowInDays <= 30,
      `${key.name} window`,
    );
  }
  const buckets = run.ofType("aws:s3/bucket:Bucket");
  const sse = run.ofType(
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  );
  const pab = run.ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
  for (const bucket of buckets) {
    assert.equal(bucket.inputs.forceDestroy, true, `${bucket.name} forceDestroy`);
    const enc = sse.filter((s) => s.inputs.bucket === `${bucket.name}-id`);
    assert.equal(enc.length, 1, `${bucket.name} has an SSE configuration`);
    const rule = enc[0].inputs.rules[0].applyServerSideEncryptionByDefault;
    assert.equal(rule.sseAlgorithm, "aws:kms");
    assert.match(rule.kmsMasterKeyId, /:key\//, `${bucket.name} uses a CMK`);
    const block = pab.filter((p) => p.inputs.bucket === `${bucket.name}-id`)[0];
    for (const flag of [
      "blockPublicAcls",
      "blockPublicPolicy",
      "ignorePublicAcls",
      "restrictPublicBuckets",
    ]) {
      assert.equal(block?.inputs[flag], true, `${bucket.name} ${flag}`);
    }
  }
  for (const lg of run.ofType("aws:cloudwatch/logGroup:LogGroup")) {
    assert.ok(lg.inputs.retentionInDays >= 90, `${lg.name} retention`);
    assert.match(lg.inputs.kmsKeyId, /:key\//, `${lg.name} uses a CMK`);
  }
  for (const fn of run.ofType("aws:lambda/function:Function")) {
    assert.equal(fn.inputs.runtime, "nodejs20.x");
    assert.match(fn.inputs.kmsKeyArn, /:key\//, `${fn.name} encrypts its environment`);
    assert.ok(asArray(fn.inputs.vpcConfig?.subnetIds).length >= 1, `${fn.name} runs in the VPC`);
  }
  for (const table of run.ofType("aws:dynamodb/table:Table")) {
    assert.equal(table.inputs.deletionProtectionEnabled, false);
    assert.match(table.inputs.serverSideEncryption?.kmsKeyArn, /:key\//);
  }
}

/** The lifecycle expiration of the bucket whose logical name is `bucketName`. */
export function bucketExpirationDays<T>(run: ProgramRun<T>, bucketName: string): number | undefined {
  const lc = run.one(
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    (r) => r.inputs.bucket === `${bucketName}-id`,
  );
  return lc.inputs.rules[0].expiration?.days;
}

/** No two resources share type and logical name (a sufficient condition for unique URNs). */
export function assertUniqueNames<T>(run: ProgramRun<T>): void {
  const seen = new Set<string>();
  for (const r of run.resources) {
    const key = `${r.type}::${r.name}`;
    assert.ok(!seen.has(key), `duplicate ${key}`);
    seen.add(key);
  }
}
