/**
 * The program shapes users write, each a small program under test/fixtures/programs/, captured as
 * `pulumi preview` would run it: ES modules (.js with "type": "module", .mjs, TypeScript ESM),
 * CommonJS JavaScript with package.json main, programs with their own @pulumi/pulumi, the CLI's
 * rules for exported functions, serialized function closures, and configuration.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { captureProgram } from "../../../../evaluator/capture/capture";
import { SECRET_PLACEHOLDER } from "../../../../evaluator/capture/project";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../../../../evaluator/capture/types";
import { fixture, resourceNamed } from "./fixtures";

const REPO_ROOT = path.resolve(__dirname, "../../../..");

describe("captureProgram: program shapes", function () {
  this.timeout(60_000);

  it("imports a JavaScript ES module program (package.json type module), top-level await included", async () => {
    const stack = await captureProgram({ programDir: fixture("esm-js"), stack: "dev" });
    const bucket = resourceNamed(stack, "esm-js-bucket");
    assert.deepEqual(bucket.inputs.tags, { Environment: "dev", Owner: "payments" });
    assert.deepEqual(stack.outputs, { bucketId: UNKNOWN_STRING, firstZone: "eu-west-1a" });
    assert.deepEqual(stack.warnings, []);
  });

  it("loads an .mjs entry point of a CommonJS package as the CLI does (require of an ES module)", async () => {
    const stack = await captureProgram({ programDir: fixture("esm-mjs"), stack: "dev" });
    assert.ok(stack.resources.some((r) => r.name === "mjs-queue"));
    assert.deepEqual(stack.outputs, { kind: "mjs", queueUrl: UNKNOWN_STRING });
  });

  it("compiles a TypeScript ES module program with its own tsconfig and calls its default export", async () => {
    const stack = await captureProgram({ programDir: fixture("esm-ts"), stack: "dev" });
    const key = resourceNamed(stack, "esm-ts-key");
    assert.deepEqual(key.inputs, { enableKeyRotation: true, tags: { Owner: "cards", Environment: "dev" } });
    assert.match(String(key.outputs.arn), /^arn:aws:kms:ap-southeast-2:123456789012:key\//);
    // `require` does not exist in an ES module: the program really ran as one.
    assert.deepEqual(stack.outputs, { keyArn: UNKNOWN_STRING, account: "123456789012", module: "undefined" });
  });

  it("runs a CommonJS JavaScript program from package.json main, in its own directory", async () => {
    const stack = await captureProgram({ programDir: fixture("cjs-js"), stack: "dev" });
    assert.deepEqual(stack.outputs, {
      queueName: "orders",
      queueArn: UNKNOWN_STRING,
      cwd: fixture("cjs-js"),
    });
    assert.match(String(resourceNamed(stack, "orders").outputs.arn), /^arn:aws:sqs:eu-north-1:/);
  });

  it("does not call a CommonJS `export default` function, as the CLI does not, and says so", async () => {
    const stack = await captureProgram({ programDir: fixture("export-default-cjs"), stack: "dev" });
    assert.deepEqual(
      stack.resources.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
    assert.deepEqual(stack.outputs, { default: {} });
    assert.match(
      stack.warnings[0],
      /^index\.ts is a CommonJS module whose default export is a function: `pulumi preview` does not call it/,
    );
  });

  it("serializes an aws.lambda.CallbackFunction closure under mocks", async () => {
    const stack = await captureProgram({ programDir: fixture("callback-function"), stack: "dev" });
    const fn = resourceNamed(stack, "greeter");
    assert.equal(fn.type, "aws:lambda/function:Function");
    assert.equal(fn.inputs.handler, "__index.handler");
    const code = fn.inputs.code as { assets: Record<string, { text?: string }> };
    const source = code.assets["__index.js"].text ?? "";
    assert.match(source, /greeting: "hello"/);
    assert.match(source, /exports\.handler = __f0/);
    assert.ok(fn.dependencies.includes(resourceNamed(stack, "handler-role").urn));
  });

  it("passes runtime.options.nodeargs on, except loader options, and says which it dropped", async () => {
    const stack = await captureProgram({ programDir: fixture("nodeargs"), stack: "dev" });
    assert.deepEqual(stack.outputs.execArgv, ["--max-old-space-size=512", "--no-warnings"]);
    assert.deepEqual(stack.warnings, [
      "runtime.options.nodeargs --loader ts-node/esm not used offline: the evaluator loads TypeScript and ES modules itself",
    ]);
  });

  it("keeps every provider's region, assumed role and defaultTags as the engine sends them", async () => {
    const stack = await captureProgram({ programDir: fixture("providers"), stack: "dev" });
    const west = resourceNamed(stack, "payments-west");
    assert.equal(west.inputs.region, "us-west-2");
    assert.deepEqual(JSON.parse(String(west.inputs.assumeRoles)), [
      { roleArn: "arn:aws:iam::123456789012:role/deployer", sessionName: "finguard" },
    ]);
    assert.equal(resourceNamed(stack, "refunds-dev").provider, `${west.urn}::${UNKNOWN_STRING}`);
    assert.match(String(resourceNamed(stack, "clicks-dev").outputs.arn), /^arn:aws:sqs:us-east-2:/);
    assert.match(String(resourceNamed(stack, "orders-dev").outputs.arn), /^arn:aws:sqs:eu-central-1:/);
    assert.deepEqual(stack.outputs, {
      regions: { default: "eu-central-1", west: "us-west-2", east: "us-east-2" },
      eastDefaultTags: { Environment: "dev", Owner: "analytics", CostCenter: "cc-200" },
      defaultDefaultTags: {
        Environment: "dev",
        Owner: "payments",
        CostCenter: "cc-100",
        DataClassification: "confidential",
      },
    });
  });
});

describe("captureProgram: a program with its own @pulumi/pulumi", function () {
  this.timeout(60_000);
  // Inside the repository, so the copied SDK finds its own dependencies in the root node_modules.
  const programDir = path.join(REPO_ROOT, "test-output", `own-sdk-${process.pid}`);

  before(() => {
    rmSync(programDir, { recursive: true, force: true });
    cpSync(fixture("own-sdk"), programDir, { recursive: true });
    const sdkDir = path.join(programDir, "node_modules", "@pulumi", "pulumi");
    mkdirSync(path.dirname(sdkDir), { recursive: true });
    cpSync(path.dirname(require.resolve("@pulumi/pulumi/package.json")), sdkDir, { recursive: true });
    // Make the copy keep its runtime state to itself, as older SDK releases do: a monitor installed
    // into the evaluator's own copy would not be seen by it.
    const state = path.join(sdkDir, "runtime", "state.js");
    writeFileSync(
      state,
      readFileSync(state, "utf8")
        .replace(/global\.globalStore/g, "global.__ownSdkGlobalStore")
        .replace(/global\.asyncLocalStorage/g, "global.__ownSdkAsyncLocalStorage"),
    );
  });

  after(() => rmSync(programDir, { recursive: true, force: true }));

  it("installs the capture monitor into the program's copy of the SDK", async () => {
    const stack = await captureProgram({ programDir, stack: "dev" });
    assert.equal(stack.outputs.sdk, path.join(programDir, "node_modules", "@pulumi", "pulumi", "index.js"));
    const bucket = resourceNamed(stack, "own-sdk-bucket-dev");
    assert.deepEqual(bucket.inputs, { tags: { Environment: "dev" } });
    assert.equal(stack.outputs.bucketId, UNKNOWN_STRING);
  });
});

describe("captureProgram: configuration", function () {
  this.timeout(60_000);

  it("merges project declarations, namespaced and structured stack config, and never decrypts secure values", async () => {
    const stack = await captureProgram({ programDir: fixture("config"), stack: "dev" });
    assert.equal(stack.config["capture-config:tier"], "gold");
    assert.equal(stack.config["capture-config:replicas"], "3");
    assert.equal(stack.config["aws:region"], "eu-west-1");
    assert.deepEqual(JSON.parse(stack.config["capture-config:network"]).database, {
      user: "app",
      password: SECRET_PLACEHOLDER,
    });
    assert.deepEqual(stack.secretKeys, ["capture-config:network", "capture-config:apiKey"]);
    assert.deepEqual(resourceNamed(stack, "api-key-dev").inputs.value, {
      [SECRET_SIG]: SECRET_SIG_VALUE,
      value: SECRET_PLACEHOLDER,
    });
    assert.equal(resourceNamed(stack, "core-vpc-dev").inputs.cidrBlock, "10.20.0.0/16");
    assert.deepEqual(stack.outputs, {
      tier: "gold",
      replicas: 3,
      zones: ["a", "b"],
      databaseUser: "app",
      region: "eu-west-1",
      queueNameSet: "not set",
    });
  });

  it("applies --config overrides over the stack file", async () => {
    const stack = await captureProgram({
      programDir: fixture("config"),
      stack: "dev",
      configOverrides: { queueName: "from-cli", "aws:region": "us-east-2", replicas: "5" },
    });
    assert.equal(stack.outputs.queueNameSet, "from-cli");
    assert.ok(stack.resources.some((r) => r.name === "from-cli"));
    assert.equal(stack.outputs.region, "us-east-2");
    assert.equal(stack.outputs.replicas, 5);
  });
});
