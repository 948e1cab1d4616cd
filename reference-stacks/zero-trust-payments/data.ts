/**
 * Data concern: the payment-data bucket (S3 key) and the transactions table (data key), both
 * tagged for attribute-based access control (Environment, CostCenter from the provider,
 * DataClassification=Restricted here).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, SecureBucket, type KmsKey, type ScenarioContext } from "../components";

export const RESTRICTED = "Restricted";

export interface ZtpDataArgs {
  context: ScenarioContext;
  s3Key: KmsKey;
  dataKey: KmsKey;
}

export class ZtpData extends pulumi.ComponentResource {
  readonly bucket: SecureBucket;
  readonly table: aws.dynamodb.Table;
  readonly tableName: string;
  /** Known during preview. */
  readonly tableArn: pulumi.Output<string>;

  constructor(name: string, args: ZtpDataArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:zero-trust-payments:Data", name, {}, opts);
    const ctx = args.context;
    this.bucket = new SecureBucket(
      ctx.name("payment-data"),
      {
        context: ctx,
        kind: "payment-data",
        kmsKey: args.s3Key,
        purpose: "data",
        noncurrentVersionExpirationDays: 90,
        tags: { DataClassification: RESTRICTED },
      },
      { parent: this },
    );
    this.tableName = ctx.name("transactions");
    this.tableArn = ctx.arn("dynamodb", `table/${this.tableName}`);
    this.table = new aws.dynamodb.Table(
      this.tableName,
      {
        name: this.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "transactionId",
        attributes: [{ name: "transactionId", type: "S" }],
        serverSideEncryption: { enabled: true, kmsKeyArn: args.dataKey.arn },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: false,
        tags: resourceTags(this.tableName, { DataClassification: RESTRICTED }),
      },
      { parent: this },
    );
    this.registerOutputs({ tableName: this.tableName });
  }
}
