/**
 * API Gateway's account-level CloudWatch role (one setting per account and region): a role that
 * may write this stack's access log group only, and the `aws.apigateway.Account` that uses it.
 * Stages must depend on the returned account, or their logging settings race it.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import { LeastPrivilegeRole } from "./least-privilege-role";
import type { SecureLogGroup } from "./log-group";

export function apiGatewayCloudWatchAccount(
  ctx: ScenarioContext,
  accessLogGroup: SecureLogGroup,
  parent: pulumi.Resource,
): aws.apigateway.Account {
  const role = new LeastPrivilegeRole(
    ctx.name("apigateway-logs-role"),
    {
      context: ctx,
      kind: "apigateway-logs-role",
      description: "API Gateway writing this stack's access logs (account-level CloudWatch role)",
      trust: {
        services: [ctx.servicePrincipal("apigateway")],
        conditions: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
      },
      statements: [
        {
          Sid: "WriteAccessLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [accessLogGroup.logGroupArn, accessLogGroup.streamsArn],
        },
        { Sid: "FindLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
      ],
    },
    { parent },
  );
  return new aws.apigateway.Account(
    ctx.name("apigateway-account"),
    { cloudwatchRoleArn: role.role.arn },
    { parent, dependsOn: role.readyDependencies },
  );
}
