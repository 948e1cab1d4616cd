/**
 * API access layer: a regional REST API whose only method, `POST /scans`, requires an API key,
 * validates the JSON body against a model before anything runs, and invokes the scanner (Lambda
 * proxy integration). A usage plan binds the key to the stage with throttling and a daily quota;
 * the stage throttles too, and writes JSON access logs to a CMK-encrypted log group kept 90 days.
 *
 * Execution logging stays off: API Gateway would create `API-Gateway-Execution-Logs_<id>/<stage>`
 * itself, unencrypted and never expiring, which the guardrails forbid. Access logs, the stage's
 * metrics and the function's own logs cover the audit trail.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  apiGatewayCloudWatchAccount,
  resourceTags,
  SecureLogGroup,
  type KmsKey,
  type NodeFunction,
  type ScenarioContext,
} from "../components";

export interface PiiApiArgs {
  context: ScenarioContext;
  scanner: NodeFunction;
  logsKey: KmsKey;
  logRetentionDays: number;
  stageName: string;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  dailyQuota: number;
  manageApiGatewayAccount: boolean;
}

/** JSON Schema (draft 4, as API Gateway models require) of the scan request. */
export const SCAN_REQUEST_SCHEMA = {
  $schema: "http://json-schema.org/draft-04/schema#",
  title: "ScanRequest",
  type: "object",
  additionalProperties: false,
  required: ["objectKey"],
  properties: {
    objectKey: { type: "string", minLength: 1, maxLength: 1024 },
    versionId: { type: "string", minLength: 1, maxLength: 1024, pattern: "^[A-Za-z0-9._-]+$" },
  },
};

/** Access-log fields (`$context` variables): who called, with which key, what happened. No bodies. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  apiKeyId: "$context.identity.apiKeyId",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  errorMessage: "$context.error.message",
  validationError: "$context.error.validationErrorString",
  integrationStatus: "$context.integration.status",
  latencyMs: "$context.responseLatency",
});

export class PiiApi extends pulumi.ComponentResource {
  readonly restApi: aws.apigateway.RestApi;
  readonly apiName: string;
  readonly accessLogGroup: SecureLogGroup;
  readonly stage: aws.apigateway.Stage;
  readonly methodSettings: aws.apigateway.MethodSettings;
  readonly apiKey: aws.apigateway.ApiKey;
  readonly usagePlan: aws.apigateway.UsagePlan;
  readonly method: aws.apigateway.Method;
  readonly validator: aws.apigateway.RequestValidator;
  readonly model: aws.apigateway.Model;
  readonly invokePermission: aws.lambda.Permission;
  readonly account?: aws.apigateway.Account;
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>/scans`. */
  readonly scanUrl: pulumi.Output<string>;

  constructor(name: string, args: PiiApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:financial-data-pii:Api", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    this.apiName = ctx.name("api");

    this.accessLogGroup = new SecureLogGroup(
      ctx.name("api-access-logs"),
      {
        context: ctx,
        logGroupName: `/aws/apigateway/${ctx.name("api-access")}`,
        kmsKey: args.logsKey,
        retentionInDays: args.logRetentionDays,
      },
      child,
    );

    const accountDependencies: pulumi.Resource[] = [];
    if (args.manageApiGatewayAccount) {
      this.account = apiGatewayCloudWatchAccount(ctx, this.accessLogGroup, this);
      accountDependencies.push(this.account);
    }

    this.restApi = new aws.apigateway.RestApi(
      this.apiName,
      {
        name: this.apiName,
        description: "Financial data PII scanning API (API key required)",
        endpointConfiguration: { types: "REGIONAL" },
        apiKeySource: "HEADER",
        tags: resourceTags(this.apiName),
      },
      child,
    );
    const scans = new aws.apigateway.Resource(
      ctx.name("api-scans"),
      { restApi: this.restApi.id, parentId: this.restApi.rootResourceId, pathPart: "scans" },
      child,
    );
    this.model = new aws.apigateway.Model(
      ctx.name("api-scan-request-model"),
      {
        restApi: this.restApi.id,
        name: "ScanRequest",
        description: "Body of POST /scans",
        contentType: "application/json",
        schema: JSON.stringify(SCAN_REQUEST_SCHEMA),
      },
      child,
    );
    this.validator = new aws.apigateway.RequestValidator(
      ctx.name("api-validator"),
      {
        restApi: this.restApi.id,
        name: ctx.name("api-validator"),
        validateRequestBody: true,
        validateRequestParameters: true,
      },
      child,
    );
    this.method = new aws.apigateway.Method(
      ctx.name("api-scans-post"),
      {
        restApi: this.restApi.id,
        resourceId: scans.id,
        httpMethod: "POST",
        authorization: "NONE",
        apiKeyRequired: true,
        requestValidatorId: this.validator.id,
        requestModels: { "application/json": this.model.name },
        requestParameters: { "method.request.header.Content-Type": true },
      },
      child,
    );
    const integration = new aws.apigateway.Integration(
      ctx.name("api-scans-integration"),
      {
        restApi: this.restApi.id,
        resourceId: scans.id,
        httpMethod: this.method.httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: args.scanner.function.invokeArn,
        timeoutMilliseconds: 29000,
      },
      child,
    );
    this.invokePermission = args.scanner.allowInvocation(
      "api-scans-invoke",
      ctx.servicePrincipal("apigateway"),
      pulumi.interpolate`${ctx.arn("execute-api", "")}${this.restApi.id}/*/POST/scans`,
    );

    const deployment = new aws.apigateway.Deployment(
      ctx.name("api-deployment"),
      {
        restApi: this.restApi.id,
        description: "POST /scans",
        // Redeploy whenever the API's shape changes.
        triggers: {
          shape: JSON.stringify({ schema: SCAN_REQUEST_SCHEMA, path: "scans", method: "POST", apiKey: true }),
        },
      },
      { parent: this, dependsOn: [this.method, integration, this.validator, this.model] },
    );
    this.stage = new aws.apigateway.Stage(
      ctx.name("api-stage"),
      {
        restApi: this.restApi.id,
        deployment: deployment.id,
        stageName: args.stageName,
        description: "PII scanning API",
        xrayTracingEnabled: false,
        accessLogSettings: { destinationArn: this.accessLogGroup.logGroupArn, format: ACCESS_LOG_FORMAT },
        tags: resourceTags(ctx.name("api-stage")),
      },
      { parent: this, dependsOn: [this.accessLogGroup, ...accountDependencies] },
    );
    this.methodSettings = new aws.apigateway.MethodSettings(
      ctx.name("api-method-settings"),
      {
        restApi: this.restApi.id,
        stageName: this.stage.stageName,
        methodPath: "*/*",
        settings: {
          metricsEnabled: true,
          loggingLevel: "OFF",
          dataTraceEnabled: false,
          throttlingRateLimit: args.throttleRateLimit,
          throttlingBurstLimit: args.throttleBurstLimit,
        },
      },
      child,
    );

    const keyName = ctx.name("api-key");
    this.apiKey = new aws.apigateway.ApiKey(
      keyName,
      {
        name: keyName,
        description: "Client key of the PII scanning API",
        enabled: true,
        tags: resourceTags(keyName),
      },
      child,
    );
    const planName = ctx.name("api-usage-plan");
    this.usagePlan = new aws.apigateway.UsagePlan(
      planName,
      {
        name: planName,
        description: "Throttling and daily quota of the PII scanning API",
        apiStages: [{ apiId: this.restApi.id, stage: this.stage.stageName }],
        throttleSettings: { rateLimit: args.throttleRateLimit, burstLimit: args.throttleBurstLimit },
        quotaSettings: { limit: args.dailyQuota, period: "DAY" },
        tags: resourceTags(planName),
      },
      child,
    );
    new aws.apigateway.UsagePlanKey(
      ctx.name("api-usage-plan-key"),
      { keyId: this.apiKey.id, keyType: "API_KEY", usagePlanId: this.usagePlan.id },
      child,
    );

    this.scanUrl = pulumi.interpolate`https://${this.restApi.id}.execute-api.${ctx.region}.${ctx.dnsSuffix}/${this.stage.stageName}/scans`;
    this.registerOutputs({ scanUrl: this.scanUrl, apiKeyId: this.apiKey.id });
  }
}
