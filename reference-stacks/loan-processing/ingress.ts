/**
 * Ingress concern: how customers reach the application without an internet gateway. API Gateway
 * (an HTTP API, HTTPS only, throttled, access-logged to an encrypted log group) is the public
 * face AWS operates; a VPC link carries requests into the private ingress tier to an INTERNAL
 * application load balancer, HTTPS (TLS 1.2+) verified against the load balancer's certificate
 * name; the load balancer forwards HTTPS to the tasks. Load balancer access logs go to a
 * lifecycle-managed bucket (Glacier after 90 days, expired after 365).
 *
 * Elastic Load Balancing delivers access logs only to SSE-S3 buckets, so that one bucket cannot
 * use the customer-managed key: the scenario's policy config carries the scoped, expiring
 * exemption (docs/scenarios/loan-processing.md, "Conflicts").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  resourceTags,
  SecureBucket,
  type PolicyStatement,
  type ScenarioContext,
  type SecureLogGroup,
} from "../components";

export const ALB_LOG_PREFIX = "alb";
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * The Elastic Load Balancing account that writes access logs in regions launched before August
 * 2022; newer regions use the log-delivery service principal instead.
 */
export const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-2": "797873946194",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-central-1": "054676820928",
};

export function albLogDeliveryStatement(
  ctx: ScenarioContext,
  bucketArn: pulumi.Input<string>,
): PolicyStatement {
  const account = ELB_LOG_ACCOUNTS[ctx.region];
  return {
    Sid: "ElbAccessLogDelivery",
    Effect: "Allow",
    Principal: account
      ? { AWS: `arn:${ctx.partition}:iam::${account}:root` }
      : { Service: ctx.servicePrincipal("logdelivery.elasticloadbalancing") },
    Action: "s3:PutObject",
    Resource: pulumi.interpolate`${bucketArn}/${ALB_LOG_PREFIX}/AWSLogs/${ctx.accountId}/*`,
  };
}

export interface LoanIngressArgs {
  context: ScenarioContext;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  albSecurityGroupId: pulumi.Input<string>;
  linkSecurityGroupId: pulumi.Input<string>;
  containerPort: number;
  healthCheckPath: string;
  certificateArn: string;
  loadBalancerHostName: string;
  apiName: string;
  accessLogGroup: SecureLogGroup;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  albLogTransitionDays: number;
  albLogExpirationDays: number;
}

export class LoanIngress extends pulumi.ComponentResource {
  readonly albLogBucket: SecureBucket;
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  readonly listener: aws.lb.Listener;
  readonly api: aws.apigatewayv2.Api;
  readonly vpcLink: aws.apigatewayv2.VpcLink;
  readonly stage: aws.apigatewayv2.Stage;

  constructor(name: string, args: LoanIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:loan-processing:Ingress", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };

    this.albLogBucket = new SecureBucket(
      ctx.name("alb-logs"),
      {
        context: ctx,
        kind: "alb-logs",
        kmsKey: "SSE-S3",
        purpose: "logs",
        expirationDays: args.albLogExpirationDays,
        transitions: [{ days: args.albLogTransitionDays, storageClass: "GLACIER" }],
        tags: { DataClassification: "Confidential" },
        policyStatements: (refs) => [albLogDeliveryStatement(ctx, refs.bucketArn)],
      },
      child,
    );

    const albName = ctx.name("alb");
    this.loadBalancer = new aws.lb.LoadBalancer(
      albName,
      {
        name: albName,
        internal: true,
        loadBalancerType: "application",
        securityGroups: [args.albSecurityGroupId],
        subnets: args.subnetIds,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: false,
        accessLogs: { bucket: this.albLogBucket.bucketName, prefix: ALB_LOG_PREFIX, enabled: true },
        tags: resourceTags(albName),
      },
      { parent: this, dependsOn: [this.albLogBucket] },
    );
    const targetGroupName = ctx.name("tg");
    this.targetGroup = new aws.lb.TargetGroup(
      targetGroupName,
      {
        name: targetGroupName,
        port: args.containerPort,
        protocol: "HTTPS",
        targetType: "ip",
        vpcId: args.vpcId,
        deregistrationDelay: 30,
        healthCheck: {
          path: args.healthCheckPath,
          protocol: "HTTPS",
          matcher: "200",
          interval: 30,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
        tags: resourceTags(targetGroupName),
      },
      child,
    );
    const listenerName = ctx.name("https-listener");
    this.listener = new aws.lb.Listener(
      listenerName,
      {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: args.certificateArn,
        defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
        tags: resourceTags(listenerName),
      },
      child,
    );

    this.api = new aws.apigatewayv2.Api(
      args.apiName,
      {
        name: args.apiName,
        protocolType: "HTTP",
        description: "Loan processing application (HTTPS, through a VPC link to the internal load balancer)",
        tags: resourceTags(args.apiName),
      },
      child,
    );
    const linkName = ctx.name("vpc-link");
    this.vpcLink = new aws.apigatewayv2.VpcLink(
      linkName,
      {
        name: linkName,
        subnetIds: args.subnetIds,
        securityGroupIds: [args.linkSecurityGroupId],
        tags: resourceTags(linkName),
      },
      child,
    );
    const integration = new aws.apigatewayv2.Integration(
      ctx.name("alb-integration"),
      {
        apiId: this.api.id,
        integrationType: "HTTP_PROXY",
        integrationMethod: "ANY",
        connectionType: "VPC_LINK",
        connectionId: this.vpcLink.id,
        integrationUri: this.listener.arn,
        tlsConfig: { serverNameToVerify: args.loadBalancerHostName },
        payloadFormatVersion: "1.0",
      },
      child,
    );
    for (const [kind, routeKey] of [
      ["root-route", "ANY /"],
      ["proxy-route", "ANY /{proxy+}"],
    ]) {
      new aws.apigatewayv2.Route(
        ctx.name(kind),
        { apiId: this.api.id, routeKey, target: pulumi.interpolate`integrations/${integration.id}` },
        child,
      );
    }
    this.stage = new aws.apigatewayv2.Stage(
      ctx.name("stage"),
      {
        apiId: this.api.id,
        name: "$default",
        autoDeploy: true,
        defaultRouteSettings: {
          throttlingRateLimit: args.throttleRateLimit,
          throttlingBurstLimit: args.throttleBurstLimit,
        },
        accessLogSettings: {
          destinationArn: args.accessLogGroup.logGroupArn,
          format: JSON.stringify({
            requestId: "$context.requestId",
            ip: "$context.identity.sourceIp",
            requestTime: "$context.requestTime",
            method: "$context.httpMethod",
            path: "$context.path",
            status: "$context.status",
            latency: "$context.responseLatency",
            integrationStatus: "$context.integrationStatus",
            integrationError: "$context.integrationErrorMessage",
          }),
        },
        tags: resourceTags(ctx.name("stage")),
      },
      child,
    );
    this.registerOutputs({ apiEndpoint: this.api.apiEndpoint });
  }
}
