/**
 * Stack config of the zero-trust-payments scenario (namespace `finguard-reference`), with the
 * brief's values as defaults.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../components";

export interface DatabaseSettings {
  host: string;
  port: number;
  dbname: string;
  username: string;
}

export interface ZeroTrustPaymentsConfig {
  vpcCidr: string;
  privateSubnetCidrs: string[];
  flowLogRetentionDays: number;
  logRetentionDays: number;
  kmsDeletionWindowInDays: number;
  /** Days between rotations of the database secret (the brief: 30). */
  secretRotationDays: number;
  /** 0 (force delete) or 7-30. */
  secretRecoveryWindowInDays: number;
  /** Connection settings stored in the secret (no database is deployed by default). */
  database: DatabaseSettings;
  /** `none` (no database: rotation updates the secret only) or `postgres` (needs a driver). */
  databaseMode: "none" | "postgres";
  /** Launch one SSM-managed workload instance to reach through Session Manager. */
  createWorkloadInstance: boolean;
  instanceType: string;
  /** Create a CloudTrail trail feeding the failed-authentication metric filters. */
  createTrail: boolean;
  /** Threshold of the application authentication-failure alarm (per 5 minutes). */
  applicationAuthFailureThreshold: number;
}

export function zeroTrustPaymentsConfig(): ZeroTrustPaymentsConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const databaseMode = config.get("databaseMode") ?? "none";
  if (databaseMode !== "none" && databaseMode !== "postgres") {
    throw new Error(`finguard-reference:databaseMode must be none or postgres, got '${databaseMode}'.`);
  }
  return {
    vpcCidr: config.get("vpcCidr") ?? "10.0.0.0/16",
    privateSubnetCidrs: config.getObject<string[]>("privateSubnetCidrs") ?? [
      "10.0.1.0/24",
      "10.0.2.0/24",
      "10.0.3.0/24",
    ],
    flowLogRetentionDays: config.getNumber("flowLogRetentionDays") ?? 90,
    logRetentionDays: config.getNumber("logRetentionDays") ?? 365,
    kmsDeletionWindowInDays: config.getNumber("kmsDeletionWindowInDays") ?? 30,
    secretRotationDays: config.getNumber("secretRotationDays") ?? 30,
    secretRecoveryWindowInDays: config.getNumber("secretRecoveryWindowInDays") ?? 7,
    database: config.getObject<DatabaseSettings>("database") ?? {
      host: "payments-db.internal",
      port: 5432,
      dbname: "payments",
      username: "payments_app",
    },
    databaseMode,
    createWorkloadInstance: config.getBoolean("createWorkloadInstance") ?? true,
    instanceType: config.get("instanceType") ?? "t3.micro",
    createTrail: config.getBoolean("createTrail") ?? true,
    applicationAuthFailureThreshold: config.getNumber("applicationAuthFailureThreshold") ?? 5,
  };
}
