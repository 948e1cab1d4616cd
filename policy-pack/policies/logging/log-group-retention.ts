/**
 * CloudWatch log groups keep their events for a deliberate, finite time (PCI DSS 10.5.1: audit log
 * history is retained; 10.3.3: logs live in a central store whose retention is managed).
 *
 * 10.5.1 asks for at least 12 months of history with the most recent three months immediately
 * available. The default minimum of 90 days covers only that immediately available part: the full
 * 12 months need either `minimumDays: 365` here or an archive, such as a subscription to an S3
 * bucket whose lifecycle moves logs to Glacier and expires them no sooner than 365 days (see
 * `logging-log-bucket-lifecycle` and its `archiveDays`).
 *
 * `mode` chooses the rule: `minimum` (at least `minimumDays`), `exact` (exactly `minimumDays`,
 * for briefs that demand "exactly 90 days") or `range` (between `minimumDays` and `maximumDays`,
 * for data-minimisation limits). `retentionInDays` absent or 0 means events never expire: that
 * satisfies a minimum but is no retention policy, so it is reported unless `allowNeverExpire` (in
 * `minimum` mode), and it always exceeds an exact value or a maximum. CloudWatch accepts only
 * its own list of values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
 * 1827, 2192, 2557, 2922, 3288, 3653): anything else is reported as malformed rather than left to
 * fail at deployment. `logGroupClass: "DELIVERY"` forces the retention to 2 days whatever is set.
 */
import { PolicyConfigError, readEnum, type RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isUnknown, undecidable } from "../../lib/values";
import {
  ALLOW_NEVER_EXPIRE_SCHEMA,
  MAX_RETENTION_DAYS,
  MINIMUM_DAYS_SCHEMA,
  describeValue,
  parseDays,
  readAllowNeverExpire,
  readMinimumDays,
  readWholeDays,
  type NeverExpireConfig,
} from "./retention";

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** The values CloudWatch Logs accepts for `retentionInDays` (0 means never expire). */
export const CLOUDWATCH_RETENTION_DAYS: ReadonlySet<number> = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

/** CloudWatch forces this retention on log groups of class DELIVERY. */
const DELIVERY_CLASS_DAYS = 2;

const MODES = ["minimum", "exact", "range"] as const;
export type RetentionMode = (typeof MODES)[number];

export interface LogGroupRetentionConfig extends NeverExpireConfig {
  mode: RetentionMode;
  minimumDays: number;
  maximumDays: number;
}

function parseConfig(raw: RawConfig): LogGroupRetentionConfig {
  const config = {
    mode: readEnum(raw, "mode", MODES),
    minimumDays: readMinimumDays(raw),
    maximumDays: readWholeDays(raw, "maximumDays", 1),
    allowNeverExpire: readAllowNeverExpire(raw),
  };
  if (config.mode === "exact" && !CLOUDWATCH_RETENTION_DAYS.has(config.minimumDays)) {
    throw new PolicyConfigError(
      `'minimumDays' must be a CloudWatch retention value in exact mode (${[...CLOUDWATCH_RETENTION_DAYS].join(", ")}), got ${config.minimumDays}`,
    );
  }
  if (config.mode === "range" && config.maximumDays < config.minimumDays) {
    throw new PolicyConfigError(
      `'maximumDays' (${config.maximumDays}) must be >= 'minimumDays' (${config.minimumDays})`,
    );
  }
  return config;
}

/** A log group's effective retention: days, never, or why it cannot be read. */
type Retention =
  | { kind: "days"; days: number; shown: string }
  | { kind: "never"; shown: string }
  | { kind: "malformed"; message: string };

function declaredRetention(value: unknown): Retention {
  if (value === undefined || value === null) return { kind: "never", shown: "not set: events never expire" };
  const days = parseDays(value);
  if (days === 0) return { kind: "never", shown: "0: events never expire" };
  if (days === undefined || !CLOUDWATCH_RETENTION_DAYS.has(days)) {
    return {
      kind: "malformed",
      message:
        `retentionInDays ${describeValue(value)} is not a retention CloudWatch accepts ` +
        `(0 or ${[...CLOUDWATCH_RETENTION_DAYS].join(", ")}).`,
    };
  }
  return { kind: "days", days, shown: `${days}` };
}

function expectation(config: LogGroupRetentionConfig): string {
  if (config.mode === "exact") return `exactly ${config.minimumDays} days`;
  if (config.mode === "range") return `between ${config.minimumDays} and ${config.maximumDays} days`;
  return `at least ${config.minimumDays} days`;
}

function satisfies(retention: Retention, config: LogGroupRetentionConfig): boolean {
  if (retention.kind === "malformed") return false;
  if (retention.kind === "never") return config.mode === "minimum" && config.allowNeverExpire;
  if (config.mode === "exact") return retention.days === config.minimumDays;
  if (retention.days < config.minimumDays) return false;
  return config.mode !== "range" || retention.days <= config.maximumDays;
}

function retentionFinding(retention: Retention, config: LogGroupRetentionConfig): Finding {
  if (retention.kind === "malformed") return { id: "malformed", message: retention.message };
  const hint =
    retention.kind === "never" && config.mode === "minimum"
      ? ", set explicitly (or allowNeverExpire: true)"
      : "";
  return {
    id: "retention",
    message: `retentionInDays is ${retention.shown}; expected ${expectation(config)}${hint} (mode ${config.mode}).`,
  };
}

export function checkLogGroupRetention(input: ResourceCheckInput<LogGroupRetentionConfig>): Finding[] {
  const { retentionInDays, logGroupClass } = input.props;
  if (isUnknown(retentionInDays)) return undecidable("retentionInDays", retentionInDays);
  const declared = declaredRetention(retentionInDays);
  const retention: Retention =
    logGroupClass === "DELIVERY" && declared.kind !== "malformed"
      ? {
          kind: "days",
          days: DELIVERY_CLASS_DAYS,
          shown: `${DELIVERY_CLASS_DAYS} (forced by logGroupClass DELIVERY)`,
        }
      : declared;
  if (!satisfies(retention, input.config)) return [retentionFinding(retention, input.config)];
  // A DELIVERY class would force 2 days: only a known class decides a retention that passes.
  if (isUnknown(logGroupClass)) return undecidable("logGroupClass", logGroupClass);
  return [];
}

export const logGroupRetention: ResourcePolicyDefinition<LogGroupRetentionConfig> = {
  kind: "resource",
  name: "logging-log-group-retention",
  displayName: "Log group retention",
  description:
    "CloudWatch log groups set retentionInDays to a value CloudWatch accepts that meets the configured minimum, " +
    "exact value or range.",
  area: "logging",
  severity: "medium",
  pci: ["10.5.1", "10.3.3", "10.3.2"],
  remediationSteps:
    "Set `retentionInDays` on the log group to one of CloudWatch's values that meets the policy (for example 90, " +
    "or 365 to keep PCI DSS 10.5.1's full 12 months in CloudWatch). Do not leave it unset or 0 (never expire). " +
    "Use `logGroupClass` STANDARD or INFREQUENT_ACCESS for audit logs: DELIVERY keeps events only 2 days.",
  appliesTo: new Set([LOG_GROUP]),
  configProperties: {
    mode: {
      type: "string",
      enum: [...MODES],
      default: "minimum",
      description:
        "minimum: at least minimumDays; exact: exactly minimumDays; range: between minimumDays and maximumDays.",
    },
    minimumDays: MINIMUM_DAYS_SCHEMA,
    maximumDays: {
      type: "integer",
      minimum: 1,
      maximum: MAX_RETENTION_DAYS,
      default: MAX_RETENTION_DAYS,
      description: "Longest retention accepted in range mode (data minimisation).",
    },
    allowNeverExpire: ALLOW_NEVER_EXPIRE_SCHEMA,
  },
  examples: {
    compliant: `new aws.cloudwatch.LogGroup("app-logs-prod", { retentionInDays: 365 });`,
    violating: `new aws.cloudwatch.LogGroup("app-logs-prod", {}); // never expires
new aws.cloudwatch.LogGroup("audit-logs-prod", { retentionInDays: 45 }); // not a CloudWatch value`,
  },
  parseConfig,
  check: checkLogGroupRetention,
};
