/**
 * Stack config of the loan-processing scenario (namespace `finguard-reference`), with the brief's
 * values as defaults. The container image must be pinned by digest (a tag such as `latest` can
 * change under a running service), and the ALB's certificate comes from config (the client's PKI).
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../components";

export interface LoanProcessingConfig {
  vpcCidr: string;
  /** Private tier for the internal load balancer and the API's VPC link (the brief's "public" tier). */
  ingressSubnetCidrs: string[];
  /** Private tier for the ECS tasks. */
  appSubnetCidrs: string[];
  /** Private tier for Aurora. */
  dataSubnetCidrs: string[];
  /** `<registry>/<repository>@sha256:<64 hex>`, an ECR image of this account and region. */
  containerImage: string;
  containerPort: number;
  healthCheckPath: string;
  taskCpu: number;
  taskMemory: number;
  minTasks: number;
  maxTasks: number;
  cpuTargetPercent: number;
  memoryTargetPercent: number;
  dbMinCapacity: number;
  dbMaxCapacity: number;
  dbBackupRetentionDays: number;
  /** Database user the tasks connect as with IAM authentication. */
  dbIamUser: string;
  /** CloudWatch Logs retention (the brief: 365 days). */
  logRetentionDays: number;
  flowLogRetentionDays: number;
  /** ALB access logs: to Glacier after this many days (the brief: 90), expired after albLogExpirationDays. */
  albLogTransitionDays: number;
  albLogExpirationDays: number;
  /** ACM certificate of the internal load balancer's HTTPS listener, in the stack's region. */
  certificateArn: string;
  /** Host name on that certificate: the API verifies it when it connects to the load balancer. */
  loadBalancerHostName: string;
  kmsDeletionWindowInDays: number;
  /** API stage throttling: steady requests per second and burst. */
  throttleRateLimit: number;
  throttleBurstLimit: number;
}

export class LoanProcessingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoanProcessingConfigError";
  }
}

const DIGEST_PINNED =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9._/-]+)@sha256:[0-9a-f]{64}$/;

export interface EcrImage {
  accountId: string;
  region: string;
  repository: string;
}

/** Parses a digest-pinned ECR image reference; throws naming what is wrong otherwise. */
export function parsePinnedImage(image: string): EcrImage {
  const match = DIGEST_PINNED.exec(image);
  if (!match) {
    const hint = /:[^/@]+$/.test(image) ? " (a tag is not a pin: use the image's @sha256 digest)" : "";
    throw new LoanProcessingConfigError(
      `containerImage '${image}' must be an ECR image pinned by digest, ` +
        `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex digits>${hint}.`,
    );
  }
  return { accountId: match[1], region: match[2], repository: match[3] };
}

export function loanProcessingConfig(): LoanProcessingConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return {
    vpcCidr: config.get("vpcCidr") ?? "10.0.0.0/16",
    ingressSubnetCidrs: config.getObject<string[]>("ingressSubnetCidrs") ?? [
      "10.0.1.0/24",
      "10.0.2.0/24",
      "10.0.3.0/24",
    ],
    appSubnetCidrs: config.getObject<string[]>("appSubnetCidrs") ?? [
      "10.0.11.0/24",
      "10.0.12.0/24",
      "10.0.13.0/24",
    ],
    dataSubnetCidrs: config.getObject<string[]>("dataSubnetCidrs") ?? [
      "10.0.21.0/24",
      "10.0.22.0/24",
      "10.0.23.0/24",
    ],
    containerImage: config.require("containerImage"),
    containerPort: config.getNumber("containerPort") ?? 8080,
    healthCheckPath: config.get("healthCheckPath") ?? "/health",
    taskCpu: config.getNumber("taskCpu") ?? 512,
    taskMemory: config.getNumber("taskMemory") ?? 1024,
    minTasks: config.getNumber("minTasks") ?? 2,
    maxTasks: config.getNumber("maxTasks") ?? 10,
    cpuTargetPercent: config.getNumber("cpuTargetPercent") ?? 70,
    memoryTargetPercent: config.getNumber("memoryTargetPercent") ?? 80,
    dbMinCapacity: config.getNumber("dbMinCapacity") ?? 0.5,
    dbMaxCapacity: config.getNumber("dbMaxCapacity") ?? 4,
    dbBackupRetentionDays: config.getNumber("dbBackupRetentionDays") ?? 7,
    dbIamUser: config.get("dbIamUser") ?? "loan_app",
    logRetentionDays: config.getNumber("logRetentionDays") ?? 365,
    flowLogRetentionDays: config.getNumber("flowLogRetentionDays") ?? 365,
    albLogTransitionDays: config.getNumber("albLogTransitionDays") ?? 90,
    albLogExpirationDays: config.getNumber("albLogExpirationDays") ?? 365,
    certificateArn: config.require("certificateArn"),
    loadBalancerHostName: config.require("loadBalancerHostName"),
    kmsDeletionWindowInDays: config.getNumber("kmsDeletionWindowInDays") ?? 30,
    throttleRateLimit: config.getNumber("throttleRateLimit") ?? 50,
    throttleBurstLimit: config.getNumber("throttleBurstLimit") ?? 100,
  };
}
