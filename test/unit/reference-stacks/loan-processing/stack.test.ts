/**
 * The loan-processing program under mocks, with the stack config of Pulumi.loan-processing.yaml:
 * the brief's requirements and the guardrails, asserted on the registered resources.
 */
import assert from "node:assert/strict";
import { createLoanProcessing, type LoanProcessing } from "../../../../reference-stacks/loan-processing";
import { ECR_LOGIN_ACTION, assertScaling } from "../../../../reference-stacks/loan-processing/compute";
import { parsePinnedImage } from "../../../../reference-stacks/loan-processing/config";
import { assertCapacity } from "../../../../reference-stacks/loan-processing/data";
import { ELB_LOG_ACCOUNTS, TLS_POLICY } from "../../../../reference-stacks/loan-processing/ingress";
import {
  assertFlowLogsOnEveryVpc,
  assertLeastPrivilegeDocuments,
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

const IMAGE =
  "111122223333.dkr.ecr.eu-west-2.amazonaws.com/loan-app@sha256:4a5c0f0e3f1d2b6c8e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e";

describe("loan-processing stack", function () {
  this.timeout(60000);
  let run: ProgramRun<LoanProcessing>;
  const config = stackConfig("loan-processing");
  const rolePolicy = (roleName: string) =>
    policyOf(run.one("aws:iam/rolePolicy:RolePolicy", (p) => p.name.startsWith(roleName)).inputs.policy);

  before(async () => {
    run = await runProgram(config, () => createLoanProcessing(), { stack: "loan-processing" });
  });

  describe("network: three private tiers over three AZs, no way in or out but AWS-managed entry points", () => {
    it("has the brief's nine subnets, three per tier, one per AZ of eu-west-2, none public", () => {
      const subnets = run.ofType("aws:ec2/subnet:Subnet");
      const byTier = (tier: string) =>
        subnets
          .filter((s) => s.inputs.tags.Tier === tier)
          .map((s) => s.inputs.cidrBlock)
          .sort();
      assert.deepEqual(byTier("ingress"), ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
      assert.deepEqual(byTier("app"), ["10.0.11.0/24", "10.0.12.0/24", "10.0.13.0/24"]);
      assert.deepEqual(byTier("data"), ["10.0.21.0/24", "10.0.22.0/24", "10.0.23.0/24"]);
      assert.deepEqual([...new Set(subnets.map((s) => s.inputs.availabilityZone))].sort(), [
        "eu-west-2a",
        "eu-west-2b",
        "eu-west-2c",
      ]);
      assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false));
    });

    it("has no internet gateway, NAT, EIP or route besides local", () => {
      for (const type of [
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/eip:Eip",
        "aws:ec2/route:Route",
      ]) {
        assert.equal(run.ofType(type).length, 0, type);
      }
      for (const rt of run.ofType("aws:ec2/routeTable:RouteTable"))
        assert.deepEqual(asArray(rt.inputs.routes), []);
    });

    it("pulls images and writes logs through VPC endpoints (ECR API, ECR Docker, CloudWatch Logs, S3 layers)", () => {
      const endpoints = Object.fromEntries(
        run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => [e.inputs.serviceName, e.inputs]),
      );
      for (const service of ["ecr.api", "ecr.dkr", "logs"]) {
        const endpoint = endpoints[`com.amazonaws.eu-west-2.${service}`];
        assert.equal(endpoint.vpcEndpointType, "Interface", service);
        assert.equal(endpoint.privateDnsEnabled, true, service);
        assert.equal(asArray(endpoint.subnetIds).length, 3, `${service}: one subnet per AZ`);
      }
      const s3 = endpoints["com.amazonaws.eu-west-2.s3"];
      assert.equal(s3.vpcEndpointType, "Gateway");
      const statement = policyOf(s3.policy).Statement[0];
      assert.deepEqual(statement.Action, ["s3:GetObject"]);
      assert.deepEqual(statement.Resource, ["arn:aws:s3:::prod-eu-west-2-starport-layer-bucket/*"]);
      assert.equal(statement.Condition.StringEquals["aws:PrincipalAccount"], ACCOUNT_ID);
    });

    it("chains the tiers with security-group references: link -> ALB 443 -> tasks 8080 -> Aurora 3306", () => {
      const rules = [
        ...run.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
        ...run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
      ];
      const rule = (name: string) => rules.find((r) => r.name === `loan-${name}-dev`)!.inputs;
      assert.equal(rule("alb-from-vpc-link").fromPort, 443);
      assert.equal(rule("alb-from-vpc-link").referencedSecurityGroupId, "loan-vpc-link-sg-dev-id");
      assert.equal(rule("tasks-from-alb").fromPort, 8080);
      assert.equal(rule("tasks-from-alb").referencedSecurityGroupId, "loan-alb-sg-dev-id");
      assert.equal(rule("db-from-tasks").fromPort, 3306);
      assert.equal(rule("db-from-tasks").referencedSecurityGroupId, "loan-task-sg-dev-id");
      for (const r of rules)
        assert.ok(r.inputs.cidrIpv4 !== "0.0.0.0/0", `${r.name} is not open to the internet`);
    });

    it("logs all VPC traffic", () => assertFlowLogsOnEveryVpc(run));
  });

  describe("ingress: HTTPS end to end without a public load balancer", () => {
    it("fronts the app with an HTTP API whose VPC link reaches the internal ALB's HTTPS listener", () => {
      const api = run.one("aws:apigatewayv2/api:Api");
      assert.equal(api.inputs.protocolType, "HTTP");
      const integration = run.one("aws:apigatewayv2/integration:Integration").inputs;
      assert.equal(integration.connectionType, "VPC_LINK");
      assert.equal(integration.integrationType, "HTTP_PROXY");
      assert.equal(integration.tlsConfig.serverNameToVerify, "loans-internal.dev.example.com");
      assert.deepEqual(
        run
          .ofType("aws:apigatewayv2/route:Route")
          .map((r) => r.inputs.routeKey)
          .sort(),
        ["ANY /", "ANY /{proxy+}"],
      );
    });

    it("throttles the stage and writes its access log to an encrypted log group", () => {
      const stage = run.one("aws:apigatewayv2/stage:Stage").inputs;
      assert.equal(stage.defaultRouteSettings.throttlingRateLimit, 50);
      assert.equal(stage.defaultRouteSettings.throttlingBurstLimit, 100);
      assert.match(
        stage.accessLogSettings.destinationArn,
        /log-group:\/aws\/apigateway\/loan-api-dev\/access$/,
      );
      assert.equal(JSON.parse(stage.accessLogSettings.format).status, "$context.status");
    });

    it("keeps the load balancer internal, HTTPS-only with TLS 1.2+, forwarding HTTPS to the tasks", () => {
      const alb = run.one("aws:lb/loadBalancer:LoadBalancer").inputs;
      assert.equal(alb.internal, true);
      assert.equal(alb.dropInvalidHeaderFields, true);
      assert.equal(alb.enableDeletionProtection, false);
      const listeners = run.ofType("aws:lb/listener:Listener");
      assert.equal(listeners.length, 1, "no HTTP listener");
      assert.equal(listeners[0].inputs.protocol, "HTTPS");
      assert.equal(listeners[0].inputs.sslPolicy, TLS_POLICY);
      assert.match(listeners[0].inputs.certificateArn, /^arn:aws:acm:eu-west-2:/);
      const tg = run.one("aws:lb/targetGroup:TargetGroup").inputs;
      assert.equal(tg.protocol, "HTTPS");
      assert.equal(tg.port, 8080);
      assert.equal(tg.targetType, "ip");
      assert.equal(tg.healthCheck.path, "/health");
    });

    it("writes ALB access logs to a private bucket: Glacier after 90 days, expired after 365", async () => {
      const alb = run.one("aws:lb/loadBalancer:LoadBalancer").inputs;
      assert.equal(alb.accessLogs.enabled, true);
      assert.equal(alb.accessLogs.prefix, "alb");
      assert.equal(bucketExpirationDays(run, "loan-alb-logs-dev"), 365);
      const lifecycle = run.one(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        (r) => r.inputs.bucket === "loan-alb-logs-dev-id",
      ).inputs;
      assert.deepEqual(lifecycle.rules[0].transitions, [{ days: 90, storageClass: "GLACIER" }]);
      const policy = policyOf(
        run.one("aws:s3/bucketPolicy:BucketPolicy", (r) => r.inputs.bucket === "loan-alb-logs-dev-id").inputs
          .policy,
      );
      const delivery = policy.Statement.find((s: Inputs) => s.Sid === "ElbAccessLogDelivery")!;
      assert.equal(delivery.Principal.AWS, `arn:aws:iam::${ELB_LOG_ACCOUNTS["eu-west-2"]}:root`);
      assert.equal(
        delivery.Resource,
        `arn:aws:s3:::${await valueOf(run.result.outputs.albLogBucketName)}/alb/AWSLogs/${ACCOUNT_ID}/*`,
      );
    });

    it("encrypts every bucket with a CMK except the ALB log bucket, which ELB only allows SSE-S3 for", () => {
      for (const sse of run.ofType(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      )) {
        const rule = sse.inputs.rules[0].applyServerSideEncryptionByDefault;
        if (sse.name === "loan-alb-logs-dev-encryption") assert.deepEqual(rule, { sseAlgorithm: "AES256" });
        else assert.equal(rule.sseAlgorithm, "aws:kms", sse.name);
      }
    });
  });

  describe("compute: Fargate 2-10 tasks with CPU and memory target tracking", () => {
    it("turns on Container Insights", () => {
      assert.deepEqual(run.one("aws:ecs/cluster:Cluster").inputs.settings, [
        { name: "containerInsights", value: "enabled" },
      ]);
    });

    it("runs the digest-pinned image in the private app tier, no public IP, read-only root", () => {
      const service = run.one("aws:ecs/service:Service").inputs;
      assert.equal(service.launchType, "FARGATE");
      assert.equal(service.desiredCount, 2);
      assert.equal(service.networkConfiguration.assignPublicIp, false);
      assert.equal(asArray(service.networkConfiguration.subnets).length, 3);
      assert.deepEqual(service.deploymentCircuitBreaker, { enable: true, rollback: true });
      const task = run.one("aws:ecs/taskDefinition:TaskDefinition").inputs;
      const [container] = JSON.parse(task.containerDefinitions);
      assert.equal(container.image, IMAGE);
      assert.equal(container.readonlyRootFilesystem, true);
      assert.deepEqual(container.portMappings, [{ containerPort: 8080, protocol: "tcp" }]);
      assert.equal(container.logConfiguration.options["awslogs-group"], "/ecs/loan-app-dev");
    });

    it("scales 2-10 tasks on CPU 70% and memory 80%", () => {
      const target = run.one("aws:appautoscaling/target:Target").inputs;
      assert.equal(target.minCapacity, 2);
      assert.equal(target.maxCapacity, 10);
      const policies = Object.fromEntries(
        run
          .ofType("aws:appautoscaling/policy:Policy")
          .map((p) => [
            p.inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification
              .predefinedMetricType,
            p.inputs.targetTrackingScalingPolicyConfiguration.targetValue,
          ]),
      );
      assert.deepEqual(policies, {
        ECSServiceAverageCPUUtilization: 70,
        ECSServiceAverageMemoryUtilization: 80,
      });
    });

    it("gives the execution role its repository and log group only, the task role one database user", () => {
      const execution = rolePolicy("loan-task-execution-role-dev").Statement;
      const wildcard = execution.filter((s: Inputs) => asArray(s.Resource).includes("*"));
      assert.deepEqual(
        wildcard.flatMap((s: Inputs) => s.Action),
        [ECR_LOGIN_ACTION],
      );
      const pull = execution.find((s: Inputs) => s.Sid === "PullLoanImage")!;
      assert.equal(pull.Resource, `arn:aws:ecr:eu-west-2:${ACCOUNT_ID}:repository/loan-app`);
      const logs = execution.find((s: Inputs) => s.Sid === "WriteContainerLogs")!;
      assert.match(logs.Resource, /log-group:\/ecs\/loan-app-dev:\*$/);
      const task = rolePolicy("loan-task-role-dev").Statement;
      assert.deepEqual(
        task.map((s: Inputs) => s.Action),
        [["rds-db:connect"]],
      );
      assert.equal(task[0].Resource, `arn:aws:rds-db:eu-west-2:${ACCOUNT_ID}:dbuser:cluster-*/loan_app`);
      assertLeastPrivilegeDocuments(run);
    });
  });

  describe("data: Aurora MySQL Serverless v2", () => {
    it("scales 0.5-4 ACU with CMK storage, IAM auth, 7-day backups, and stays destroyable", () => {
      const cluster = run.one("aws:rds/cluster:Cluster").inputs;
      assert.equal(cluster.engine, "aurora-mysql");
      assert.deepEqual(cluster.serverlessv2ScalingConfiguration, { minCapacity: 0.5, maxCapacity: 4 });
      assert.equal(cluster.storageEncrypted, true);
      assert.match(cluster.kmsKeyId, /:key\//);
      assert.match(cluster.masterUserSecretKmsKeyId, /:key\//);
      assert.equal(cluster.iamDatabaseAuthenticationEnabled, true);
      assert.equal(cluster.backupRetentionPeriod, 7);
      assert.equal(cluster.deletionProtection, false);
      assert.equal(cluster.skipFinalSnapshot, true);
      assert.deepEqual(cluster.enabledCloudwatchLogsExports, ["audit", "error", "slowquery"]);
    });

    it("runs a writer and a reader in different AZs, neither public", () => {
      const instances = run.ofType("aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs);
      assert.equal(instances.length, 2);
      assert.equal(new Set(instances.map((i) => i.availabilityZone)).size, 2);
      assert.ok(
        instances.every((i) => i.instanceClass === "db.serverless" && i.publiclyAccessible === false),
      );
    });

    it("requires TLS and logs audit events through the cluster parameter group", () => {
      const params = Object.fromEntries(
        run
          .one("aws:rds/clusterParameterGroup:ClusterParameterGroup")
          .inputs.parameters.map((p: Inputs) => [p.name, p.value]),
      );
      assert.equal(params.require_secure_transport, "ON");
      assert.equal(params.server_audit_logging, "1");
    });
  });

  describe("logs, keys, tags and names", () => {
    it("keeps every log group 365 days, encrypted with the logs key, the RDS exports among them", () => {
      const groups = run.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs);
      assert.deepEqual(groups.map((g) => g.name).sort(), [
        "/aws/apigateway/loan-api-dev/access",
        "/aws/rds/cluster/loan-db-dev/audit",
        "/aws/rds/cluster/loan-db-dev/error",
        "/aws/rds/cluster/loan-db-dev/slowquery",
        "/ecs/loan-app-dev",
      ]);
      for (const g of groups) {
        assert.equal(g.retentionInDays, 365, g.name);
        assert.match(g.kmsKeyId, /:key\//, g.name);
      }
    });

    it("rotates both keys with a 30-day deletion window", () => {
      const keys = run.ofType("aws:kms/key:Key");
      assert.equal(keys.length, 2);
      for (const key of keys) {
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
      }
    });

    it("tags everything through the provider and carries the suffix in every name", () => {
      assertTaggedProvider(run, {
        Environment: "dev",
        Owner: "lending-platform-team",
        CostCenter: "fintech-infrastructure",
        DataClassification: "Confidential",
        ComplianceLevel: "high",
      });
      assertSuffixEverywhere(run, "dev");
      assertUniqueNames(run);
    });

    it("exports the brief's outputs", async () => {
      const out = run.result.outputs;
      assert.equal(await valueOf(out.vpcId), "loan-vpc-dev-id");
      assert.ok(await valueOf(out.clusterArn));
      assert.ok(out.albDnsName && out.databaseEndpoint && out.apiEndpoint);
      assert.equal(out.clusterName, "loan-cluster-dev");
    });
  });
});

describe("loan-processing config and sizing guards", () => {
  it("accepts only ECR images pinned by digest, and says why", () => {
    assert.deepEqual(parsePinnedImage(IMAGE), {
      accountId: "111122223333",
      region: "eu-west-2",
      repository: "loan-app",
    });
    assert.throws(() => parsePinnedImage("nginx:latest"), /pinned by digest.*a tag is not a pin/);
    assert.throws(() => parsePinnedImage(IMAGE.replace(/@sha256:.*/, ":v1.2")), /a tag is not a pin/);
    assert.throws(() => parsePinnedImage(IMAGE.slice(0, -1)), /64 hex digits/);
  });

  it("rejects task counts and targets outside what the brief allows", () => {
    const ok = { minTasks: 2, maxTasks: 10, cpuTargetPercent: 70, memoryTargetPercent: 80 };
    assert.doesNotThrow(() => assertScaling(ok));
    assert.throws(() => assertScaling({ ...ok, minTasks: 11 }), /1 <= min <= max/);
    assert.throws(() => assertScaling({ ...ok, minTasks: 0 }), /1 <= min <= max/);
    assert.throws(() => assertScaling({ ...ok, memoryTargetPercent: 120 }), /memoryTargetPercent/);
  });

  it("rejects Aurora capacities that are not half-ACU steps between 0.5 and 256", () => {
    assert.doesNotThrow(() => assertCapacity(0.5, 4));
    assert.throws(() => assertCapacity(0.25, 4), /0.5-256 in steps of 0.5/);
    assert.throws(() => assertCapacity(4, 2), /min <= max/);
    assert.throws(() => assertCapacity(0.5, 4.2), /steps of 0.5/);
  });
});
