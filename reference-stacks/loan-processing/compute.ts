/**
 * Compute concern: an ECS Fargate cluster with Container Insights, the loan application service
 * (2-10 tasks in the private app tier, no public IP, behind the internal load balancer, rolled
 * back by the deployment circuit breaker), CPU (70%) and memory (80%) target tracking, and two
 * least-privilege roles: the execution role pulls this one ECR repository and writes this one log
 * group; the task role may only connect to the database as its IAM user.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LeastPrivilegeRole, resourceTags, type ScenarioContext, type SecureLogGroup } from "../components";
import type { EcrImage } from "./config";

/** The one action ECR offers without a resource type: the registry login token. */
export const ECR_LOGIN_ACTION = "ecr:GetAuthorizationToken";

export interface LoanComputeArgs {
  context: ScenarioContext;
  image: string;
  ecrImage: EcrImage;
  containerPort: number;
  taskCpu: number;
  taskMemory: number;
  minTasks: number;
  maxTasks: number;
  cpuTargetPercent: number;
  memoryTargetPercent: number;
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  targetGroupArn: pulumi.Input<string>;
  /** The listener must exist before the service registers targets. */
  listener: pulumi.Resource;
  logGroup: SecureLogGroup;
  databaseEndpoint: pulumi.Input<string>;
  databaseName: string;
  dbIamUser: string;
  /** The endpoints the tasks need to start (image pulls, logs). */
  endpoints: pulumi.Resource[];
}

export class LoanComputeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoanComputeError";
  }
}

/** Fargate: 2-10 tasks as the brief asks, min <= max, targets in percent. */
export function assertScaling(
  args: Pick<LoanComputeArgs, "minTasks" | "maxTasks" | "cpuTargetPercent" | "memoryTargetPercent">,
): void {
  if (!Number.isInteger(args.minTasks) || args.minTasks < 1 || args.maxTasks < args.minTasks) {
    throw new LoanComputeError(
      `Task count ${args.minTasks}-${args.maxTasks}: need whole numbers with 1 <= min <= max.`,
    );
  }
  for (const [what, value] of [
    ["cpuTargetPercent", args.cpuTargetPercent],
    ["memoryTargetPercent", args.memoryTargetPercent],
  ] as const) {
    if (!(value > 0 && value <= 100))
      throw new LoanComputeError(`${what} must be in (0, 100], got ${value}.`);
  }
}

export class LoanCompute extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly executionRole: LeastPrivilegeRole;
  readonly taskRole: LeastPrivilegeRole;
  readonly taskDefinition: aws.ecs.TaskDefinition;
  readonly service: aws.ecs.Service;
  readonly scalingTarget: aws.appautoscaling.Target;
  readonly scalingPolicies: aws.appautoscaling.Policy[];
  readonly clusterName: string;
  readonly serviceName: string;

  constructor(name: string, args: LoanComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:loan-processing:Compute", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    assertScaling(args);

    this.clusterName = ctx.name("cluster");
    this.cluster = new aws.ecs.Cluster(
      this.clusterName,
      {
        name: this.clusterName,
        settings: [{ name: "containerInsights", value: "enabled" }],
        tags: resourceTags(this.clusterName),
      },
      child,
    );

    const ecsTrust = {
      services: [ctx.servicePrincipal("ecs-tasks")],
      conditions: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: { "aws:SourceArn": ctx.arn("ecs", "*") },
      },
    };
    const repositoryArn = ctx.arn("ecr", `repository/${args.ecrImage.repository}`);
    this.executionRole = new LeastPrivilegeRole(
      ctx.name("task-execution-role"),
      {
        context: ctx,
        kind: "task-execution-role",
        description: "ECS agent for the loan application: pull its image, write its logs",
        trust: ecsTrust,
        statements: [
          { Sid: "EcrLogin", Effect: "Allow", Action: [ECR_LOGIN_ACTION], Resource: "*" },
          {
            Sid: "PullLoanImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: repositoryArn,
          },
          {
            Sid: "WriteContainerLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: args.logGroup.streamsArn,
          },
        ],
      },
      child,
    );
    // The cluster's resource id is unknown until it exists; IAM auth users are scoped by name.
    const dbUserArn = ctx.arn("rds-db", `dbuser:cluster-*/${args.dbIamUser}`);
    this.taskRole = new LeastPrivilegeRole(
      ctx.name("task-role"),
      {
        context: ctx,
        kind: "task-role",
        description: "Loan application: connect to Aurora as its IAM database user",
        trust: ecsTrust,
        statements: [
          { Sid: "ConnectAsLoanApp", Effect: "Allow", Action: ["rds-db:connect"], Resource: dbUserArn },
        ],
      },
      child,
    );

    const family = ctx.name("app");
    const containerDefinitions = pulumi
      .all([args.databaseEndpoint, args.logGroup.logGroup.name])
      .apply(([dbHost, logGroupName]) =>
        JSON.stringify([
          {
            name: "loan-app",
            image: args.image,
            essential: true,
            readonlyRootFilesystem: true,
            portMappings: [{ containerPort: args.containerPort, protocol: "tcp" }],
            environment: [
              { name: "PORT", value: String(args.containerPort) },
              { name: "TLS_ENABLED", value: "true" },
              { name: "DB_HOST", value: dbHost },
              { name: "DB_NAME", value: args.databaseName },
              { name: "DB_USER", value: args.dbIamUser },
              { name: "DB_AUTH", value: "iam" },
            ],
            logConfiguration: {
              logDriver: "awslogs",
              options: {
                "awslogs-group": logGroupName,
                "awslogs-region": ctx.region,
                "awslogs-stream-prefix": "app",
              },
            },
          },
        ]),
      );
    this.taskDefinition = new aws.ecs.TaskDefinition(
      family,
      {
        family,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(args.taskCpu),
        memory: String(args.taskMemory),
        executionRoleArn: this.executionRole.roleArn,
        taskRoleArn: this.taskRole.roleArn,
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        containerDefinitions,
        tags: resourceTags(family),
      },
      { parent: this, dependsOn: [this.executionRole, this.taskRole] },
    );

    this.serviceName = ctx.name("service");
    this.service = new aws.ecs.Service(
      this.serviceName,
      {
        name: this.serviceName,
        cluster: this.cluster.arn,
        taskDefinition: this.taskDefinition.arn,
        desiredCount: args.minTasks,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        networkConfiguration: {
          subnets: args.subnetIds,
          securityGroups: [args.securityGroupId],
          assignPublicIp: false,
        },
        loadBalancers: [
          {
            targetGroupArn: args.targetGroupArn,
            containerName: "loan-app",
            containerPort: args.containerPort,
          },
        ],
        healthCheckGracePeriodSeconds: 60,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        enableExecuteCommand: false,
        propagateTags: "SERVICE",
        tags: resourceTags(this.serviceName),
      },
      { parent: this, dependsOn: [args.listener, ...args.endpoints] },
    );

    const scalingName = ctx.name("scaling");
    this.scalingTarget = new aws.appautoscaling.Target(
      scalingName,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${this.clusterName}/${this.serviceName}`,
        minCapacity: args.minTasks,
        maxCapacity: args.maxTasks,
        tags: resourceTags(scalingName),
      },
      { parent: this, dependsOn: [this.service] },
    );
    const tracking = (kind: string, metric: string, target: number) => {
      const policyName = ctx.name(kind);
      return new aws.appautoscaling.Policy(
        policyName,
        {
          name: policyName,
          policyType: "TargetTrackingScaling",
          serviceNamespace: this.scalingTarget.serviceNamespace,
          scalableDimension: this.scalingTarget.scalableDimension,
          resourceId: this.scalingTarget.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: target,
            predefinedMetricSpecification: { predefinedMetricType: metric },
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
          },
        },
        child,
      );
    };
    this.scalingPolicies = [
      tracking("cpu-scaling", "ECSServiceAverageCPUUtilization", args.cpuTargetPercent),
      tracking("memory-scaling", "ECSServiceAverageMemoryUtilization", args.memoryTargetPercent),
    ];
    this.registerOutputs({ clusterArn: this.cluster.arn });
  }
}
