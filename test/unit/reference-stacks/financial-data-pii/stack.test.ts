/**
 * The financial-data-pii program under mocks, with the stack config of
 * Pulumi.financial-data-pii.yaml: the brief's requirements and the guardrails, asserted on the
 * registered resources.
 */
import assert from "node:assert/strict";
import { bundleHandler } from "../../../../reference-stacks/components";
import {
  createFinancialDataPii,
  type FinancialDataPii,
} from "../../../../reference-stacks/financial-data-pii";
import { SCANNER_HANDLER_ENTRY } from "../../../../reference-stacks/financial-data-pii/scanner";
import { KEY_CRYPTO_ACTIONS } from "../../../../reference-stacks/financial-data-pii/security";
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
  type Inputs,
  type ProgramRun,
} from "../helpers/pulumi-harness";

const DATA_BUCKET = `pii-data-${ACCOUNT_ID}-us-east-1-dev`;
const FLOW_BUCKET = `pii-flowlogs-${ACCOUNT_ID}-us-east-1-dev`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;

describe("financial-data-pii stack", function () {
  this.timeout(60000);
  let run: ProgramRun<FinancialDataPii>;
  const config = stackConfig("financial-data-pii");
  const bucketPolicy = (bucketLogical: string) =>
    policyOf(
      run.one("aws:s3/bucketPolicy:BucketPolicy", (p) => p.name === `${bucketLogical}-policy`).inputs.policy,
    ).Statement;

  before(async () => {
    run = await runProgram(config, () => createFinancialDataPii(), { stack: "financial-data-pii" });
  });

  describe("encryption and key management", () => {
    it("restricts the data key to the named roles with an explicit deny, keeping kms:* for the root", () => {
      const key = run.one("aws:kms/key:Key", (k) => k.name === "pii-data-key-dev");
      const statements = policyOf(key.inputs.policy).Statement;
      assert.deepEqual(statements[0].Principal, { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` });
      const deny = statements.find((s) => s.Sid === "DenyCryptoToAllButNamedRoles");
      assert.equal(deny?.Effect, "Deny");
      assert.deepEqual(deny?.Action, KEY_CRYPTO_ACTIONS);
      assert.deepEqual(deny?.Condition.ArnNotEquals["aws:PrincipalArn"], [
        role("pii-scanner-role-dev"),
        role("pii-data-steward-role-dev"),
      ]);
      assert.equal(key.inputs.enableKeyRotation, true);
      assert.equal(key.inputs.deletionWindowInDays, 7);
    });

    it("encrypts both buckets with customer-managed keys (SSE-KMS, AES-256)", () => {
      const sse = run.ofType(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      );
      const keyOf = (bucket: string) =>
        sse.find((s) => s.inputs.bucket === `${bucket}-id`)?.inputs.rules[0]
          .applyServerSideEncryptionByDefault;
      assert.deepEqual(keyOf("pii-data-dev")?.sseAlgorithm, "aws:kms");
      assert.match(keyOf("pii-data-dev")?.kmsMasterKeyId, /pii-data-key-dev$/);
      assert.match(keyOf("pii-flowlogs-dev")?.kmsMasterKeyId, /pii-flowlogs-key-dev$/);
    });

    it("encrypts the scanner's environment variables with a CMK", () => {
      const fn = run.one("aws:lambda/function:Function");
      assert.match(fn.inputs.kmsKeyArn, /pii-functions-key-dev/);
    });
  });

  describe("secure storage", () => {
    it("versions the data bucket and moves old versions to Glacier after 30 days", () => {
      const versioning = run.one(
        "aws:s3/bucketVersioning:BucketVersioning",
        (v) => v.inputs.bucket === "pii-data-dev-id",
      );
      assert.equal(versioning.inputs.versioningConfiguration.status, "Enabled");
      const rule = run.one(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        (l) => l.inputs.bucket === "pii-data-dev-id",
      ).inputs.rules[0];
      assert.deepEqual(rule.noncurrentVersionTransitions, [{ noncurrentDays: 30, storageClass: "GLACIER" }]);
      assert.deepEqual(rule.noncurrentVersionExpiration, { noncurrentDays: 365 });
      assert.equal(rule.expiration, undefined, "current data never expires");
    });

    it("denies non-HTTPS requests, unencrypted uploads and object access by any other principal", () => {
      const statements = bucketPolicy("pii-data-dev");
      const byId = Object.fromEntries(statements.map((s) => [s.Sid, s]));
      assert.deepEqual(byId.DenyInsecureTransport.Condition, { Bool: { "aws:SecureTransport": "false" } });
      assert.deepEqual(byId.DenyUnencryptedUploads.Condition, {
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      });
      assert.deepEqual(byId.DenyObjectAccessToAllButNamedRoles.Condition.ArnNotEquals["aws:PrincipalArn"], [
        role("pii-scanner-role-dev"),
        role("pii-data-steward-role-dev"),
      ]);
      assert.ok(
        statements.every((s) => s.Effect === "Deny"),
        "the bucket policy only takes away",
      );
    });

    it("blocks all public access on both buckets", () => {
      const blocks = run.ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
      assert.equal(blocks.length, 2);
      for (const b of blocks) {
        assert.deepEqual(
          [
            b.inputs.blockPublicAcls,
            b.inputs.blockPublicPolicy,
            b.inputs.ignorePublicAcls,
            b.inputs.restrictPublicBuckets,
          ],
          [true, true, true, true],
        );
      }
    });

    it("sends VPC flow logs (ALL) to the separate, encrypted flow-log bucket", () => {
      assertFlowLogsOnEveryVpc(run);
      const flowLog = run.one("aws:ec2/flowLog:FlowLog");
      assert.equal(flowLog.inputs.logDestination, `arn:aws:s3:::${FLOW_BUCKET}`);
      assert.equal(bucketExpirationDays(run, "pii-flowlogs-dev"), 90);
    });

    it("requires MFA for the data-steward role", () => {
      const steward = run.one("aws:iam/role:Role", (r) => r.inputs.name === "pii-data-steward-role-dev");
      assert.deepEqual(policyOf(steward.inputs.assumeRolePolicy).Statement[0].Condition, {
        Bool: { "aws:MultiFactorAuthPresent": "true" },
      });
    });
  });

  describe("serverless processing and network security", () => {
    it("runs the bundled scanner in two private subnets of two AZs", () => {
      const subnets = run.ofType("aws:ec2/subnet:Subnet");
      assert.deepEqual(subnets.map((s) => s.inputs.availabilityZone).sort(), ["us-east-1a", "us-east-1b"]);
      assertNoInternetPath(run);
      const fn = run.one("aws:lambda/function:Function");
      assert.equal(fn.inputs.name, "pii-scanner-dev");
      assert.equal(fn.inputs.vpcConfig.subnetIds.length, 2);
      assert.equal(fn.inputs.environment.variables.DATA_BUCKET, DATA_BUCKET);
      assert.equal(fn.inputs.timeout, 120);
      const code = bundleHandler(SCANNER_HANDLER_ENTRY);
      assert.match(code, /require\("@aws-sdk\/client-s3"\)/);
      assert.match(code, /StreamingPiiScanner/);
      assert.doesNotMatch(code, /@pulumi/);
    });

    it("reaches S3 and KMS only through VPC endpoints with same-account policies", () => {
      const byService = Object.fromEntries(
        run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => [e.inputs.serviceName, e.inputs]),
      );
      assert.deepEqual(Object.keys(byService).sort(), [
        "com.amazonaws.us-east-1.kms",
        "com.amazonaws.us-east-1.s3",
      ]);
      assert.equal(byService["com.amazonaws.us-east-1.s3"].vpcEndpointType, "Gateway");
      assert.equal(byService["com.amazonaws.us-east-1.kms"].vpcEndpointType, "Interface");
      for (const e of Object.values(byService) as Inputs[]) {
        assert.equal(
          policyOf(e.policy).Statement[0].Condition.StringEquals["aws:PrincipalAccount"],
          ACCOUNT_ID,
        );
      }
    });

    it("allows only HTTPS (443) in every security group", () => {
      for (const sg of run.ofType("aws:ec2/securityGroup:SecurityGroup")) {
        for (const rule of [...asArray<Inputs>(sg.inputs.ingress), ...asArray<Inputs>(sg.inputs.egress)]) {
          assert.deepEqual([rule.protocol, rule.fromPort, rule.toPort], ["tcp", 443, 443], sg.name);
        }
      }
      const scanner = run.one("aws:ec2/securityGroup:SecurityGroup", (s) => s.name === "pii-scanner-sg-dev");
      assert.deepEqual(scanner.inputs.ingress, []);
      const defaultSg = run.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
      assert.deepEqual([defaultSg.inputs.ingress, defaultSg.inputs.egress], [[], []]);
    });

    it("lets the scanner read the data bucket and decrypt through S3 only", () => {
      const policy = run
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .map((p) => policyOf(p.inputs.policy))
        .find((p) => p.Statement.some((s) => s.Sid === "ReadFinancialData"));
      const read = policy?.Statement.find((s) => s.Sid === "ReadFinancialData");
      assert.deepEqual(read?.Action, ["s3:GetObject", "s3:GetObjectVersion"]);
      assert.equal(read?.Resource, `arn:aws:s3:::${DATA_BUCKET}/*`);
      const kms = policy?.Statement.find((s) => s.Sid === "DecryptDataThroughS3");
      assert.deepEqual(kms?.Action, ["kms:Decrypt"]);
      assert.deepEqual(kms?.Condition.StringEquals["kms:ViaService"], ["s3.us-east-1.amazonaws.com"]);
    });
  });

  describe("API access layer", () => {
    it("requires an API key and validates the request body on POST /scans", () => {
      const method = run.one("aws:apigateway/method:Method");
      assert.equal(method.inputs.httpMethod, "POST");
      assert.equal(method.inputs.apiKeyRequired, true);
      assert.deepEqual(method.inputs.requestModels, { "application/json": "ScanRequest" });
      const validator = run.one("aws:apigateway/requestValidator:RequestValidator");
      assert.equal(method.inputs.requestValidatorId, `${validator.name}-id`);
      assert.equal(validator.inputs.validateRequestBody, true);
      const schema = JSON.parse(run.one("aws:apigateway/model:Model").inputs.schema);
      assert.deepEqual(schema.required, ["objectKey"]);
      assert.equal(schema.additionalProperties, false);
    });

    it("triggers the scanner through a proxy integration and a scoped permission", () => {
      const integration = run.one("aws:apigateway/integration:Integration");
      assert.equal(integration.inputs.type, "AWS_PROXY");
      const permission = run.one("aws:lambda/permission:Permission");
      assert.equal(permission.inputs.principal, "apigateway.amazonaws.com");
      assert.equal(
        permission.inputs.sourceArn,
        `arn:aws:execute-api:us-east-1:${ACCOUNT_ID}:pii-api-dev-id/*/POST/scans`,
      );
    });

    it("binds the API key to the stage through a usage plan with throttling and a quota", () => {
      const plan = run.one("aws:apigateway/usagePlan:UsagePlan");
      assert.deepEqual(plan.inputs.throttleSettings, { rateLimit: 20, burstLimit: 40 });
      assert.deepEqual(plan.inputs.quotaSettings, { limit: 10000, period: "DAY" });
      assert.equal(plan.inputs.apiStages[0].stage, "v1");
      const key = run.one("aws:apigateway/apiKey:ApiKey");
      const planKey = run.one("aws:apigateway/usagePlanKey:UsagePlanKey");
      assert.equal(planKey.inputs.keyId, `${key.name}-id`);
      assert.equal(planKey.inputs.keyType, "API_KEY");
    });
  });

  describe("monitoring and logging", () => {
    it("keeps every log group exactly 90 days, encrypted with the logs CMK", () => {
      const groups = run.ofType("aws:cloudwatch/logGroup:LogGroup");
      assert.deepEqual(groups.map((g) => g.inputs.name).sort(), [
        "/aws/apigateway/pii-api-access-dev",
        "/aws/lambda/pii-scanner-dev",
      ]);
      for (const g of groups) {
        assert.equal(g.inputs.retentionInDays, 90);
        assert.match(g.inputs.kmsKeyId, /pii-logs-key-dev/);
      }
      assert.equal(
        run
          .one("aws:apigateway/stage:Stage")
          .inputs.accessLogSettings.destinationArn.endsWith("/aws/apigateway/pii-api-access-dev"),
        true,
      );
    });

    it("alarms on unauthorized access attempts and policy violations", () => {
      const filters = Object.fromEntries(
        run.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => [f.inputs.name, f.inputs]),
      );
      assert.match(filters["pii-unauthorized-api-requests-filter-dev"].pattern, /403/);
      assert.equal(
        filters["pii-unauthorized-api-requests-filter-dev"].logGroupName,
        "/aws/apigateway/pii-api-access-dev",
      );
      assert.match(filters["pii-scanner-access-denied-filter-dev"].pattern, /access_denied/);
      assert.match(filters["pii-policy-violations-filter-dev"].pattern, /violation/);
      const alarms = run
        .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .map((a) => a.inputs.name)
        .sort();
      assert.deepEqual(alarms, [
        "pii-api-5xx-errors-alarm-dev",
        "pii-policy-violations-alarm-dev",
        "pii-scanner-access-denied-alarm-dev",
        "pii-scanner-errors-alarm-dev",
        "pii-unauthorized-api-requests-alarm-dev",
      ]);
      assert.match(run.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId, /pii-logs-key-dev/);
    });
  });

  describe("guardrails", () => {
    it("names every resource with the environment suffix", () => {
      const models = run.ofType("aws:apigateway/model:Model");
      assert.ok(
        models.every((m) => m.name.endsWith("-dev")),
        "model names are API-scoped, judged by logical name",
      );
      assertSuffixEverywhere({ ...run, resources: run.resources.filter((r) => !models.includes(r)) }, "dev");
    });
    it("gives every resource a unique logical name", () => assertUniqueNames(run));
    it("tags everything through the provider's defaultTags", () =>
      assertTaggedProvider(run, {
        Environment: "dev",
        Owner: "data-protection-team",
        CostCenter: "CC-4004",
        DataClassification: "Confidential",
      }));
    it("encrypts with rotating CMKs and keeps everything destroyable", () =>
      assertEncryptionAndLifecycle(run));
    it("builds every policy document from known values, with least privilege (no wildcards)", () =>
      assertLeastPrivilegeDocuments(run));
  });

  describe("integration outputs", () => {
    it("exports the API URL, the API key id and the bucket name", async () => {
      const o = run.result.outputs;
      assert.equal(
        await valueOf(o.apiUrl),
        "https://pii-api-dev-id.execute-api.us-east-1.amazonaws.com/v1/scans",
      );
      assert.equal(await valueOf(o.apiKeyId), "pii-api-key-dev-id");
      assert.equal(await valueOf(o.dataBucketName), DATA_BUCKET);
      assert.equal(await valueOf(o.flowLogBucketName), FLOW_BUCKET);
    });
  });
});
