/**
 * Stack config of the financial-data-pii scenario (namespace `finguard-reference`), with the
 * brief's values as defaults.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../components";

export interface FinancialDataPiiConfig {
  vpcCidr: string;
  /** At least two (the brief: multi-AZ across at least 2 AZs). */
  privateSubnetCidrs: string[];
  /** CloudWatch Logs retention of every log group: exactly 90 days (the brief). */
  logRetentionDays: number;
  /** Lifecycle expiration of the flow-log bucket (>= 90). */
  flowLogRetentionDays: number;
  /** Noncurrent versions of the data bucket move to Glacier after this many days (the brief: 30). */
  glacierTransitionDays: number;
  /** ... and expire after this many days (Glacier bills at least 90 days). */
  noncurrentVersionExpirationDays: number;
  kmsDeletionWindowInDays: number;
  /** REST API stage name. */
  stageName: string;
  /** Usage-plan and stage throttling (requests per second, burst). */
  throttleRateLimit: number;
  throttleBurstLimit: number;
  /** Usage-plan quota per day for the API key. */
  dailyQuota: number;
  /** Scanner limits. */
  maxObjectBytes: number;
  maxFindings: number;
  /** Rejected API calls (401/403) per 5 minutes that raise the unauthorized-access alarm. */
  unauthorizedThreshold: number;
  /** Set API Gateway's account-level CloudWatch role (needed for access logs; one per account and region). */
  manageApiGatewayAccount: boolean;
}

export function financialDataPiiConfig(): FinancialDataPiiConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return {
    vpcCidr: config.get("vpcCidr") ?? "10.20.0.0/16",
    privateSubnetCidrs: config.getObject<string[]>("privateSubnetCidrs") ?? ["10.20.1.0/24", "10.20.2.0/24"],
    logRetentionDays: config.getNumber("logRetentionDays") ?? 90,
    flowLogRetentionDays: config.getNumber("flowLogRetentionDays") ?? 90,
    glacierTransitionDays: config.getNumber("glacierTransitionDays") ?? 30,
    noncurrentVersionExpirationDays: config.getNumber("noncurrentVersionExpirationDays") ?? 365,
    kmsDeletionWindowInDays: config.getNumber("kmsDeletionWindowInDays") ?? 30,
    stageName: config.get("stageName") ?? "v1",
    throttleRateLimit: config.getNumber("throttleRateLimit") ?? 20,
    throttleBurstLimit: config.getNumber("throttleBurstLimit") ?? 40,
    dailyQuota: config.getNumber("dailyQuota") ?? 10000,
    maxObjectBytes: config.getNumber("maxObjectBytes") ?? 50 * 1024 * 1024,
    maxFindings: config.getNumber("maxFindings") ?? 1000,
    unauthorizedThreshold: config.getNumber("unauthorizedThreshold") ?? 5,
    manageApiGatewayAccount: config.getBoolean("manageApiGatewayAccount") ?? true,
  };
}
