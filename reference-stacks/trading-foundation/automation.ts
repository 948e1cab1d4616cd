/**
 * Automation concern: the API-key rotation function and the EventBridge schedule that runs it.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  NodeFunction,
  resourceTags,
  type KmsKey,
  type PrivateVpc,
  type ScenarioContext,
} from "../components";
import type { ApiKeyParameter } from "./security";

export const ROTATION_HANDLER_ENTRY = path.join(__dirname, "functions", "rotate-api-keys.ts");

export interface TradingAutomationArgs {
  context: ScenarioContext;
  vpc: PrivateVpc;
  parametersKey: KmsKey;
  logsKey: KmsKey;
  apiKeys: ApiKeyParameter[];
  rotationSchedule: string;
  logRetentionDays: number;
  /** The VPC endpoints the function calls through. */
  dependsOn: pulumi.Resource[];
}

export class TradingAutomation extends pulumi.ComponentResource {
  readonly rotation: NodeFunction;
  readonly scheduleRule: aws.cloudwatch.EventRule;
  readonly scheduleTarget: aws.cloudwatch.EventTarget;
  readonly invokePermission: aws.lambda.Permission;

  constructor(name: string, args: TradingAutomationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:trading-foundation:Automation", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };

    this.rotation = new NodeFunction(
      ctx.name("api-key-rotation"),
      {
        context: ctx,
        kind: "api-key-rotation",
        description: "Rotates the trading API keys in SSM Parameter Store",
        entry: ROTATION_HANDLER_ENTRY,
        environment: {
          PARAMETER_NAMES: JSON.stringify(args.apiKeys.map((k) => k.name)),
          KMS_KEY_ID: args.parametersKey.aliasName,
          KEY_LENGTH_BYTES: "32",
        },
        environmentKey: args.parametersKey,
        logsKey: args.logsKey,
        logRetentionInDays: args.logRetentionDays,
        network: args.vpc,
        statements: [
          {
            Sid: "RotateApiKeyParameters",
            Effect: "Allow",
            Action: ["ssm:GetParameter", "ssm:PutParameter"],
            Resource: args.apiKeys.map((k) => k.arnKnown),
          },
          args.parametersKey.useStatement("EncryptApiKeys", ["kms:Encrypt", "kms:GenerateDataKey"], ["ssm"]),
        ],
        timeout: 60,
        reservedConcurrentExecutions: 1,
        dependsOn: [...args.dependsOn, ...args.apiKeys.map((k) => k.parameter)],
      },
      child,
    );

    const ruleName = ctx.name("api-key-rotation-schedule");
    const ruleArn = ctx.arn("events", `rule/${ruleName}`);
    this.scheduleRule = new aws.cloudwatch.EventRule(
      ruleName,
      {
        name: ruleName,
        description: "Rotates the trading API keys",
        scheduleExpression: args.rotationSchedule,
        state: "ENABLED",
        tags: resourceTags(ruleName),
      },
      child,
    );
    this.invokePermission = this.rotation.allowInvocation(
      "api-key-rotation-invoke",
      ctx.servicePrincipal("events"),
      ruleArn,
    );
    this.scheduleTarget = new aws.cloudwatch.EventTarget(
      ctx.name("api-key-rotation-target"),
      {
        rule: this.scheduleRule.name,
        targetId: "api-key-rotation",
        arn: this.rotation.function.arn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
      { parent: this, dependsOn: [this.invokePermission] },
    );
    this.registerOutputs({});
  }
}
