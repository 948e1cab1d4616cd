/**
 * Stack config of the payment-api scenario (namespace `finguard-reference`), with the brief's
 * values as defaults. The custom domain and its ACM certificate come from config (they belong to
 * the client's DNS and PKI); the mutual-TLS truststore is a PEM bundle of client CA certificates.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../components";

export interface PaymentApiConfig {
  vpcCidr: string;
  privateSubnetCidrs: string[];
  /** CloudWatch Logs retention (the brief: 90 days). */
  logRetentionDays: number;
  flowLogRetentionDays: number;
  kmsDeletionWindowInDays: number;
  /** Custom domain of the API, e.g. `payments.example.com` (mutual TLS is configured on it). */
  domainName: string;
  /** ACM certificate for `domainName`, in the stack's region. */
  certificateArn: string;
  /** PEM file with the client CA certificates (path relative to the repository root, or absolute). */
  truststoreFile: string;
  stageName: string;
  /** Stage throttling: steady requests per second and burst. */
  throttleRateLimit: number;
  throttleBurstLimit: number;
  /** WAF rate-based rule: requests per client IP per 5 minutes. */
  wafRateLimit: number;
  /** ISO 3166 alpha-2 codes blocked by the WAF geo rule (the brief: "geo-blocking if needed"). */
  blockedCountryCodes: string[];
  /** CloudTrail trail for KMS key usage (management events), with metric filters. */
  createTrail: boolean;
  /** API Gateway's account-level CloudWatch role (one per account and region). */
  manageApiGatewayAccount: boolean;
  /** Enable Security Hub with the PCI DSS standard (account-level; off by default). */
  enableSecurityHub: boolean;
  /** 5XX responses per 5 minutes that raise the API error alarm. */
  apiErrorThreshold: number;
}

export const DEFAULT_TRUSTSTORE_FILE = path.join(
  "reference-stacks",
  "payment-api",
  "truststore",
  "example-client-ca.pem",
);

export function paymentApiConfig(): PaymentApiConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return {
    vpcCidr: config.get("vpcCidr") ?? "10.30.0.0/16",
    privateSubnetCidrs: config.getObject<string[]>("privateSubnetCidrs") ?? [
      "10.30.1.0/24",
      "10.30.2.0/24",
      "10.30.3.0/24",
    ],
    logRetentionDays: config.getNumber("logRetentionDays") ?? 90,
    flowLogRetentionDays: config.getNumber("flowLogRetentionDays") ?? 90,
    kmsDeletionWindowInDays: config.getNumber("kmsDeletionWindowInDays") ?? 30,
    domainName: config.require("domainName"),
    certificateArn: config.require("certificateArn"),
    truststoreFile: config.get("truststoreFile") ?? DEFAULT_TRUSTSTORE_FILE,
    stageName: config.get("stageName") ?? "v1",
    throttleRateLimit: config.getNumber("throttleRateLimit") ?? 100,
    throttleBurstLimit: config.getNumber("throttleBurstLimit") ?? 200,
    wafRateLimit: config.getNumber("wafRateLimit") ?? 1000,
    blockedCountryCodes: config.getObject<string[]>("blockedCountryCodes") ?? [],
    createTrail: config.getBoolean("createTrail") ?? true,
    manageApiGatewayAccount: config.getBoolean("manageApiGatewayAccount") ?? true,
    enableSecurityHub: config.getBoolean("enableSecurityHub") ?? false,
    apiErrorThreshold: config.getNumber("apiErrorThreshold") ?? 5,
  };
}
