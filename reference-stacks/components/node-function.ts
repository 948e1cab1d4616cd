/**
 * A Node.js Lambda function bundled from its TypeScript source with esbuild, running in private
 * subnets behind its own security group, with environment variables encrypted by a CMK, an
 * explicitly created log group (CMK, retention) and a least-privilege execution role.
 *
 * Bundling happens when the program runs (`buildSync`, platform node, target node20, CommonJS,
 * `@aws-sdk/*` external because the nodejs20.x runtime ships SDK v3), so what is deployed is
 * exactly what the unit tests exercised.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";
import type { ScenarioContext } from "./context";
import type { PolicyStatement } from "./iam";
import type { KmsKey } from "./kms-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import { SecureLogGroup } from "./log-group";
import { resourceTags } from "./tagging";

export const LAMBDA_RUNTIME = "nodejs20.x";

const bundleCache = new Map<string, string>();

/** Bundles a TypeScript handler into one CommonJS file (cached per entry path). */
export function bundleHandler(entry: string): string {
  const cached = bundleCache.get(entry);
  if (cached !== undefined) return cached;
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["@aws-sdk/*"],
    write: false,
    minify: false,
    sourcemap: false,
    legalComments: "none",
    logLevel: "silent",
  });
  if (result.errors.length > 0 || result.outputFiles.length !== 1) {
    throw new Error(`esbuild could not bundle ${entry}: ${result.errors.map((e) => e.text).join("; ")}`);
  }
  const code = result.outputFiles[0].text;
  bundleCache.set(entry, code);
  return code;
}

/** The deployment package: the bundle as `index.js` (handler `index.<export>`). */
export function handlerArchive(entry: string): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleHandler(entry)) });
}

export interface FunctionNetwork {
  vpcId: pulumi.Input<string>;
  cidrBlock: string;
  subnetIds: pulumi.Input<string>[];
}

export interface NodeFunctionArgs {
  context: ScenarioContext;
  /** Kind of the function; the name is `<scope>-<kind>-<suffix>`. */
  kind: string;
  description: string;
  /** Absolute path of the TypeScript handler module. */
  entry: string;
  /** Exported handler function (default `handler`). */
  handlerExport?: string;
  environment?: Record<string, pulumi.Input<string>>;
  /** CMK encrypting the environment variables. */
  environmentKey: KmsKey;
  /** CMK of the function's log group (needs `kmsGrants.cloudWatchLogs`). */
  logsKey: KmsKey;
  logRetentionInDays?: number;
  network: FunctionNetwork;
  /** Security group egress (default: HTTPS to the VPC CIDR, i.e. the interface endpoints). */
  egress?: aws.types.input.ec2.SecurityGroupEgress[];
  /** The function's own permissions; logging, VPC networking and env-key decryption are added. */
  statements: PolicyStatement[];
  wildcardResourceActions?: string[];
  timeout?: number;
  memorySize?: number;
  architecture?: "arm64" | "x86_64";
  reservedConcurrentExecutions?: number;
  /** Resources the function needs at run time (VPC endpoints...). */
  dependsOn?: pulumi.Resource[];
  tags?: Record<string, string>;
}

export class NodeFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: LeastPrivilegeRole;
  readonly logGroup: SecureLogGroup;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly functionName: string;
  /** Function ARN, known during preview. */
  readonly functionArn: pulumi.Output<string>;
  private readonly ctx: ScenarioContext;

  constructor(name: string, args: NodeFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:components:NodeFunction", name, {}, opts);
    const ctx = args.context;
    this.ctx = ctx;
    ctx.requireSuffix(name, "Logical name");
    this.functionName = ctx.name(args.kind);
    if (this.functionName.length > 64)
      throw new Error(`Function name ${this.functionName} exceeds 64 characters.`);
    this.functionArn = ctx.arn("lambda", `function:${this.functionName}`);
    const child = { parent: this };

    this.logGroup = new SecureLogGroup(
      ctx.name(`${args.kind}-logs`),
      {
        context: ctx,
        logGroupName: `/aws/lambda/${this.functionName}`,
        kmsKey: args.logsKey,
        retentionInDays: args.logRetentionInDays,
      },
      child,
    );

    const sgName = ctx.name(`${args.kind}-sg`);
    this.securityGroup = new aws.ec2.SecurityGroup(
      sgName,
      {
        name: sgName,
        description: `Lambda ${this.functionName}: no inbound, explicit egress only`,
        vpcId: args.network.vpcId,
        ingress: [],
        egress: args.egress ?? [
          {
            description: "HTTPS to VPC interface endpoints",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [args.network.cidrBlock],
          },
        ],
        revokeRulesOnDelete: true,
        tags: resourceTags(sgName),
      },
      child,
    );

    const baseStatements: PolicyStatement[] = [
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: this.logGroup.streamsArn,
      },
      {
        Sid: "ManageVpcNetworkInterfaces",
        Effect: "Allow",
        Action: [
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: [
          ctx.arn("ec2", "network-interface/*"),
          ctx.arn("ec2", "subnet/*"),
          ctx.arn("ec2", "security-group/*"),
        ],
      },
      {
        Sid: "DescribeVpcNetworking",
        Effect: "Allow",
        Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
        Resource: "*",
      },
      args.environmentKey.useStatement("DecryptEnvironment", ["kms:Decrypt"], ["lambda"]),
    ];
    this.role = new LeastPrivilegeRole(
      ctx.name(`${args.kind}-role`),
      {
        context: ctx,
        kind: `${args.kind}-role`,
        description: `Execution role of ${this.functionName}`,
        trust: { services: [ctx.servicePrincipal("lambda")] },
        statements: [...baseStatements, ...args.statements],
        wildcardResourceActions: args.wildcardResourceActions,
      },
      child,
    );

    this.function = new aws.lambda.Function(
      this.functionName,
      {
        name: this.functionName,
        description: args.description,
        runtime: LAMBDA_RUNTIME,
        architectures: [args.architecture ?? "arm64"],
        handler: `index.${args.handlerExport ?? "handler"}`,
        code: handlerArchive(args.entry),
        role: this.role.role.arn,
        timeout: args.timeout ?? 60,
        memorySize: args.memorySize ?? 256,
        reservedConcurrentExecutions: args.reservedConcurrentExecutions,
        kmsKeyArn: args.environmentKey.arn,
        environment: args.environment ? { variables: args.environment } : undefined,
        vpcConfig: { subnetIds: args.network.subnetIds, securityGroupIds: [this.securityGroup.id] },
        loggingConfig: { logFormat: "Text", logGroup: this.logGroup.logGroupName },
        tags: resourceTags(this.functionName, args.tags),
      },
      {
        parent: this,
        dependsOn: [...this.role.readyDependencies, this.logGroup, ...(args.dependsOn ?? [])],
      },
    );
    this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
  }

  /** Lets `principal` (a service) invoke the function, only from `sourceArn` in this account. */
  allowInvocation(
    kind: string,
    principal: string,
    sourceArn: pulumi.Input<string>,
    opts?: pulumi.CustomResourceOptions,
  ): aws.lambda.Permission {
    const ctx = this.ctx;
    const permissionName = ctx.name(kind);
    return new aws.lambda.Permission(
      permissionName,
      {
        statementId: permissionName,
        action: "lambda:InvokeFunction",
        function: this.function.name,
        principal,
        sourceArn,
        sourceAccount: ctx.accountId,
      },
      { parent: this, ...opts },
    );
  }
}
