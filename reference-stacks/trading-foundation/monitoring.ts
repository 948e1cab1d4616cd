/**
 * Monitoring and event-driven concern: the custom EventBridge bus for application events, a rule
 * forwarding every event of the bus to an encrypted CloudWatch log group (with the scoped
 * CloudWatch Logs resource policy that delivery needs), and a rule on the default bus forwarding
 * Parameter Store change events of the API keys to the custom bus (an audit trail of rotations).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  LeastPrivilegeRole,
  policyJson,
  resourceTags,
  SecureLogGroup,
  type KmsKey,
  type ScenarioContext,
} from "../components";

export interface TradingMonitoringArgs {
  context: ScenarioContext;
  logsKey: KmsKey;
  logRetentionDays: number;
  /** Full names of the API-key parameters whose changes are forwarded to the bus. */
  parameterNames: string[];
}

export class TradingMonitoring extends pulumi.ComponentResource {
  readonly bus: aws.cloudwatch.EventBus;
  readonly busName: string;
  readonly busArn: pulumi.Output<string>;
  readonly eventsLogGroup: SecureLogGroup;
  readonly logsRule: aws.cloudwatch.EventRule;
  readonly logsTarget: aws.cloudwatch.EventTarget;
  readonly logDeliveryPolicy: aws.cloudwatch.LogResourcePolicy;
  readonly parameterChangesRule: aws.cloudwatch.EventRule;
  readonly parameterChangesTarget: aws.cloudwatch.EventTarget;
  readonly forwardingRole: LeastPrivilegeRole;

  constructor(name: string, args: TradingMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:trading-foundation:Monitoring", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };

    this.busName = ctx.name("events");
    this.busArn = ctx.arn("events", `event-bus/${this.busName}`);
    this.bus = new aws.cloudwatch.EventBus(
      this.busName,
      {
        name: this.busName,
        description: "Trading platform application events",
        tags: resourceTags(this.busName),
      },
      child,
    );

    // EventBridge only delivers to log groups whose name starts with /aws/events/.
    this.eventsLogGroup = new SecureLogGroup(
      ctx.name("events-logs"),
      {
        context: ctx,
        logGroupName: `/aws/events/${ctx.name("events")}`,
        kmsKey: args.logsKey,
        retentionInDays: args.logRetentionDays,
      },
      child,
    );

    const logsRuleName = ctx.name("events-to-logs");
    const logsRuleArn = ctx.arn("events", `rule/${this.busName}/${logsRuleName}`);
    this.logDeliveryPolicy = new aws.cloudwatch.LogResourcePolicy(
      ctx.name("events-log-delivery"),
      {
        policyName: ctx.name("events-log-delivery"),
        policyDocument: policyJson([
          {
            Sid: "EventBridgeDeliversToEventsLogGroup",
            Effect: "Allow",
            Principal: { Service: [ctx.servicePrincipal("events"), ctx.servicePrincipal("delivery.logs")] },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: this.eventsLogGroup.streamsArn,
            Condition: { ArnEquals: { "aws:SourceArn": logsRuleArn } },
          },
        ]),
      },
      child,
    );
    this.logsRule = new aws.cloudwatch.EventRule(
      logsRuleName,
      {
        name: logsRuleName,
        description: "Every event of the trading bus, to CloudWatch Logs",
        eventBusName: this.bus.name,
        eventPattern: pulumi.jsonStringify({ account: [ctx.accountId] }),
        state: "ENABLED",
        tags: resourceTags(logsRuleName),
      },
      child,
    );
    this.logsTarget = new aws.cloudwatch.EventTarget(
      ctx.name("events-to-logs-target"),
      {
        rule: this.logsRule.name,
        eventBusName: this.bus.name,
        targetId: "events-log-group",
        arn: this.eventsLogGroup.logGroup.arn,
      },
      { parent: this, dependsOn: [this.logDeliveryPolicy] },
    );

    // Parameter Store emits "Parameter Store Change" events on the default bus; forward ours.
    const changesRuleName = ctx.name("parameter-changes");
    const changesRuleArn = ctx.arn("events", `rule/${changesRuleName}`);
    this.forwardingRole = new LeastPrivilegeRole(
      ctx.name("events-forwarding-role"),
      {
        context: ctx,
        kind: "events-forwarding-role",
        description: "EventBridge forwarding API-key change events to the trading bus",
        trust: {
          services: [ctx.servicePrincipal("events")],
          conditions: {
            StringEquals: { "aws:SourceAccount": ctx.accountId },
            ArnEquals: { "aws:SourceArn": changesRuleArn },
          },
        },
        statements: [
          {
            Sid: "PutEventsOnTradingBus",
            Effect: "Allow",
            Action: ["events:PutEvents"],
            Resource: this.busArn,
          },
        ],
      },
      child,
    );
    this.parameterChangesRule = new aws.cloudwatch.EventRule(
      changesRuleName,
      {
        name: changesRuleName,
        description: "Parameter Store changes of the trading API keys",
        eventPattern: JSON.stringify({
          source: ["aws.ssm"],
          "detail-type": ["Parameter Store Change"],
          detail: { name: args.parameterNames },
        }),
        state: "ENABLED",
        tags: resourceTags(changesRuleName),
      },
      child,
    );
    this.parameterChangesTarget = new aws.cloudwatch.EventTarget(
      ctx.name("parameter-changes-target"),
      {
        rule: this.parameterChangesRule.name,
        targetId: "trading-bus",
        arn: this.bus.arn,
        roleArn: this.forwardingRole.role.arn,
      },
      { parent: this, dependsOn: this.forwardingRole.readyDependencies },
    );
    this.registerOutputs({ busName: this.busName });
  }
}
