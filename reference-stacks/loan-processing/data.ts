/**
 * Data concern: Aurora MySQL Serverless v2 (0.5-4 ACU, the brief), a writer and a reader in
 * different AZs of the data tier, storage and the RDS-managed master user secret encrypted with the
 * data key, IAM database authentication for the application, TLS required by the cluster parameter
 * group, audit/error/slow-query logs exported to the encrypted log groups, 7-day backups. The
 * cluster is destroyable (no deletion protection, no final snapshot), as the guardrails require:
 * backups and the PITR window, not a retained copy, protect the data.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, type KmsKey, type ScenarioContext } from "../components";
import { DB_LOG_EXPORTS } from "./monitoring";

export const AURORA_ENGINE = "aurora-mysql";
export const AURORA_ENGINE_VERSION = "8.0.mysql_aurora.3.08.0";
export const DATABASE_NAME = "loans";

export interface LoanDataArgs {
  context: ScenarioContext;
  clusterIdentifier: string;
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  dataKey: KmsKey;
  minCapacity: number;
  maxCapacity: number;
  backupRetentionDays: number;
  /** The log groups RDS exports to: created first. */
  logGroups: pulumi.Resource[];
}

export class LoanDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoanDataError";
  }
}

/** Serverless v2 capacity: 0.5-256 ACU in steps of 0.5, min <= max. */
export function assertCapacity(min: number, max: number): void {
  const valid = (acu: number) => acu >= 0.5 && acu <= 256 && Number.isInteger(acu * 2);
  if (!valid(min) || !valid(max) || min > max) {
    throw new LoanDataError(
      `Aurora Serverless v2 capacity ${min}-${max} ACU: use 0.5-256 in steps of 0.5, min <= max.`,
    );
  }
}

export class LoanData extends pulumi.ComponentResource {
  readonly subnetGroup: aws.rds.SubnetGroup;
  readonly parameterGroup: aws.rds.ClusterParameterGroup;
  readonly cluster: aws.rds.Cluster;
  readonly instances: aws.rds.ClusterInstance[];

  constructor(name: string, args: LoanDataArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:loan-processing:Data", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    assertCapacity(args.minCapacity, args.maxCapacity);

    const subnetGroupName = ctx.name("db-subnets");
    this.subnetGroup = new aws.rds.SubnetGroup(
      subnetGroupName,
      {
        name: subnetGroupName,
        description: "Data tier of the loan application (private, three AZs)",
        subnetIds: args.subnetIds,
        tags: resourceTags(subnetGroupName),
      },
      child,
    );
    const parameterGroupName = ctx.name("db-params");
    this.parameterGroup = new aws.rds.ClusterParameterGroup(
      parameterGroupName,
      {
        name: parameterGroupName,
        family: "aurora-mysql8.0",
        description: "TLS only, audit and slow-query logging",
        parameters: [
          { name: "require_secure_transport", value: "ON" },
          { name: "tls_version", value: "TLSv1.2,TLSv1.3", applyMethod: "pending-reboot" },
          { name: "server_audit_logging", value: "1" },
          { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL" },
          { name: "slow_query_log", value: "1" },
          { name: "long_query_time", value: "2" },
        ],
        tags: resourceTags(parameterGroupName),
      },
      child,
    );
    this.cluster = new aws.rds.Cluster(
      args.clusterIdentifier,
      {
        clusterIdentifier: args.clusterIdentifier,
        engine: AURORA_ENGINE,
        engineMode: "provisioned",
        engineVersion: AURORA_ENGINE_VERSION,
        databaseName: DATABASE_NAME,
        masterUsername: "loan_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.dataKey.arn,
        storageEncrypted: true,
        kmsKeyId: args.dataKey.arn,
        iamDatabaseAuthenticationEnabled: true,
        serverlessv2ScalingConfiguration: { minCapacity: args.minCapacity, maxCapacity: args.maxCapacity },
        dbSubnetGroupName: this.subnetGroup.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        dbClusterParameterGroupName: this.parameterGroup.name,
        enabledCloudwatchLogsExports: [...DB_LOG_EXPORTS],
        backupRetentionPeriod: args.backupRetentionDays,
        preferredBackupWindow: "02:00-03:00",
        preferredMaintenanceWindow: "sun:03:30-sun:04:30",
        copyTagsToSnapshot: true,
        deletionProtection: false,
        skipFinalSnapshot: true,
        tags: resourceTags(args.clusterIdentifier),
      },
      { parent: this, dependsOn: args.logGroups },
    );
    // A writer and a reader: Serverless v2 is Multi-AZ through instances in different AZs.
    this.instances = ["writer", "reader"].map((role, i) => {
      const identifier = ctx.name(`db-${role}`);
      return new aws.rds.ClusterInstance(
        identifier,
        {
          identifier,
          clusterIdentifier: this.cluster.id,
          instanceClass: "db.serverless",
          engine: AURORA_ENGINE,
          engineVersion: AURORA_ENGINE_VERSION,
          availabilityZone: ctx.availabilityZones[i],
          publiclyAccessible: false,
          autoMinorVersionUpgrade: true,
          promotionTier: i,
          tags: resourceTags(identifier),
        },
        child,
      );
    });
    this.registerOutputs({ endpoint: this.cluster.endpoint });
  }
}
