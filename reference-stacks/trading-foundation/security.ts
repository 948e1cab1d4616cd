/**
 * Security concern: the customer-managed keys and the API keys in Parameter Store.
 */
import { randomBytes } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KmsKey, kmsGrants, resourceTags, type ScenarioContext } from "../components";

export interface TradingSecurityArgs {
  context: ScenarioContext;
  apiKeyNames: string[];
  kmsDeletionWindowInDays: number;
}

export interface ApiKeyParameter {
  /** Full parameter name, e.g. `/trading-api-keys-dev/exchange`. */
  name: string;
  /** Known during preview. */
  arnKnown: pulumi.Output<string>;
  parameter: aws.ssm.Parameter;
}

export class TradingSecurity extends pulumi.ComponentResource {
  /** Encrypts the API keys (SSM SecureString) and the rotation function's environment. */
  readonly parametersKey: KmsKey;
  /** Encrypts CloudWatch log groups. */
  readonly logsKey: KmsKey;
  /** Encrypts the VPC flow-log bucket. */
  readonly flowLogsKey: KmsKey;
  readonly apiKeys: ApiKeyParameter[];

  constructor(name: string, args: TradingSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:trading-foundation:Security", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const deletionWindowInDays = args.kmsDeletionWindowInDays;

    this.parametersKey = new KmsKey(
      ctx.name("parameters-key"),
      {
        context: ctx,
        kind: "parameters-key",
        description: "Trading API keys in SSM Parameter Store",
        deletionWindowInDays,
        tags: { DataClassification: "Restricted" },
      },
      child,
    );
    this.logsKey = new KmsKey(
      ctx.name("logs-key"),
      {
        context: ctx,
        kind: "logs-key",
        description: "CloudWatch log groups of the trading foundation",
        deletionWindowInDays,
        serviceGrants: [kmsGrants.cloudWatchLogs(ctx)],
      },
      child,
    );
    this.flowLogsKey = new KmsKey(
      ctx.name("flowlogs-key"),
      {
        context: ctx,
        kind: "flowlogs-key",
        description: "VPC flow logs of the trading foundation",
        deletionWindowInDays,
        serviceGrants: [kmsGrants.logDelivery(ctx)],
      },
      child,
    );

    this.apiKeys = args.apiKeyNames.map((keyName) => {
      const parameterName = ctx.naming.path("api-keys", keyName);
      const logicalName = ctx.name(`api-key-${keyName}`);
      const parameter = new aws.ssm.Parameter(
        logicalName,
        {
          name: parameterName,
          description: `Trading platform API key '${keyName}', rotated by the api-key-rotation function`,
          type: "SecureString",
          tier: "Standard",
          keyId: this.parametersKey.arn,
          // Seed value only: the rotation function owns the value from the first rotation on.
          value: pulumi.secret(randomBytes(32).toString("base64url")),
          tags: resourceTags(logicalName, { DataClassification: "Restricted" }),
        },
        { parent: this, ignoreChanges: ["value"] },
      );
      return {
        name: parameterName,
        arnKnown: ctx.arn("ssm", `parameter${parameterName}`),
        parameter,
      };
    });
    this.registerOutputs({});
  }
}
