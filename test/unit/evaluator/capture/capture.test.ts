import assert from "node:assert/strict";
import { captureProgram } from "../../../../evaluator/capture/capture";
import { SECRET_PLACEHOLDER } from "../../../../evaluator/capture/project";
import {
  SECRET_SIG,
  SECRET_SIG_VALUE,
  UNKNOWN_STRING,
  type CapturedStack,
} from "../../../../evaluator/capture/types";
import { DEFAULT_AWS_PROVIDER, AWS_VERSION, fixture, resourceNamed } from "./fixtures";

const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_SIG_VALUE, value });

describe("captureProgram: basic program (preview semantics)", () => {
  const prefix = "urn:pulumi:dev::capture-basic::";
  let stack: CapturedStack;

  before(async () => {
    stack = await captureProgram({ programDir: fixture("basic"), stack: "dev" });
  });

  it("records the root stack resource first and parents top-level resources to it", () => {
    const [root] = stack.resources;
    assert.equal(root.urn, `${prefix}pulumi:pulumi:Stack::capture-basic-dev`);
    assert.equal(root.custom, false);
    assert.equal(resourceNamed(stack, "data-key").parent, root.urn);
  });

  it("leaves inputs built from another resource's outputs unknown, keeping their property dependencies", () => {
    const sse = resourceNamed(stack, "cardholder-data-sse");
    const keyUrn = `${prefix}aws:kms/key:Key::data-key`;
    const bucketUrn = `${prefix}aws:s3/bucket:Bucket::cardholder-data`;
    assert.deepEqual(sse.inputs.rules, [
      { applyServerSideEncryptionByDefault: { kmsMasterKeyId: UNKNOWN_STRING, sseAlgorithm: "aws:kms" } },
    ]);
    assert.equal(sse.inputs.bucket, UNKNOWN_STRING);
    assert.deepEqual(sse.propertyDependencies.rules, [keyUrn]);
    assert.deepEqual(sse.propertyDependencies.bucket, [bucketUrn]);
    assert.deepEqual([...sse.dependencies].sort(), [keyUrn, bucketUrn]);
  });

  it("keeps known inputs and gives custom resources placeholder id/arn only in outputs", () => {
    const key = resourceNamed(stack, "data-key");
    assert.deepEqual(key.inputs, { description: "dev data key", enableKeyRotation: true });
    assert.match(String(key.outputs.id), /^data-key-[0-9a-f]{8}$/);
    assert.equal(key.outputs.arn, `arn:aws:kms:eu-west-1:123456789012:key/${key.outputs.id}`);
  });

  it("synthesizes the default provider from aws:* config before its first user", () => {
    const providerIndex = stack.resources.findIndex((r) => r.name === DEFAULT_AWS_PROVIDER);
    const provider = stack.resources[providerIndex];
    assert.equal(provider.urn, `${prefix}pulumi:providers:aws::${DEFAULT_AWS_PROVIDER}`);
    assert.equal(provider.type, "pulumi:providers:aws");
    assert.deepEqual(provider.inputs, {
      region: "eu-west-1",
      defaultTags: JSON.stringify({ tags: { owner: "payments", "pci-scope": "true" } }),
      version: AWS_VERSION,
    });
    const firstAwsResource = stack.resources.findIndex((r) => r.type.startsWith("aws:"));
    assert.equal(providerIndex, firstAwsResource - 1);
    assert.equal(resourceNamed(stack, "data-key").provider, `${provider.urn}::${UNKNOWN_STRING}`);
    assert.equal(stack.resources.filter((r) => r.type === "pulumi:providers:aws").length, 1);
  });

  it("passes secure config to the program as a secret placeholder", () => {
    assert.equal(stack.config["capture-basic:dbPassword"], SECRET_PLACEHOLDER);
    assert.deepEqual(stack.secretKeys, ["capture-basic:dbPassword"]);
    assert.deepEqual(resourceNamed(stack, "db-password").inputs.value, secret(SECRET_PLACEHOLDER));
  });

  it("captures stack outputs, unknown where the value comes from a resource output", () => {
    assert.deepEqual(stack.outputs, { env: "dev", keyArn: UNKNOWN_STRING });
    assert.deepEqual(stack.resources[0].outputs, stack.outputs);
    assert.deepEqual(stack.warnings, []);
  });
});

describe("captureProgram: components, options and explicit providers", () => {
  const prefix = "urn:pulumi:dev::capture-components::";
  let stack: CapturedStack;

  before(async () => {
    stack = await captureProgram({ programDir: fixture("components"), stack: "dev" });
  });

  it("builds the engine's URNs for nested components", () => {
    const vault = resourceNamed(stack, "vault");
    const shelf = resourceNamed(stack, "vault-shelf");
    const bucket = resourceNamed(stack, "vault-shelf-bucket");
    assert.equal(vault.urn, `${prefix}finguard:test:Vault::vault`);
    assert.equal(shelf.urn, `${prefix}finguard:test:Vault$finguard:test:Shelf::vault-shelf`);
    assert.equal(
      bucket.urn,
      `${prefix}finguard:test:Vault$finguard:test:Shelf$aws:s3/bucket:Bucket::vault-shelf-bucket`,
    );
    assert.equal(bucket.parent, shelf.urn);
    assert.equal(shelf.parent, vault.urn);
  });

  it("captures resource options, timeouts in seconds and aliases as URNs", () => {
    const { options } = resourceNamed(stack, "vault-shelf-bucket");
    assert.equal(options.protect, true);
    assert.equal(options.retainOnDelete, true);
    assert.deepEqual(options.ignoreChanges, ["tags"]);
    assert.equal(options.deleteBeforeReplace, true);
    assert.equal(options.deleteBeforeReplaceDefined, true);
    assert.deepEqual(options.customTimeouts, { create: 600, delete: 5400 });
    assert.deepEqual(options.additionalSecretOutputs, ["bucket"]);
    assert.ok(
      options.aliases.includes(
        `${prefix}finguard:test:Vault$finguard:test:Shelf$aws:s3/bucket:Bucket::old-bucket`,
      ),
      options.aliases.join("\n"),
    );
    assert.equal(resourceNamed(stack, "west-logs").options.protect, false);
    assert.equal(resourceNamed(stack, "west-logs").options.deleteBeforeReplaceDefined, false);
  });

  it("records component outputs registered with registerOutputs", () => {
    assert.deepEqual(resourceNamed(stack, "vault").outputs, { shelf: UNKNOWN_STRING, label: "vault" });
  });

  it("keeps an explicit provider in another region, and resources using it keep their reference", () => {
    const west = resourceNamed(stack, "us-west");
    assert.equal(west.type, "pulumi:providers:aws");
    assert.equal(west.inputs.region, "us-west-2");
    assert.deepEqual(JSON.parse(String(west.inputs.defaultTags)), { tags: { team: "west" } });
    const logs = resourceNamed(stack, "west-logs");
    assert.equal(logs.provider, `${west.urn}::${UNKNOWN_STRING}`);
    assert.match(String(logs.outputs.arn), /^arn:aws:s3:us-west-2:/);
    assert.equal(resourceNamed(stack, "vault-shelf-bucket").provider?.split("::")[3], DEFAULT_AWS_PROVIDER);
  });

  it("runs an `export =` async function and answers invokes with the invoke's provider region", () => {
    assert.deepEqual(stack.outputs, { westBucket: UNKNOWN_STRING, westRegion: "us-west-2" });
  });

  it("records remote components without children and says so", () => {
    const remote = resourceNamed(stack, "remote-thing");
    assert.equal(remote.remote, true);
    assert.equal(remote.custom, false);
    assert.equal(remote.provider, undefined);
    assert.deepEqual(stack.warnings, [
      "1 remote component, children not evaluated offline: finguard:remote:Thing 'remote-thing'",
    ]);
  });
});

describe("captureProgram: invokes", () => {
  let stack: CapturedStack;

  before(async () => {
    stack = await captureProgram({ programDir: fixture("invokes"), stack: "dev" });
  });

  it("answers identity, zone and partition invokes deterministically from the config region", () => {
    assert.equal(stack.outputs.accountId, "123456789012");
    assert.deepEqual(stack.outputs.zones, ["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
    assert.equal(stack.outputs.partition, "aws");
  });

  it("computes getPolicyDocument json as the AWS provider does, and it flows into inputs as a known value", () => {
    const policy = JSON.parse(String(resourceNamed(stack, "card-read").inputs.policy));
    assert.deepEqual(policy, {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadCardData",
          Effect: "Allow",
          Action: ["s3:ListBucket", "s3:GetObject"],
          Resource: "arn:aws:s3:::cardholder-data/${aws:username}/*",
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Condition: {
            Bool: { "aws:SecureTransport": "true" },
            StringEquals: { "aws:PrincipalOrgID": ["o-abc", "o-def"] },
          },
        },
        { Effect: "Deny", NotAction: "kms:Decrypt", Resource: "*", Principal: "*" },
      ],
    });
  });

  it("answers unknown invokes with nothing and a warning instead of failing", () => {
    assert.deepEqual(stack.warnings, ["invoke aws:s3/getBucket:getBucket answered with nothing"]);
    assert.equal("bucketArn" in stack.outputs, false);
  });
});
