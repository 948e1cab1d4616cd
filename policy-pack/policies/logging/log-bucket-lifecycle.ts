/**
 * Buckets that receive logs (VPC flow logs, load balancer access logs, S3 server access logging,
 * CloudTrail) expire them through a lifecycle configuration, and no sooner than the retention PCI
 * DSS 10.5.1 asks for (10.3.3: the central log store's retention is managed; 10.3.2: logs are not
 * deleted early).
 *
 * A log bucket is found through the log sources' `propertyDependencies` (or a literal bucket name),
 * and its lifecycle through the `bucket` input of `aws.s3.BucketLifecycleConfiguration` (or the
 * deprecated V2 token, or the bucket's inline `lifecycleRules`), so this is decided during preview
 * although every id and ARN is unknown. Decisions:
 * - No lifecycle at all, or no Enabled rule with an expiration, means logs are kept forever,
 *   unmanaged: a violation unless `allowNeverExpire` (3.2.1 wants a retention policy, and an
 *   unbounded log store also holds whatever cardholder data leaked into logs).
 * - Every Enabled rule that expires objects must do so after at least `minimumDays` (and
 *   `archiveDays` when set). Rule filters are not matched against the sources' prefixes: a rule
 *   that may delete log objects early is reported.
 * - 10.5.1 wants the most recent three months immediately available: a rule that moves objects to
 *   GLACIER or DEEP_ARCHIVE (restore needed) before `minimumDays` is reported. GLACIER_IR and the
 *   infrequent-access classes stay immediately available.
 *
 * The default `minimumDays` of 90 covers only that immediately available part. The full 12 months
 * need an archive: for example transition to GLACIER at 90 days and expire at 365 or later; set
 * `archiveDays: 365` to require that total retention.
 */
import { PolicyConfigError, readNumber, type RawConfig } from "../../lib/config";
import type { StackCheckInput, StackCheckResult, Finding, StackPolicyDefinition } from "../../lib/policy";
import {
  configurationRules,
  describeAge,
  inlineRules,
  type LifecycleRule,
  type RulesRead,
} from "./lifecycle-rules";
import { BUCKET_TYPES, describeSources, findLogBuckets, type LogBucket } from "./log-buckets";
import {
  ALLOW_NEVER_EXPIRE_SCHEMA,
  MAX_RETENTION_DAYS,
  MINIMUM_DAYS_SCHEMA,
  readAllowNeverExpire,
  readMinimumDays,
  type NeverExpireConfig,
} from "./retention";

/** Storage classes whose objects must be restored before they can be read. */
const ARCHIVE_CLASSES: ReadonlySet<string> = new Set(["GLACIER", "DEEP_ARCHIVE"]);

export interface LogBucketLifecycleConfig extends NeverExpireConfig {
  minimumDays: number;
  /** Total retention required (0: off). */
  archiveDays: number;
}

function parseConfig(raw: RawConfig): LogBucketLifecycleConfig {
  const minimumDays = readMinimumDays(raw);
  const archiveDays = readNumber(raw, "archiveDays", { min: 0, max: MAX_RETENTION_DAYS });
  if (archiveDays !== 0 && (!Number.isInteger(archiveDays) || archiveDays < minimumDays)) {
    throw new PolicyConfigError(
      `'archiveDays' must be 0 (off) or a whole number >= 'minimumDays' (${minimumDays}), got ${archiveDays}`,
    );
  }
  return { minimumDays, archiveDays, allowNeverExpire: readAllowNeverExpire(raw) };
}

/** The expiration every rule must respect, and why, for messages. */
function requiredExpiration(config: LogBucketLifecycleConfig): { days: number; why: string } {
  return config.archiveDays > 0
    ? { days: config.archiveDays, why: "archiveDays: total retention; PCI DSS 10.5.1 asks for 12 months" }
    : { days: config.minimumDays, why: "minimumDays" };
}

function expirationFindings(rule: LifecycleRule, config: LogBucketLifecycleConfig): string[] {
  const required = requiredExpiration(config);
  const expected = `expected expiration.days >= ${required.days} (${required.why})`;
  const { expiration } = rule;
  const early = expiration.kind === "date" || (expiration.kind === "days" && expiration.days < required.days);
  return early ? [`${rule.label} expires objects ${describeAge(expiration)}; ${expected}.`] : [];
}

function archiveFindings(rule: LifecycleRule, config: LogBucketLifecycleConfig): string[] {
  return rule.transitions
    .filter((t) => ARCHIVE_CLASSES.has(t.storageClass))
    .filter((t) => t.after.kind === "date" || (t.after.kind === "days" && t.after.days < config.minimumDays))
    .map(
      (t) =>
        `${rule.label} moves objects to ${t.storageClass} ${describeAge(t.after)}; the most recent ${config.minimumDays} ` +
        `days of logs must stay immediately available (PCI DSS 10.5.1): transition no sooner than day ` +
        `${config.minimumDays}, or use GLACIER_IR.`,
    );
}

/** Every source of lifecycle rules of the bucket: configuration resources and inline rules. */
function lifecycleReads(logBucket: LogBucket): RulesRead[] {
  const inline = inlineRules(logBucket.bucket);
  return [...logBucket.lifecycleConfigurations.map(configurationRules), ...(inline ? [inline] : [])];
}

/** Why the bucket keeps logs forever, or undefined when some Enabled rule expires them. */
function keptForever(
  receives: string,
  rules: LifecycleRule[] | undefined,
  required: number,
): Finding | undefined {
  const wanted = `an Enabled rule whose expiration.days >= ${required}`;
  if (!rules) {
    return {
      id: "missing-lifecycle",
      message:
        `${receives} but has no lifecycle configuration: logs are kept forever, unmanaged. ` +
        `Expected an aws.s3.BucketLifecycleConfiguration with ${wanted}.`,
    };
  }
  if (rules.some((rule) => rule.enabled && rule.expiration.kind !== "none")) return undefined;
  return {
    id: "never-expires",
    message: `${receives} but no Enabled lifecycle rule expires objects: logs never expire. Expected ${wanted}.`,
  };
}

function checkLogBucket(logBucket: LogBucket, config: LogBucketLifecycleConfig): StackCheckResult {
  const urn = logBucket.bucket.urn;
  const reads = lifecycleReads(logBucket);
  const unknown = reads.find((read) => read.kind === "unknown");
  if (unknown) return { findings: [], deferred: [{ urn, reason: unknown.reason }] };
  const known = reads.filter((read): read is Extract<RulesRead, { kind: "read" }> => read.kind === "read");
  const rules = known.flatMap((read) => read.rules);
  const findings: Finding[] = known
    .flatMap((read) => read.malformed)
    .map((message) => ({ id: "malformed", message }));
  if (!config.allowNeverExpire) {
    const receives = `This bucket receives ${describeSources(logBucket.sources)}`;
    const forever = keptForever(
      receives,
      known.length > 0 ? rules : undefined,
      requiredExpiration(config).days,
    );
    if (forever) findings.push(forever);
  }
  for (const rule of rules.filter((r) => r.enabled)) {
    findings.push(
      ...expirationFindings(rule, config).map((message) => ({ id: `expires-early:${rule.id}`, message })),
    );
    findings.push(
      ...archiveFindings(rule, config).map((message) => ({ id: `archived-early:${rule.id}`, message })),
    );
  }
  return { findings: findings.map((finding) => ({ ...finding, urn })) };
}

export function checkLogBucketLifecycle(input: StackCheckInput<LogBucketLifecycleConfig>): StackCheckResult {
  const results = findLogBuckets(input.graph).map((logBucket) => checkLogBucket(logBucket, input.config));
  return {
    findings: results.flatMap((r) => r.findings),
    deferred: results.flatMap((r) => r.deferred ?? []),
  };
}

export const logBucketLifecycle: StackPolicyDefinition<LogBucketLifecycleConfig> = {
  kind: "stack",
  name: "logging-log-bucket-lifecycle",
  displayName: "Log bucket lifecycle",
  description:
    "Buckets that receive flow logs, load balancer logs, S3 access logs or CloudTrail expire them through an " +
    "Enabled lifecycle rule, no sooner than the configured retention.",
  area: "logging",
  severity: "medium",
  pci: ["10.5.1", "10.3.3", "10.3.2"],
  remediationSteps:
    "Attach an `aws.s3.BucketLifecycleConfiguration` to the log bucket (`bucket: logBucket.id`) with an Enabled " +
    "rule whose `expiration.days` is at least the required retention (365 for PCI DSS 10.5.1's 12 months). Keep " +
    "the first 90 days immediately available: transition to GLACIER or DEEP_ARCHIVE no sooner than that (or use " +
    "GLACIER_IR). Remove rules that expire objects earlier.",
  appliesTo: new Set(BUCKET_TYPES),
  configProperties: {
    minimumDays: MINIMUM_DAYS_SCHEMA,
    archiveDays: {
      type: "integer",
      minimum: 0,
      maximum: MAX_RETENTION_DAYS,
      default: 0,
      description:
        "Total retention (hot plus archive) that every expiration must reach, e.g. 365 for PCI DSS 10.5.1; 0: off.",
    },
    allowNeverExpire: ALLOW_NEVER_EXPIRE_SCHEMA,
  },
  examples: {
    compliant: `const logs = new aws.s3.Bucket("flow-logs-prod", {});
new aws.ec2.FlowLog("vpc-flow-prod", { vpcId: vpc.id, logDestinationType: "s3", logDestination: logs.arn, trafficType: "ALL" });
new aws.s3.BucketLifecycleConfiguration("flow-logs-lifecycle-prod", {
  bucket: logs.id,
  rules: [{
    id: "archive-then-expire",
    status: "Enabled",
    transitions: [{ days: 90, storageClass: "GLACIER" }],
    expiration: { days: 365 },
  }],
});`,
    violating: `const logs = new aws.s3.Bucket("trail-logs-prod", {});
new aws.cloudtrail.Trail("trail-prod", { s3BucketName: logs.id });
new aws.s3.BucketLifecycleConfiguration("trail-logs-lifecycle-prod", {
  bucket: logs.id,
  rules: [{ id: "short", status: "Enabled", expiration: { days: 30 } }], // audit logs deleted after 30 days
});`,
  },
  parseConfig,
  check: checkLogBucketLifecycle,
};
