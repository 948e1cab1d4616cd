/**
 * API Gateway and WAF concern: a regional REST API reachable only through its custom domain, which
 * enforces mutual TLS against the truststore in S3 (the default execute-api endpoint is disabled,
 * so mTLS cannot be bypassed); request validation by models and required parameters; stage
 * throttling; JSON access logs to a CMK-encrypted log group; and a WAF web ACL on the stage with
 * AWS's managed OWASP-class rule groups, a per-IP rate-based rule and optional geo blocking, logged
 * to its own encrypted log group.
 *
 * Regional endpoints are AWS-managed: the API needs no VPC, subnet, internet gateway or load
 * balancer of ours, which is how the brief's "public subnets for load balancers and WAF" become
 * unnecessary (see docs/scenarios/payment-api.md).
 *
 * Execution logging stays off: API Gateway would create `API-Gateway-Execution-Logs_<id>/<stage>`
 * itself, unencrypted and never expiring.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  apiGatewayCloudWatchAccount,
  policyJson,
  resourceTags,
  SecureLogGroup,
  type KmsKey,
  type NodeFunction,
  type ScenarioContext,
} from "../components";
import { CURRENCIES } from "./functions/currencies";

export interface PayApiApiArgs {
  context: ScenarioContext;
  payments: NodeFunction;
  documents: NodeFunction;
  logsKey: KmsKey;
  logRetentionDays: number;
  stageName: string;
  domainName: string;
  certificateArn: string;
  truststoreUri: pulumi.Output<string>;
  truststoreVersion: pulumi.Output<string>;
  /** Resources the custom domain needs first (the truststore object). */
  truststoreDependencies: pulumi.Resource[];
  throttleRateLimit: number;
  throttleBurstLimit: number;
  wafRateLimit: number;
  blockedCountryCodes: string[];
  manageApiGatewayAccount: boolean;
}

const DRAFT4 = "http://json-schema.org/draft-04/schema#";

/** Body of POST /payments (amounts in minor units; cards only as tokens). */
export const PAYMENT_REQUEST_SCHEMA = {
  $schema: DRAFT4,
  title: "PaymentRequest",
  type: "object",
  additionalProperties: false,
  required: ["merchantId", "amount", "currency", "paymentMethodToken"],
  properties: {
    merchantId: { type: "string", pattern: "^[A-Za-z0-9_-]{3,64}$" },
    amount: { type: "integer", minimum: 1, maximum: 100000000 },
    currency: { type: "string", enum: [...CURRENCIES] },
    paymentMethodToken: { type: "string", pattern: "^tok_[A-Za-z0-9]{16,64}$" },
    reference: { type: "string", pattern: "^[A-Za-z0-9 ._/-]{1,64}$" },
  },
};

/** Body of POST /payments/{transactionId}/documents (5 MiB decoded is about 7 MB of base64). */
export const DOCUMENT_UPLOAD_SCHEMA = {
  $schema: DRAFT4,
  title: "DocumentUpload",
  type: "object",
  additionalProperties: false,
  required: ["contentType", "contentBase64"],
  properties: {
    contentType: { type: "string", enum: ["application/pdf", "image/png", "image/jpeg"] },
    contentBase64: { type: "string", minLength: 4, maxLength: 7000000 },
    sha256: { type: "string", pattern: "^[a-fA-F0-9]{64}$" },
  },
};

/** Access-log fields, including the verified client certificate (serial, issuer). No bodies. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  clientCertSerial: "$context.identity.clientCert.serialNumber",
  clientCertIssuer: "$context.identity.clientCert.issuerDN",
  domainName: "$context.domainName",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  errorMessage: "$context.error.message",
  validationError: "$context.error.validationErrorString",
  wafStatus: "$context.waf.status",
  integrationStatus: "$context.integration.status",
  latencyMs: "$context.responseLatency",
});

/** AWS managed rule groups: IP reputation, the core rule set (OWASP Top 10 classes), known bad inputs, SQL injection. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
];

interface Route {
  kind: string;
  resource: aws.apigateway.Resource;
  path: string;
  method: "GET" | "POST";
  fn: NodeFunction;
  model?: aws.apigateway.Model;
  parameters: Record<string, boolean>;
}

export class PayApiApi extends pulumi.ComponentResource {
  readonly restApi: aws.apigateway.RestApi;
  readonly apiName: string;
  readonly accessLogGroup: SecureLogGroup;
  readonly wafLogGroup: SecureLogGroup;
  readonly stage: aws.apigateway.Stage;
  readonly methodSettings: aws.apigateway.MethodSettings;
  readonly methods: aws.apigateway.Method[] = [];
  readonly validator: aws.apigateway.RequestValidator;
  readonly domain: aws.apigateway.DomainName;
  readonly basePathMapping: aws.apigateway.BasePathMapping;
  readonly webAcl: aws.wafv2.WebAcl;
  readonly webAclAssociation: aws.wafv2.WebAclAssociation;
  readonly wafLogging: aws.wafv2.WebAclLoggingConfiguration;
  readonly account?: aws.apigateway.Account;
  readonly apiUrl: string;

  constructor(name: string, args: PayApiApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:payment-api:Api", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    this.apiName = ctx.name("api");
    this.apiUrl = `https://${args.domainName}`;

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
    // WAF delivers only to log groups whose name starts with aws-waf-logs-.
    this.wafLogGroup = new SecureLogGroup(
      ctx.name("waf-logs"),
      {
        context: ctx,
        logGroupName: `aws-waf-logs-${ctx.name("api")}`,
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
        description: "Payment processing API (mutual TLS on the custom domain only)",
        endpointConfiguration: { types: "REGIONAL" },
        disableExecuteApiEndpoint: true,
        tags: resourceTags(this.apiName),
      },
      child,
    );
    const api = this.restApi.id;
    const payments = new aws.apigateway.Resource(
      ctx.name("api-payments"),
      { restApi: api, parentId: this.restApi.rootResourceId, pathPart: "payments" },
      child,
    );
    const transaction = new aws.apigateway.Resource(
      ctx.name("api-payment"),
      { restApi: api, parentId: payments.id, pathPart: "{transactionId}" },
      child,
    );
    const documents = new aws.apigateway.Resource(
      ctx.name("api-payment-documents"),
      { restApi: api, parentId: transaction.id, pathPart: "documents" },
      child,
    );
    const model = (kind: string, schema: { title: string }) =>
      new aws.apigateway.Model(
        ctx.name(`api-${kind}-model`),
        { restApi: api, name: schema.title, contentType: "application/json", schema: JSON.stringify(schema) },
        child,
      );
    const paymentModel = model("payment-request", PAYMENT_REQUEST_SCHEMA);
    const documentModel = model("document-upload", DOCUMENT_UPLOAD_SCHEMA);
    this.validator = new aws.apigateway.RequestValidator(
      ctx.name("api-validator"),
      {
        restApi: api,
        name: ctx.name("api-validator"),
        validateRequestBody: true,
        validateRequestParameters: true,
      },
      child,
    );

    const routes: Route[] = [
      {
        kind: "create-payment",
        resource: payments,
        path: "payments",
        method: "POST",
        fn: args.payments,
        model: paymentModel,
        parameters: { "method.request.header.Idempotency-Key": true },
      },
      {
        kind: "get-payment",
        resource: transaction,
        path: "payments/*",
        method: "GET",
        fn: args.payments,
        parameters: { "method.request.path.transactionId": true },
      },
      {
        kind: "upload-document",
        resource: documents,
        path: "payments/*/documents",
        method: "POST",
        fn: args.documents,
        model: documentModel,
        parameters: { "method.request.path.transactionId": true },
      },
    ];
    const integrations: aws.apigateway.Integration[] = [];
    for (const route of routes) {
      const method = new aws.apigateway.Method(
        ctx.name(`api-${route.kind}`),
        {
          restApi: api,
          resourceId: route.resource.id,
          httpMethod: route.method,
          authorization: "NONE",
          requestValidatorId: this.validator.id,
          requestParameters: route.parameters,
          ...(route.model ? { requestModels: { "application/json": route.model.name } } : {}),
        },
        child,
      );
      this.methods.push(method);
      integrations.push(
        new aws.apigateway.Integration(
          ctx.name(`api-${route.kind}-integration`),
          {
            restApi: api,
            resourceId: route.resource.id,
            httpMethod: method.httpMethod,
            type: "AWS_PROXY",
            integrationHttpMethod: "POST",
            uri: route.fn.function.invokeArn,
            timeoutMilliseconds: 29000,
          },
          child,
        ),
      );
      route.fn.allowInvocation(
        `api-${route.kind}-invoke`,
        ctx.servicePrincipal("apigateway"),
        pulumi.interpolate`${ctx.arn("execute-api", "")}${api}/*/${route.method}/${route.path}`,
      );
    }

    const deployment = new aws.apigateway.Deployment(
      ctx.name("api-deployment"),
      {
        restApi: api,
        description: "Payment API routes",
        triggers: {
          shape: JSON.stringify({
            routes: routes.map((r) => [r.method, r.path, r.parameters]),
            models: [PAYMENT_REQUEST_SCHEMA, DOCUMENT_UPLOAD_SCHEMA],
          }),
        },
      },
      { parent: this, dependsOn: [...this.methods, ...integrations, this.validator] },
    );
    this.stage = new aws.apigateway.Stage(
      ctx.name("api-stage"),
      {
        restApi: api,
        deployment: deployment.id,
        stageName: args.stageName,
        description: "Payment API",
        xrayTracingEnabled: false,
        accessLogSettings: { destinationArn: this.accessLogGroup.logGroupArn, format: ACCESS_LOG_FORMAT },
        tags: resourceTags(ctx.name("api-stage")),
      },
      { parent: this, dependsOn: [this.accessLogGroup, ...accountDependencies] },
    );
    this.methodSettings = new aws.apigateway.MethodSettings(
      ctx.name("api-method-settings"),
      {
        restApi: api,
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

    const domainLogicalName = ctx.name("api-domain");
    this.domain = new aws.apigateway.DomainName(
      domainLogicalName,
      {
        domainName: args.domainName,
        regionalCertificateArn: args.certificateArn,
        endpointConfiguration: { types: "REGIONAL" },
        securityPolicy: "TLS_1_2",
        mutualTlsAuthentication: {
          truststoreUri: args.truststoreUri,
          truststoreVersion: args.truststoreVersion,
        },
        tags: resourceTags(domainLogicalName),
      },
      { parent: this, dependsOn: args.truststoreDependencies },
    );
    this.basePathMapping = new aws.apigateway.BasePathMapping(
      ctx.name("api-base-path"),
      { restApi: api, stageName: this.stage.stageName, domainName: this.domain.domainName },
      child,
    );

    this.webAcl = this.createWebAcl(ctx, args);
    this.webAclAssociation = new aws.wafv2.WebAclAssociation(
      ctx.name("waf-association"),
      { resourceArn: this.stage.arn, webAclArn: this.webAcl.arn },
      child,
    );
    const deliveryPolicy = new aws.cloudwatch.LogResourcePolicy(
      ctx.name("waf-log-delivery"),
      {
        policyName: ctx.name("waf-log-delivery"),
        policyDocument: policyJson([
          {
            Sid: "WafLogDelivery",
            Effect: "Allow",
            Principal: { Service: ctx.servicePrincipal("delivery.logs") },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: this.wafLogGroup.streamsArn,
            Condition: {
              StringEquals: { "aws:SourceAccount": ctx.accountId },
              ArnLike: { "aws:SourceArn": ctx.arn("logs", "*") },
            },
          },
        ]),
      },
      child,
    );
    this.wafLogging = new aws.wafv2.WebAclLoggingConfiguration(
      ctx.name("waf-logging"),
      {
        resourceArn: this.webAcl.arn,
        logDestinationConfigs: [this.wafLogGroup.logGroupArn],
        redactedFields: [{ singleHeader: { name: "idempotency-key" } }],
      },
      { parent: this, dependsOn: [deliveryPolicy, this.wafLogGroup] },
    );
    this.registerOutputs({ apiUrl: this.apiUrl });
  }

  private createWebAcl(ctx: ScenarioContext, args: PayApiApiArgs): aws.wafv2.WebAcl {
    const aclName = ctx.name("waf");
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = MANAGED_RULE_GROUPS.map((group, priority) => ({
      name: group,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: "AWS",
          name: group,
          // Document uploads carry up to ~7 MB of base64: the core rule set's 8 KB body limit would
          // block them. The API model and the handler bound the body instead.
          ...(group === "AWSManagedRulesCommonRuleSet"
            ? { ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] }
            : {}),
        },
      },
      visibilityConfig: visibility(`${aclName}-${group}`),
    }));
    const rules: aws.types.input.wafv2.WebAclRule[] = [
      ...managed,
      {
        name: "rate-limit-per-ip",
        priority: managed.length,
        action: { block: {} },
        statement: {
          rateBasedStatement: { limit: args.wafRateLimit, aggregateKeyType: "IP", evaluationWindowSec: 300 },
        },
        visibilityConfig: visibility(`${aclName}-rate-limit`),
      },
    ];
    if (args.blockedCountryCodes.length > 0) {
      rules.push({
        name: "geo-block",
        priority: managed.length + 1,
        action: { block: {} },
        statement: { geoMatchStatement: { countryCodes: args.blockedCountryCodes } },
        visibilityConfig: visibility(`${aclName}-geo-block`),
      });
    }
    return new aws.wafv2.WebAcl(
      aclName,
      {
        name: aclName,
        description: "Payment API: AWS managed OWASP-class rules, per-IP rate limit, geo blocking",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules,
        visibilityConfig: visibility(aclName),
        tags: resourceTags(aclName),
      },
      { parent: this },
    );
  }
}
