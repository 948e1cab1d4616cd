/**
 * Encryption concern: one customer-managed key for the loan data (Aurora storage and the master
 * user secret RDS manages) and one for logs (CloudWatch log groups, the VPC flow-log bucket).
 * Both rotate yearly with a bounded deletion window; key policies keep `kms:*` for the account
 * root only and give AWS services exactly the operations they need under source conditions.
 */
import * as pulumi from "@pulumi/pulumi";
import { KmsKey, kmsGrants, type ScenarioContext } from "../components";

export const CONFIDENTIAL = "Confidential";

export interface LoanSecurityArgs {
  context: ScenarioContext;
  kmsDeletionWindowInDays: number;
}

export class LoanSecurity extends pulumi.ComponentResource {
  /** Aurora storage, snapshots and the RDS-managed master user secret. */
  readonly dataKey: KmsKey;
  /** CloudWatch log groups (tasks, database, API access) and the flow-log bucket. */
  readonly logsKey: KmsKey;

  constructor(name: string, args: LoanSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:loan-processing:Security", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    this.dataKey = new KmsKey(
      ctx.name("data-key"),
      {
        context: ctx,
        kind: "data-key",
        description: "Loan application database (Aurora storage, snapshots, master user secret)",
        deletionWindowInDays: args.kmsDeletionWindowInDays,
        tags: { DataClassification: CONFIDENTIAL },
      },
      child,
    );
    this.logsKey = new KmsKey(
      ctx.name("logs-key"),
      {
        context: ctx,
        kind: "logs-key",
        description: "CloudWatch Logs and VPC flow logs of the loan application",
        deletionWindowInDays: args.kmsDeletionWindowInDays,
        serviceGrants: [kmsGrants.cloudWatchLogs(ctx), kmsGrants.logDelivery(ctx)],
      },
      child,
    );
    this.registerOutputs({});
  }
}
