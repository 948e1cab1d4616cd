/**
 * Monitoring concern: every log group of the application created up front, encrypted with the
 * logs key and kept 365 days (the brief): the tasks' container logs, Aurora's audit, error and
 * slow-query exports (created here so RDS does not create them unencrypted with no retention),
 * and the API's access log. Container Insights is switched on by the cluster (compute.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { SecureLogGroup, type KmsKey, type ScenarioContext } from "../components";

/** The Aurora log exports the brief's "CloudWatch Log Group for RDS" covers. */
export const DB_LOG_EXPORTS = ["audit", "error", "slowquery"] as const;

export interface LoanMonitoringArgs {
  context: ScenarioContext;
  logsKey: KmsKey;
  logRetentionDays: number;
  /** Aurora cluster identifier: RDS writes to `/aws/rds/cluster/<id>/<export>`. */
  dbClusterIdentifier: string;
  apiName: string;
}

export class LoanMonitoring extends pulumi.ComponentResource {
  readonly appLogGroup: SecureLogGroup;
  readonly dbLogGroups: SecureLogGroup[];
  readonly apiAccessLogGroup: SecureLogGroup;

  constructor(name: string, args: LoanMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:loan-processing:Monitoring", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const logGroup = (kind: string, logGroupName: string) =>
      new SecureLogGroup(
        ctx.name(kind),
        { context: ctx, logGroupName, kmsKey: args.logsKey, retentionInDays: args.logRetentionDays },
        child,
      );
    this.appLogGroup = logGroup("app-logs", `/ecs/${ctx.name("app")}`);
    this.dbLogGroups = DB_LOG_EXPORTS.map((kind) =>
      logGroup(`db-${kind}-logs`, `/aws/rds/cluster/${args.dbClusterIdentifier}/${kind}`),
    );
    this.apiAccessLogGroup = logGroup("api-access-logs", `/aws/apigateway/${args.apiName}/access`);
    this.registerOutputs({});
  }
}
