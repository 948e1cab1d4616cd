/**
 * The zero-trust-payments program under mocks, with the stack config of
 * Pulumi.zero-trust-payments.yaml: the brief's requirements and the guardrails, asserted on the
 * registered resources.
 */
import assert from "node:assert/strict";
import {
  createZeroTrustPayments,
  type ZeroTrustPayments,
} from "../../../../reference-stacks/zero-trust-payments";
import { privateNaclRules } from "../../../../reference-stacks/components";
import { HTTPS_PORT, POSTGRES_PORT } from "../../../../reference-stacks/zero-trust-payments/networking";
import {
  allPolicies,
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

const SESSION_TAGS = ["Environment", "DataClassification", "CostCenter"];

describe("zero-trust-payments stack", function () {
  this.timeout(60000);
  let run: ProgramRun<ZeroTrustPayments>;

  before(async () => {
    run = await runProgram(stackConfig("zero-trust-payments"), () => createZeroTrustPayments(), {
      stack: "zero-trust-payments",
    });
  });

  const rolePolicy = (roleName: string): Inputs[] =>
    policyOf(
      run.one("aws:iam/rolePolicy:RolePolicy", (p) => p.inputs.name === `${roleName}-policy`).inputs.policy,
    ).Statement;
  const trustPolicy = (roleName: string): Inputs[] =>
    policyOf(run.one("aws:iam/role:Role", (r) => r.inputs.name === roleName).inputs.assumeRolePolicy)
      .Statement;

  describe("isolated network", () => {
    it("creates a 10.0.0.0/16 VPC with private subnets in three us-east-1 AZs", () => {
      assert.equal(run.one("aws:ec2/vpc:Vpc").inputs.cidrBlock, "10.0.0.0/16");
      const subnets = run.ofType("aws:ec2/subnet:Subnet");
      assert.equal(subnets.length, 3);
      assert.deepEqual(subnets.map((s) => s.inputs.availabilityZone).sort(), [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
      ]);
    });

    it("has no internet gateway, NAT, public IP or public subnet", () => assertNoInternetPath(run));

    it("attaches a NACL with numbered rules to every subnet, ending in an explicit deny", () => {
      const nacl = run.one("aws:ec2/networkAcl:NetworkAcl");
      assert.equal(nacl.inputs.subnetIds.length, 3);
      for (const direction of ["ingress", "egress"]) {
        const rules: Inputs[] = nacl.inputs[direction];
        const numbers = rules.map((r) => r.ruleNo);
        assert.deepEqual(
          numbers,
          [...numbers].sort((a, b) => a - b),
          `${direction} rules are ordered`,
        );
        assert.equal(new Set(numbers).size, numbers.length, `${direction} rule numbers are unique`);
        const last = rules[rules.length - 1];
        assert.deepEqual(
          [last.ruleNo, last.action, last.protocol, last.cidrBlock],
          [32000, "deny", "-1", "0.0.0.0/0"],
        );
        for (const rule of rules.filter((r) => r.action === "allow")) {
          assert.notEqual(rule.cidrBlock, "0.0.0.0/0", `${direction} ${rule.ruleNo} allows the internet`);
          assert.equal(rule.protocol, "tcp");
        }
      }
      const ingress: Inputs[] = nacl.inputs.ingress;
      assert.ok(ingress.some((r) => r.cidrBlock === "10.0.0.0/16" && r.fromPort === 443 && r.toPort === 443));
      assert.ok(ingress.some((r) => r.cidrBlock === "10.0.0.0/16" && r.fromPort === 5432));
      assert.ok(
        ingress.some((r) => r.cidrBlock === "52.216.0.0/15" && r.fromPort === 1024),
        "S3 return traffic",
      );
    });

    it("numbers gateway return rules from 200 and never allows the internet (pure rule builder)", () => {
      const rules = privateNaclRules(
        "10.1.0.0/16",
        [HTTPS_PORT, POSTGRES_PORT],
        ["1.2.3.0/24", "1.2.3.0/24", "5.6.0.0/16"],
      );
      assert.deepEqual(
        rules.ingress.map((r) => r.ruleNo),
        [100, 110, 120, 200, 201, 32000],
      );
      assert.throws(() => privateNaclRules("10.1.0.0/16", [443, 5432, 3306], []), /At most 2 VPC ports/);
      assert.deepEqual(
        rules.egress.filter((r) => r.ruleNo >= 200 && r.ruleNo < 32000).map((r) => [r.cidrBlock, r.fromPort]),
        [
          ["1.2.3.0/24", 443],
          ["5.6.0.0/16", 443],
        ],
      );
    });

    it("reaches S3 and DynamoDB through gateway endpoints and Secrets Manager through PrivateLink", () => {
      const endpoints = run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
      const find = (svc: string) =>
        endpoints.find((e) => e.inputs.serviceName === `com.amazonaws.us-east-1.${svc}`);
      for (const svc of ["s3", "dynamodb"]) {
        assert.equal(find(svc)?.inputs.vpcEndpointType, "Gateway", svc);
        assert.equal(find(svc)?.inputs.routeTableIds.length, 3);
      }
      const sm = find("secretsmanager");
      assert.equal(sm?.inputs.vpcEndpointType, "Interface");
      assert.equal(sm?.inputs.privateDnsEnabled, true);
      for (const svc of ["ssm", "ssmmessages", "ec2messages", "logs", "kms"]) assert.ok(find(svc), svc);
    });

    it("restricts endpoint policies to principals of this account", () => {
      for (const svc of ["s3", "dynamodb", "secretsmanager"]) {
        const e = run.one(
          "aws:ec2/vpcEndpoint:VpcEndpoint",
          (x) => x.inputs.serviceName === `com.amazonaws.us-east-1.${svc}`,
        );
        for (const s of policyOf(e.inputs.policy).Statement) {
          assert.equal(s.Condition.StringEquals["aws:PrincipalAccount"], ACCOUNT_ID, `${svc} ${s.Sid}`);
        }
      }
    });

    it("allows HTTPS only on the interface endpoints and explicit egress on workloads", () => {
      const endpointSg = run.one(
        "aws:ec2/securityGroup:SecurityGroup",
        (s) => s.name === "ztp-endpoint-sg-dev",
      );
      assert.deepEqual(
        endpointSg.inputs.ingress.map((r: Inputs) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]),
        [["tcp", 443, 443, ["10.0.0.0/16"]]],
      );
      const workload = run.one(
        "aws:ec2/securityGroup:SecurityGroup",
        (s) => s.name === "ztp-workload-sg-dev",
      );
      assert.deepEqual(workload.inputs.ingress, []);
      assert.deepEqual(
        [...new Set(workload.inputs.egress.map((r: Inputs) => r.fromPort))].sort(),
        [443, 5432],
      );
      const dbRules = run.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
      assert.equal(dbRules.length, 2);
      for (const r of dbRules) {
        assert.equal(r.inputs.fromPort, 5432);
        assert.ok(r.inputs.referencedSecurityGroupId, "5432 only from named security groups");
        assert.equal(r.inputs.cidrIpv4, undefined);
      }
    });

    it("logs ALL traffic to an S3 bucket encrypted with the flow-log key, kept 90 days", () => {
      assertFlowLogsOnEveryVpc(run);
      assert.equal(bucketExpirationDays(run, "ztp-flowlogs-dev"), 90);
      const sse = run.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        (s) => s.inputs.bucket === "ztp-flowlogs-dev-id",
      );
      assert.match(
        sse.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
        /ztp-flowlogs-key-dev$/,
      );
    });
  });

  describe("encryption and key management", () => {
    it("creates separate rotating CMKs for flow logs, secrets, S3, logs and data", () => {
      const keys = run
        .ofType("aws:kms/key:Key")
        .map((k) => k.name)
        .sort();
      assert.deepEqual(keys, [
        "ztp-data-key-dev",
        "ztp-flowlogs-key-dev",
        "ztp-logs-key-dev",
        "ztp-s3-key-dev",
        "ztp-secrets-key-dev",
      ]);
      for (const key of run.ofType("aws:kms/key:Key")) {
        assert.equal(key.inputs.enableKeyRotation, true);
        const statements = policyOf(key.inputs.policy).Statement;
        const root = statements.filter((s) => asArray(s.Action).includes("kms:*"));
        assert.equal(root.length, 1);
        assert.equal(root[0].Principal.AWS, `arn:aws:iam::${ACCOUNT_ID}:root`);
        for (const s of statements.filter((x) => x.Principal.Service))
          assert.ok(s.Condition, `${key.name} ${s.Sid}`);
      }
    });

    it("encrypts the secret, buckets, table, instance volume, topic and log groups with CMKs", () => {
      assertEncryptionAndLifecycle(run);
      assert.match(run.one("aws:secretsmanager/secret:Secret").inputs.kmsKeyId, /ztp-secrets-key-dev$/);
      assert.match(run.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId, /ztp-logs-key-dev$/);
      const instance = run.one("aws:ec2/instance:Instance");
      assert.equal(instance.inputs.rootBlockDevice.encrypted, true);
      assert.match(instance.inputs.rootBlockDevice.kmsKeyId, /ztp-data-key-dev$/);
    });
  });

  describe("ABAC with session tags", () => {
    for (const role of ["ztp-payments-data-access-role-dev", "ztp-session-operator-role-dev"]) {
      it(`${role} can only be assumed with the three session tags`, () => {
        const [trust] = trustPolicy(role);
        assert.deepEqual(trust.Action, ["sts:AssumeRole", "sts:TagSession"]);
        assert.equal(trust.Principal.AWS, `arn:aws:iam::${ACCOUNT_ID}:root`);
        for (const tag of SESSION_TAGS) assert.equal(trust.Condition.Null[`aws:RequestTag/${tag}`], "false");
        assert.deepEqual(trust.Condition["ForAllValues:StringEquals"]["aws:TagKeys"], SESSION_TAGS);
        assert.equal(trust.Condition.StringEquals["aws:RequestTag/Environment"], "dev");
      });
    }

    it("compares session tags with resource tags for S3, DynamoDB and Secrets Manager", () => {
      const statements = rolePolicy("ztp-payments-data-access-role-dev");
      const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
      assert.equal(
        bySid.ReadObjectsOfOwnClassification.Condition.StringEquals[
          "s3:ExistingObjectTag/DataClassification"
        ],
        "${aws:PrincipalTag/DataClassification}",
      );
      assert.equal(
        bySid.WriteObjectsTaggedWithOwnClassification.Condition.StringEquals[
          "s3:RequestObjectTag/DataClassification"
        ],
        "${aws:PrincipalTag/DataClassification}",
      );
      for (const sid of ["TablesWithMatchingTags", "SecretsWithMatchingTags"]) {
        for (const tag of SESSION_TAGS) {
          assert.equal(
            bySid[sid].Condition.StringEquals[`aws:ResourceTag/${tag}`],
            `\${aws:PrincipalTag/${tag}}`,
          );
        }
      }
      assert.ok(asArray<string>(bySid.TablesWithMatchingTags.Action).every((a) => a.startsWith("dynamodb:")));
    });

    it("tags the protected resources so the ABAC conditions can match", () => {
      assert.equal(run.one("aws:dynamodb/table:Table").inputs.tags.DataClassification, "Restricted");
      assert.equal(run.one("aws:secretsmanager/secret:Secret").inputs.tags.DataClassification, "Restricted");
      assert.equal(run.one("aws:ec2/instance:Instance").inputs.tags.DataClassification, "Restricted");
    });
  });

  describe("secrets management with rotation", () => {
    it("rotates the database secret every 30 days with the rotation function", () => {
      const rotation = run.one("aws:secretsmanager/secretRotation:SecretRotation");
      assert.equal(rotation.inputs.rotationRules.automaticallyAfterDays, 30);
      const fn = run.one("aws:lambda/function:Function");
      assert.match(rotation.inputs.rotationLambdaArn, new RegExp(`${fn.inputs.name}$`));
      assert.equal(fn.inputs.runtime, "nodejs20.x");
      assert.equal(fn.inputs.environment.variables.DATABASE_MODE, "none");
      const permission = run.one("aws:lambda/permission:Permission");
      assert.equal(permission.inputs.principal, "secretsmanager.amazonaws.com");
    });

    it("scopes the rotation function to its own secret", () => {
      const statements = rolePolicy("ztp-db-secret-rotation-role-dev");
      const rotate = statements.find((s) => s.Sid === "RotateDatabaseSecret");
      assert.equal(
        rotate?.Resource,
        `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:ztp-db-credentials-dev-??????`,
      );
    });
  });

  describe("audit logging and monitoring", () => {
    it("alarms on failed authentication from CloudTrail and the application logs", () => {
      const filters = run.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
      assert.ok(
        filters.some(
          (f) => /ConsoleLogin/.test(f.inputs.pattern) && /Failed authentication/.test(f.inputs.pattern),
        ),
      );
      assert.ok(filters.some((f) => /AccessDenied/.test(f.inputs.pattern)));
      assert.ok(filters.some((f) => /"authentication"/.test(f.inputs.pattern)));
      const alarms = run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.equal(alarms.length, filters.length);
      for (const alarm of alarms) {
        assert.equal(alarm.inputs.alarmActions.length, 1);
        assert.ok(filters.some((f) => f.inputs.metricTransformation.name === alarm.inputs.metricName));
      }
    });

    it("feeds a CloudTrail trail with log-file validation into an encrypted log group", () => {
      const trail = run.one("aws:cloudtrail/trail:Trail");
      assert.equal(trail.inputs.enableLogFileValidation, true);
      assert.match(trail.inputs.cloudWatchLogsGroupArn, /\/ztp-logs-dev\/cloudtrail:\*$/);
      assert.match(trail.inputs.kmsKeyId, /ztp-s3-key-dev$/);
    });
  });

  describe("Session Manager access", () => {
    it("logs sessions to CloudWatch and S3, encrypted", () => {
      const doc = run.one("aws:ssm/document:Document");
      assert.equal(doc.inputs.documentType, "Session");
      const inputs = JSON.parse(doc.inputs.content).inputs;
      assert.equal(inputs.s3BucketName, `ztp-audit-${ACCOUNT_ID}-us-east-1-dev`);
      assert.equal(inputs.cloudWatchLogGroupName, "/ztp-logs-dev/session-manager");
      assert.equal(inputs.s3EncryptionEnabled, true);
      assert.equal(inputs.cloudWatchEncryptionEnabled, true);
      assert.match(inputs.kmsKeyId, /:key\//);
    });

    it("launches the workload without SSH key, public IP or IMDSv1", () => {
      const instance = run.one("aws:ec2/instance:Instance");
      assert.equal(instance.inputs.keyName, undefined);
      assert.equal(instance.inputs.associatePublicIpAddress, false);
      assert.equal(instance.inputs.metadataOptions.httpTokens, "required");
      assert.equal(run.ofType("aws:ec2/keyPair:KeyPair").length, 0);
    });

    it("lets operators start sessions only on matching instances through the logged document", () => {
      const statements = rolePolicy("ztp-session-operator-role-dev");
      const start = statements.find((s) => s.Sid === "StartSessionsOnMatchingInstances");
      for (const tag of SESSION_TAGS) {
        assert.equal(start?.Condition.StringEquals[`ssm:resourceTag/${tag}`], `\${aws:PrincipalTag/${tag}}`);
      }
      assert.equal(start?.Condition.BoolIfExists["ssm:SessionDocumentAccessCheck"], "true");
      const [trust] = trustPolicy("ztp-session-operator-role-dev");
      assert.equal(trust.Condition.Bool["aws:MultiFactorAuthPresent"], "true");
    });

    it("gives the instance Session Manager permissions without AmazonSSMManagedInstanceCore", () => {
      assert.equal(run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
      const statements = rolePolicy("ztp-workload-instance-role-dev");
      assert.ok(statements.some((s) => asArray(s.Action).includes("ssmmessages:OpenDataChannel")));
      assert.ok(
        !statements.some((s) => asArray(s.Action).some((a: string) => a.startsWith("ssm:GetParameter"))),
      );
    });
  });

  describe("guardrails", () => {
    it("names every resource with the environment suffix", () => assertSuffixEverywhere(run, "dev"));

    it("gives every resource a unique logical name", () => assertUniqueNames(run));

    it("tags everything through the provider's defaultTags", () =>
      assertTaggedProvider(run, {
        Environment: "dev",
        Owner: "payments-security-team",
        CostCenter: "CC-2002",
        DataClassification: "Confidential",
      }));

    it("builds every policy document from known values, with least privilege", () => {
      assert.ok(allPolicies(run).length >= 20);
      assertLeastPrivilegeDocuments(run);
    });
  });

  describe("stack outputs", () => {
    it("exports the network, keys, secret, roles and monitoring handles", async () => {
      const o = run.result.outputs;
      assert.equal(await valueOf(o.vpcId), "ztp-vpc-dev-id");
      assert.equal((await valueOf(o.privateSubnetIds)).length, 3);
      assert.deepEqual(Object.keys(o.vpcEndpointIds).sort(), [
        "dynamodb",
        "ec2messages",
        "kms",
        "logs",
        "s3",
        "secretsmanager",
        "ssm",
        "ssmmessages",
      ]);
      assert.equal(Object.keys(o.kmsKeyArns).length, 5);
      assert.ok(await valueOf(o.dbSecretArn));
      assert.equal(o.secretRotationDays, 30);
      assert.ok(await valueOf(o.workloadInstanceId!));
      assert.equal(o.securityAlarmNames.length, 3);
    });
  });
});
