/**
 * The payment-api program under mocks, with the stack config of Pulumi.payment-api.yaml: the
 * brief's requirements and the guardrails, asserted on the registered resources.
 */
import assert from "node:assert/strict";
import { bundleHandler } from "../../../../reference-stacks/components";
import { createPaymentApi, type PaymentApi } from "../../../../reference-stacks/payment-api";
import { MANAGED_RULE_GROUPS } from "../../../../reference-stacks/payment-api/api";
import {
  DESTRUCTIVE_ACTIONS,
  DOCUMENTS_HANDLER_ENTRY,
  PAYMENTS_HANDLER_ENTRY,
} from "../../../../reference-stacks/payment-api/compute";
import { readTruststore } from "../../../../reference-stacks/payment-api/data";
import {
  assertEncryptionAndLifecycle,
  assertFlowLogsOnEveryVpc,
  assertLeastPrivilegeDocuments,
  assertNoInternetPath,
  assertSuffixEverywhere,
  assertTaggedProvider,
  assertUniqueNames,
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

const PREFIX = "aws:apigateway/";

describe("payment-api stack", function () {
  this.timeout(60000);
  let run: ProgramRun<PaymentApi>;
  const config = stackConfig("payment-api");
  const rolePolicy = (sid: string) =>
    run
      .ofType("aws:iam/rolePolicy:RolePolicy")
      .map((p) => ({ name: p.name, doc: policyOf(p.inputs.policy) }))
      .filter((p) => p.doc.Statement.some((s) => s.Sid === sid));

  before(async () => {
    run = await runProgram(config, () => createPaymentApi(), { stack: "payment-api" });
  });

  describe("network isolation", () => {
    it("puts three private subnets in three AZs of us-east-1 and no public subnet", () => {
      const subnets = run.ofType("aws:ec2/subnet:Subnet");
      assert.deepEqual(subnets.map((s) => s.inputs.cidrBlock).sort(), [
        "10.30.1.0/24",
        "10.30.2.0/24",
        "10.30.3.0/24",
      ]);
      assert.equal(new Set(subnets.map((s) => s.inputs.availabilityZone)).size, 3);
      assert.ok(subnets.every((s) => s.inputs.tags.Tier === "private"));
    });

    it("has no internet gateway, NAT, EIP, public IP or load balancer", () => assertNoInternetPath(run));

    it("reaches S3 and DynamoDB through gateway endpoints and CloudWatch through interface endpoints", () => {
      const byService = Object.fromEntries(
        run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => [e.inputs.serviceName, e.inputs]),
      );
      for (const svc of ["s3", "dynamodb"]) {
        assert.equal(byService[`com.amazonaws.us-east-1.${svc}`].vpcEndpointType, "Gateway");
        assert.equal(asArray(byService[`com.amazonaws.us-east-1.${svc}`].routeTableIds).length, 3);
        const policy = policyOf(byService[`com.amazonaws.us-east-1.${svc}`].policy);
        assert.equal(policy.Statement[0].Condition.StringEquals["aws:PrincipalAccount"], ACCOUNT_ID);
      }
      for (const svc of ["logs", "monitoring"]) {
        assert.equal(byService[`com.amazonaws.us-east-1.${svc}`].vpcEndpointType, "Interface");
        assert.equal(byService[`com.amazonaws.us-east-1.${svc}`].privateDnsEnabled, true);
      }
    });

    it("gives the functions no inbound rules and HTTPS egress to the endpoints only", () => {
      for (const kind of ["payments", "payment-documents"]) {
        const sg = run.one("aws:ec2/securityGroup:SecurityGroup", (s) => s.name === `payapi-${kind}-sg-dev`);
        assert.deepEqual(sg.inputs.ingress, []);
        const egress = sg.inputs.egress as Inputs[];
        assert.ok(egress.every((r) => r.fromPort === 443 && r.toPort === 443));
        assert.deepEqual(egress[0].cidrBlocks, ["10.30.0.0/16"]);
        assert.equal(egress[1].prefixListIds.length, 2);
      }
    });

    it("applies a numbered network ACL that ends with an explicit deny", () => {
      const nacl = run.one("aws:ec2/networkAcl:NetworkAcl");
      assert.equal(nacl.inputs.subnetIds.length, 3);
      for (const dir of ["ingress", "egress"]) {
        const last = (nacl.inputs[dir] as Inputs[]).at(-1);
        assert.deepEqual([last?.ruleNo, last?.action, last?.cidrBlock], [32000, "deny", "0.0.0.0/0"]);
      }
    });

    it("logs ALL VPC traffic to an encrypted bucket", () => assertFlowLogsOnEveryVpc(run));
  });

  describe("API Gateway with mutual TLS, validation and throttling", () => {
    it("creates a regional REST API whose default endpoint is disabled", () => {
      const api = run.one(`${PREFIX}restApi:RestApi`);
      assert.equal(api.inputs.name, "payapi-api-dev");
      assert.deepEqual(api.inputs.endpointConfiguration, { types: "REGIONAL" });
      assert.equal(api.inputs.disableExecuteApiEndpoint, true, "mTLS cannot be bypassed through execute-api");
    });

    it("enforces mutual TLS on the custom domain with the truststore in S3 and the certificate from config", () => {
      const domain = run.one(`${PREFIX}domainName:DomainName`);
      assert.equal(domain.inputs.domainName, "payments-dev.api.example.com");
      assert.equal(domain.inputs.regionalCertificateArn, config["finguard-reference:certificateArn"]);
      assert.equal(domain.inputs.securityPolicy, "TLS_1_2");
      assert.equal(
        domain.inputs.mutualTlsAuthentication.truststoreUri,
        `s3://payapi-truststore-${ACCOUNT_ID}-us-east-1-dev/truststore/client-ca.pem`,
      );
      const pem = run.one("aws:s3/bucketObjectv2:BucketObjectv2");
      assert.equal(pem.inputs.serverSideEncryption, "aws:kms");
      assert.match(pem.inputs.kmsKeyId, /payapi-s3-key-dev/);
      assert.match(pem.inputs.content, /BEGIN CERTIFICATE/);
      assert.doesNotMatch(pem.inputs.content, /PRIVATE KEY/);
      const mapping = run.one(`${PREFIX}basePathMapping:BasePathMapping`);
      assert.equal(mapping.inputs.stageName, "v1");
      assert.throws(() => readTruststore("package.json"), /no PEM certificate/);
    });

    it("validates bodies and parameters on every method", () => {
      const validator = run.one(`${PREFIX}requestValidator:RequestValidator`);
      assert.equal(validator.inputs.validateRequestBody, true);
      assert.equal(validator.inputs.validateRequestParameters, true);
      const methods = run.ofType(`${PREFIX}method:Method`);
      assert.equal(methods.length, 3);
      for (const m of methods) assert.equal(m.inputs.requestValidatorId, `${validator.name}-id`);
      const create = methods.find((m) => m.name === "payapi-api-create-payment-dev");
      assert.deepEqual(create?.inputs.requestParameters, { "method.request.header.Idempotency-Key": true });
      assert.deepEqual(create?.inputs.requestModels, { "application/json": "PaymentRequest" });
      const model = JSON.parse(
        run.one(`${PREFIX}model:Model`, (m) => m.inputs.name === "PaymentRequest").inputs.schema,
      );
      assert.equal(model.additionalProperties, false);
      assert.equal(
        model.properties.paymentMethodToken.pattern,
        "^tok_[A-Za-z0-9]{16,64}$",
        "no PAN accepted",
      );
    });

    it("routes to the Lambda functions through proxy integrations scoped by permission", () => {
      const integrations = run.ofType(`${PREFIX}integration:Integration`);
      assert.equal(integrations.length, 3);
      assert.ok(integrations.every((i) => i.inputs.type === "AWS_PROXY"));
      const permissions = run.ofType("aws:lambda/permission:Permission");
      assert.equal(permissions.length, 3);
      for (const p of permissions) {
        assert.equal(p.inputs.principal, "apigateway.amazonaws.com");
        assert.equal(p.inputs.sourceAccount, ACCOUNT_ID);
        assert.match(
          p.inputs.sourceArn,
          new RegExp(
            `^arn:aws:execute-api:us-east-1:${ACCOUNT_ID}:payapi-api-dev-id/\\*/(GET|POST)/payments`,
          ),
        );
      }
    });

    it("throttles the stage and writes encrypted JSON access logs; execution logs stay off", () => {
      const settings = run.one(`${PREFIX}methodSettings:MethodSettings`).inputs.settings;
      assert.deepEqual(
        [
          settings.throttlingRateLimit,
          settings.throttlingBurstLimit,
          settings.loggingLevel,
          settings.dataTraceEnabled,
        ],
        [100, 200, "OFF", false],
      );
      const stage = run.one(`${PREFIX}stage:Stage`);
      assert.equal(
        stage.inputs.accessLogSettings.destinationArn,
        `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:/aws/apigateway/payapi-api-access-dev`,
      );
      assert.ok(JSON.parse(stage.inputs.accessLogSettings.format).clientCertSerial);
      const account = run.one(`${PREFIX}account:Account`);
      assert.ok(account.inputs.cloudwatchRoleArn);
    });
  });

  describe("WAF", () => {
    it("attaches a regional web ACL with the AWS managed OWASP-class rule groups to the stage", () => {
      const acl = run.one("aws:wafv2/webAcl:WebAcl");
      assert.equal(acl.inputs.scope, "REGIONAL");
      const rules = acl.inputs.rules as Inputs[];
      const groups = rules
        .filter((r) => r.statement.managedRuleGroupStatement)
        .map((r) => r.statement.managedRuleGroupStatement.name);
      assert.deepEqual(groups, MANAGED_RULE_GROUPS);
      assert.ok(
        groups.includes("AWSManagedRulesCommonRuleSet") && groups.includes("AWSManagedRulesSQLiRuleSet"),
      );
      const association = run.one("aws:wafv2/webAclAssociation:WebAclAssociation");
      assert.match(association.inputs.resourceArn, /payapi-api-stage-dev/);
    });

    it("rate-limits per IP and blocks the configured countries", () => {
      const rules = run.one("aws:wafv2/webAcl:WebAcl").inputs.rules as Inputs[];
      const rate = rules.find((r) => r.name === "rate-limit-per-ip");
      assert.deepEqual(rate?.statement.rateBasedStatement, {
        limit: 1000,
        aggregateKeyType: "IP",
        evaluationWindowSec: 300,
      });
      assert.deepEqual(rate?.action, { block: {} });
      const geo = rules.find((r) => r.name === "geo-block");
      assert.deepEqual(geo?.statement.geoMatchStatement.countryCodes, ["KP", "IR", "SY", "CU"]);
      assert.equal(new Set(rules.map((r) => r.priority)).size, rules.length, "unique priorities");
    });

    it("logs WAF decisions to an encrypted aws-waf-logs- group", () => {
      const logging = run.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
      assert.deepEqual(logging.inputs.logDestinationConfigs, [
        `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:aws-waf-logs-payapi-api-dev`,
      ]);
    });
  });

  describe("serverless compute", () => {
    it("deploys both bundled handlers on nodejs20.x in the private subnets with encrypted environments", () => {
      const fns = run.ofType("aws:lambda/function:Function");
      assert.deepEqual(fns.map((f) => f.inputs.name).sort(), [
        "payapi-payment-documents-dev",
        "payapi-payments-dev",
      ]);
      for (const fn of fns) {
        assert.equal(fn.inputs.vpcConfig.subnetIds.length, 3);
        assert.equal(fn.inputs.memorySize, 512);
        assert.equal(fn.inputs.timeout, 15);
        assert.match(fn.inputs.kmsKeyArn, /payapi-functions-key-dev/);
        assert.equal(fn.inputs.environment.variables.REQUIRE_CLIENT_CERT, "true");
      }
      for (const entry of [PAYMENTS_HANDLER_ENTRY, DOCUMENTS_HANDLER_ENTRY]) {
        const code = bundleHandler(entry);
        assert.doesNotMatch(code, /@pulumi/);
      }
      assert.match(bundleHandler(DOCUMENTS_HANDLER_ENTRY), /require\("@aws-sdk\/client-s3"\)/);
    });

    it("gives each function least privilege plus explicit denies for destructive actions", () => {
      const [payments] = rolePolicy("ReadWriteTransactions");
      const rw = payments.doc.Statement.find((s) => s.Sid === "ReadWriteTransactions");
      assert.deepEqual(rw?.Action, ["dynamodb:GetItem", "dynamodb:PutItem"]);
      assert.equal(rw?.Resource, `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/payapi-transactions-dev`);
      const [documents] = rolePolicy("WritePaymentDocuments");
      assert.match(
        documents.doc.Statement.find((s) => s.Sid === "WritePaymentDocuments")?.Resource,
        /\/transactions\/\*$/,
      );
      const denies = rolePolicy("DenyDestructiveActions");
      assert.equal(denies.length, 3, "both functions and the operator role");
      for (const p of denies) {
        const deny = p.doc.Statement.find((s) => s.Sid === "DenyDestructiveActions");
        assert.equal(deny?.Effect, "Deny");
        assert.deepEqual(deny?.Action, DESTRUCTIVE_ACTIONS);
      }
    });

    it("requires MFA for the human operator role", () => {
      const role = run.one("aws:iam/role:Role", (r) => r.inputs.name === "payapi-payment-operator-role-dev");
      const trust = policyOf(role.inputs.assumeRolePolicy).Statement[0];
      assert.deepEqual(trust.Condition.Bool, { "aws:MultiFactorAuthPresent": "true" });
    });
  });

  describe("encrypted storage and database", () => {
    const bucket = (kind: string) => `payapi-${kind}-${ACCOUNT_ID}-us-east-1-dev`;
    const policyOfBucket = (kind: string) =>
      policyOf(
        run.one("aws:s3/bucketPolicy:BucketPolicy", (p) => p.name === `payapi-${kind}-dev-policy`).inputs
          .policy,
      );

    it("encrypts every bucket with the S3 CMK, versions it and blocks public access", () => {
      const sse = run.ofType(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      );
      for (const s of sse)
        assert.match(
          s.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
          /payapi-s3-key-dev$/,
        );
      const versioning = run.ofType("aws:s3/bucketVersioning:BucketVersioning");
      assert.equal(versioning.length, run.ofType("aws:s3/bucket:Bucket").length);
      assert.ok(versioning.every((v) => v.inputs.versioningConfiguration.status === "Enabled"));
      assert.ok(
        run.ofType("aws:s3/bucket:Bucket").some((b) => b.inputs.bucket === bucket("payment-documents")),
      );
    });

    it("restricts payment documents to the named roles, over TLS, with SSE-KMS and intelligent tiering", () => {
      const statements = policyOfBucket("payment-documents").Statement;
      const sids = statements.map((s) => s.Sid);
      assert.deepEqual(sids, [
        "DenyInsecureTransport",
        "DenyUploadsWithoutKms",
        "DenyUploadsOutsideIntelligentTiering",
        "DenyObjectAccessToAllButNamedRoles",
      ]);
      const named = statements.find((s) => s.Sid === "DenyObjectAccessToAllButNamedRoles");
      assert.deepEqual(named?.Condition.ArnNotEquals["aws:PrincipalArn"], [
        `arn:aws:iam::${ACCOUNT_ID}:role/payapi-payment-documents-role-dev`,
        `arn:aws:iam::${ACCOUNT_ID}:role/payapi-payment-operator-role-dev`,
      ]);
      const lifecycle = run.one(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        (l) => l.name === "payapi-payment-documents-dev-lifecycle",
      );
      assert.deepEqual(lifecycle.inputs.rules[0].transitions, [
        { days: 0, storageClass: "INTELLIGENT_TIERING" },
      ]);
      const tiering = run.one(
        "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration",
      );
      assert.deepEqual(
        tiering.inputs.tierings.map((t: Inputs) => t.accessTier),
        ["ARCHIVE_ACCESS", "DEEP_ARCHIVE_ACCESS"],
      );
    });

    it("creates the transactions table on demand with PITR, the DynamoDB CMK and a resource policy", () => {
      const table = run.one("aws:dynamodb/table:Table");
      assert.equal(table.inputs.name, "payapi-transactions-dev");
      assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST");
      assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
      assert.match(table.inputs.serverSideEncryption.kmsKeyArn, /payapi-dynamodb-key-dev/);
      assert.equal(table.inputs.deletionProtectionEnabled, false);
      const policy = policyOf(run.one("aws:dynamodb/resourcePolicy:ResourcePolicy").inputs.policy)
        .Statement[0];
      assert.equal(policy.Effect, "Deny");
      assert.equal(policy.Condition.ArnNotEquals["aws:PrincipalArn"].length, 3);
    });

    it("uses separate rotating CMKs for S3, logs, DynamoDB and function environments", () => {
      const aliases = run
        .ofType("aws:kms/alias:Alias")
        .map((a) => a.inputs.name)
        .sort();
      assert.deepEqual(aliases, [
        "alias/payapi-dynamodb-key-dev",
        "alias/payapi-functions-key-dev",
        "alias/payapi-logs-key-dev",
        "alias/payapi-s3-key-dev",
      ]);
      for (const key of run.ofType("aws:kms/key:Key")) assert.equal(key.inputs.rotationPeriodInDays, 365);
    });
  });

  describe("logging and monitoring", () => {
    it("encrypts every log group with the logs CMK and keeps it 90 days", () => {
      const groups = run.ofType("aws:cloudwatch/logGroup:LogGroup");
      assert.equal(groups.length, 5, "2 functions, API access, WAF, CloudTrail");
      for (const lg of groups) {
        assert.equal(lg.inputs.retentionInDays, 90);
        assert.match(lg.inputs.kmsKeyId, /payapi-logs-key-dev/);
      }
    });

    it("alarms on API errors, Lambda failures and throttles, WAF blocks and security events", () => {
      const alarms = run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
      const byMetric = (ns: string, metric: string) =>
        alarms.filter((a) => a.inputs.namespace === ns && a.inputs.metricName === metric);
      assert.equal(byMetric("AWS/ApiGateway", "5XXError").length, 1);
      assert.equal(byMetric("AWS/Lambda", "Errors").length, 2);
      assert.equal(byMetric("AWS/Lambda", "Throttles").length, 2);
      assert.equal(byMetric("AWS/WAFV2", "BlockedRequests").length, 1);
      const topic = run.one("aws:sns/topic:Topic");
      assert.match(topic.inputs.kmsMasterKeyId, /payapi-logs-key-dev/);
      for (const a of alarms)
        assert.deepEqual(a.inputs.alarmActions, [
          `arn:aws:sns:us-east-1:${ACCOUNT_ID}:topic/payapi-alarms-dev`,
        ]);
    });

    it("turns security events into metrics with log metric filters", () => {
      const filters = run
        .ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter")
        .map((f) => [f.inputs.logGroupName, f.inputs.pattern]);
      assert.ok(filters.some(([g, p]) => g === "/aws/lambda/payapi-payments-dev" && /pan_rejected/.test(p)));
      assert.ok(filters.some(([g, p]) => /api-access/.test(g) && /403/.test(p)));
      assert.ok(filters.some(([, p]) => /ScheduleKeyDeletion/.test(p)));
    });

    it("records KMS key use with a CloudTrail trail of all management events", () => {
      const trail = run.one("aws:cloudtrail/trail:Trail");
      assert.deepEqual(trail.inputs.eventSelectors, [
        { readWriteType: "All", includeManagementEvents: true },
      ]);
      assert.equal(trail.inputs.enableLogFileValidation, true);
      assert.match(trail.inputs.kmsKeyId, /payapi-s3-key-dev/);
      assert.equal(
        run.ofType("aws:securityhub/account:Account").length,
        0,
        "Security Hub is opt-in (account-level)",
      );
    });
  });

  describe("guardrails", () => {
    it("names every resource with the environment suffix", () => {
      // API Gateway model names are scoped to their API and alphanumeric only: judged by logical name.
      const models = run.ofType(`${PREFIX}model:Model`);
      assert.ok(models.every((m) => m.name.endsWith("-dev") && /^[A-Za-z0-9]+$/.test(m.inputs.name)));
      assertSuffixEverywhere({ ...run, resources: run.resources.filter((r) => !models.includes(r)) }, "dev");
    });
    it("gives every resource a unique logical name", () => assertUniqueNames(run));
    it("tags everything with Environment, DataClassification, ComplianceScope (+ Owner, CostCenter)", () =>
      assertTaggedProvider(run, {
        Environment: "dev",
        DataClassification: "Confidential",
        ComplianceScope: "PCI-DSS",
        Owner: "payments-platform-team",
        CostCenter: "CC-3003",
      }));
    it("encrypts with rotating CMKs and keeps everything destroyable", () =>
      assertEncryptionAndLifecycle(run));
    it("builds every policy document from known values, with least privilege", () =>
      assertLeastPrivilegeDocuments(run));
  });

  describe("stack outputs", () => {
    it("exports the API URL, DNS target and the main resource names", async () => {
      const o = run.result.outputs;
      assert.equal(o.apiUrl, "https://payments-dev.api.example.com");
      assert.equal(o.transactionsTableName, "payapi-transactions-dev");
      assert.equal(
        await valueOf(o.paymentDocumentsBucketName),
        `payapi-payment-documents-${ACCOUNT_ID}-us-east-1-dev`,
      );
      assert.deepEqual(Object.keys(o.vpcEndpointIds).sort(), ["dynamodb", "logs", "monitoring", "s3"]);
      assert.equal(o.trailName, "payapi-kms-audit-trail-dev");
    });
  });
});
