/**
 * Stack config of the trading-foundation scenario (namespace `finguard-reference`), with the
 * brief's values as defaults.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../components";

export interface TradingFoundationConfig {
  vpcCidr: string;
  privateSubnetCidrs: string[];
  /** Short names of the API keys kept in Parameter Store. */
  apiKeyNames: string[];
  /** EventBridge schedule of the rotation (the brief: every 30 days). */
  rotationSchedule: string;
  /** Lifecycle expiration of the flow-log bucket (the brief: 90 days). */
  flowLogRetentionDays: number;
  /** CloudWatch Logs retention (default 365, PCI DSS 10.5.1). */
  logRetentionDays: number;
  kmsDeletionWindowInDays: number;
}

export function tradingFoundationConfig(): TradingFoundationConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return {
    vpcCidr: config.get("vpcCidr") ?? "10.0.0.0/16",
    privateSubnetCidrs: config.getObject<string[]>("privateSubnetCidrs") ?? [
      "10.0.1.0/24",
      "10.0.2.0/24",
      "10.0.3.0/24",
    ],
    apiKeyNames: config.getObject<string[]>("apiKeyNames") ?? ["exchange", "market-data"],
    rotationSchedule: config.get("rotationSchedule") ?? "rate(30 days)",
    flowLogRetentionDays: config.getNumber("flowLogRetentionDays") ?? 90,
    logRetentionDays: config.getNumber("logRetentionDays") ?? 365,
    kmsDeletionWindowInDays: config.getNumber("kmsDeletionWindowInDays") ?? 30,
  };
}
