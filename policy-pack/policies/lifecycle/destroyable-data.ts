/**
 * Destroying the stack removes its data instead of failing or leaving copies behind: databases
 * skip their final snapshot (`skipFinalSnapshot: true`) and keep no automated backups, FSx skips
 * its final backup, ElastiCache and MemoryDB name no final snapshot, buckets, backup vaults and
 * ECR repositories are emptied on destroy (`forceDestroy` / `forceDelete: true`), secrets are
 * deleted within `maxSecretRecoveryWindowDays` (default 7; AWS keeps them 30 days unless told,
 * and the name stays taken meanwhile), and nothing sets `skipDestroy` (which only forgets the
 * resource).
 *
 * No PCI DSS requirement demands this. The nearest is 3.2.1 (data is kept only as long as needed
 * and then disposed of: a final snapshot of a test database is a forgotten copy of its data), then
 * 6.5.6 (test data removed) and 12.5.1 (leftovers fall out of the inventory). It pulls against
 * 10.5.1 (audit logs must survive) and against AWS Config's PCI rules that protect backups, so
 * `environments` limits it to where destroyability is wanted; production stacks should keep final
 * snapshots and recovery windows. KMS key deletion windows belong to the encryption policies.
 */
import { PolicyConfigError, readNumber, type RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isUnknown, undecidable } from "../../lib/values";
import {
  ENVIRONMENT_SCOPE_SCHEMA,
  readEnvironmentScope,
  scoped,
  type EnvironmentScope,
} from "./environment-scope";
import { describeValue, parseFlag, parseWholeNumber } from "./setting-values";

export interface DestroyableDataConfig extends EnvironmentScope {
  maxSecretRecoveryWindowDays: number;
}

/** AWS Secrets Manager's recovery window when none is set. */
const DEFAULT_SECRET_RECOVERY_DAYS = 30;

interface DataSetting {
  property: string;
  types: readonly string[];
  /** The finding for a set or unset (undefined) value, or nothing when it is fine. */
  judge(value: unknown, config: DestroyableDataConfig): string | undefined;
}

/** A boolean that must hold `expected`; `whenUnset` is the provider's default. */
function flagSetting(
  property: string,
  expected: boolean,
  whenUnset: boolean,
  effect: string,
  types: readonly string[],
): DataSetting {
  return {
    property,
    types,
    judge: (value) => {
      const unset = value === undefined || value === null;
      const actual = unset ? whenUnset : parseFlag(value);
      const expectation = `Expected ${property}: ${expected}.`;
      if (actual === undefined)
        return `${property} must be a boolean, got ${describeValue(value)}. ${expectation}`;
      if (actual === expected) return undefined;
      return `${property} is ${unset ? `not set (defaults to ${whenUnset})` : describeValue(value)}: ${effect}. ${expectation}`;
    },
  };
}

/** A name that, when set, makes destroy take a final snapshot. */
function finalSnapshotName(property: string, types: readonly string[]): DataSetting {
  return {
    property,
    types,
    judge: (value) =>
      value === undefined || value === null || value === ""
        ? undefined
        : `${property} is ${describeValue(value)}: destroy leaves a final snapshot behind, a copy of the data outside any ` +
          `stack. Expected no ${property}.`,
  };
}

const secretRecoveryWindow: DataSetting = {
  property: "recoveryWindowInDays",
  types: ["aws:secretsmanager/secret:Secret"],
  judge: (value, config) => {
    const unset = value === undefined || value === null;
    const days = unset ? DEFAULT_SECRET_RECOVERY_DAYS : parseWholeNumber(value);
    const expectation = `Expected recoveryWindowInDays <= ${config.maxSecretRecoveryWindowDays} (0 deletes at once).`;
    if (days === undefined || (days !== 0 && (days < 7 || days > 30))) {
      return `recoveryWindowInDays must be 0 or 7 to 30, got ${describeValue(value)}. ${expectation}`;
    }
    if (days <= config.maxSecretRecoveryWindowDays) return undefined;
    const shown = unset ? `not set (defaults to ${DEFAULT_SECRET_RECOVERY_DAYS})` : `${days}`;
    return `recoveryWindowInDays is ${shown}: a destroyed secret stays recoverable, and its name taken, for ${days} days. ${expectation}`;
  },
};

const FINAL_SNAPSHOT_EFFECT = "destroy leaves a final snapshot behind, a copy of the data outside any stack";
const RDS = ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"];

const SETTINGS: readonly DataSetting[] = [
  flagSetting("skipFinalSnapshot", true, false, FINAL_SNAPSHOT_EFFECT, [
    ...RDS,
    "aws:docdb/cluster:Cluster",
    "aws:neptune/cluster:Cluster",
    "aws:redshift/cluster:Cluster",
    "aws:lightsail/database:Database",
  ]),
  flagSetting("deleteAutomatedBackups", true, true, "automated backups outlive the database", RDS),
  flagSetting(
    "skipFinalBackup",
    true,
    false,
    "destroy leaves a final backup behind, a copy of the data outside any stack",
    [
      "aws:fsx/lustreFileSystem:LustreFileSystem",
      "aws:fsx/openZfsFileSystem:OpenZfsFileSystem",
      "aws:fsx/windowsFileSystem:WindowsFileSystem",
      "aws:fsx/ontapVolume:OntapVolume",
    ],
  ),
  finalSnapshotName("finalSnapshotIdentifier", [
    "aws:elasticache/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
  ]),
  finalSnapshotName("finalSnapshotName", ["aws:memorydb/cluster:Cluster"]),
  flagSetting("forceDestroy", true, false, "destroy fails while the bucket holds objects", [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/directoryBucket:DirectoryBucket",
  ]),
  flagSetting("forceDestroy", true, false, "destroy fails while the vault holds recovery points", [
    "aws:backup/vault:Vault",
  ]),
  flagSetting("forceDelete", true, false, "destroy fails while the repository holds images", [
    "aws:ecr/repository:Repository",
  ]),
  secretRecoveryWindow,
  flagSetting(
    "skipDestroy",
    false,
    false,
    "destroy only removes it from the stack and leaves it, and its data, in the account",
    [
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:lambda/function:Function",
      "aws:lambda/layerVersion:LayerVersion",
      "aws:lambda/layerVersionPermission:LayerVersionPermission",
      "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
      "aws:ecs/taskDefinition:TaskDefinition",
      "aws:rds/optionGroup:OptionGroup",
      "aws:rds/parameterGroup:ParameterGroup",
      "aws:mq/configuration:Configuration",
      "aws:imagebuilder/component:Component",
      "aws:bedrock/guardrailVersion:GuardrailVersion",
      "aws:bedrock/evaluationJob:EvaluationJob",
      "aws:bedrockmodel/invocationJob:InvocationJob",
      "aws:directconnect/connection:Connection",
      "aws:organizations/policy:Policy",
      "aws:organizations/policyAttachment:PolicyAttachment",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:servicequotas/templateAssociation:TemplateAssociation",
      "aws:shield/subscription:Subscription",
    ],
  ),
];

const SETTINGS_BY_TYPE: ReadonlyMap<string, DataSetting[]> = SETTINGS.reduce((byType, setting) => {
  for (const type of setting.types) byType.set(type, [...(byType.get(type) ?? []), setting]);
  return byType;
}, new Map<string, DataSetting[]>());

/** Decided findings first; an unknown setting defers only when nothing else is wrong. */
function checkDestroyableData(input: ResourceCheckInput<DestroyableDataConfig>): Finding[] {
  const findings: Finding[] = [];
  let unknown: { property: string; value: unknown } | undefined;
  for (const setting of SETTINGS_BY_TYPE.get(input.type) ?? []) {
    const value = input.props[setting.property];
    if (isUnknown(value)) {
      unknown ??= { property: setting.property, value };
      continue;
    }
    const message = setting.judge(value, input.config);
    if (message) findings.push({ id: setting.property, message });
  }
  if (findings.length === 0 && unknown) return undecidable(unknown.property, unknown.value);
  return findings;
}

function parseConfig(raw: RawConfig): DestroyableDataConfig {
  const maxSecretRecoveryWindowDays = readNumber(raw, "maxSecretRecoveryWindowDays", { min: 0, max: 30 });
  if (!Number.isInteger(maxSecretRecoveryWindowDays)) {
    throw new PolicyConfigError(
      `'maxSecretRecoveryWindowDays' must be a whole number of days, got ${maxSecretRecoveryWindowDays}`,
    );
  }
  return { ...readEnvironmentScope(raw), maxSecretRecoveryWindowDays };
}

export const destroyableData: ResourcePolicyDefinition<DestroyableDataConfig> = {
  kind: "resource",
  name: "lifecycle-destroyable-data",
  displayName: "Data goes away on destroy",
  description:
    "Databases skip final snapshots, buckets and repositories are emptied on destroy, secrets have a short recovery " +
    "window and nothing is left behind with skipDestroy.",
  area: "lifecycle",
  severity: "medium",
  pci: ["3.2.1", "6.5.6", "12.5.1"],
  remediationSteps:
    "Set the property named in the message: `skipFinalSnapshot: true` on databases, `forceDestroy: true` on " +
    "buckets and backup vaults, `forceDelete: true` on ECR repositories, `recoveryWindowInDays: 0` (or at most " +
    "the configured maximum) on secrets, and remove `skipDestroy` and final snapshot names. Production stacks that " +
    "must keep final snapshots belong outside this policy's `environments`.",
  appliesTo: new Set(SETTINGS_BY_TYPE.keys()),
  configProperties: {
    ...ENVIRONMENT_SCOPE_SCHEMA,
    maxSecretRecoveryWindowDays: {
      type: "integer",
      minimum: 0,
      maximum: 30,
      default: 7,
      description: "Longest Secrets Manager recovery window accepted (AWS: 0, or 7 to 30; 30 when unset).",
    },
  },
  examples: {
    compliant: `new aws.s3.Bucket("uploads-test", { forceDestroy: true });
new aws.secretsmanager.Secret("api-key-test", { recoveryWindowInDays: 0 });`,
    violating: `new aws.rds.Instance("payments-db-test", {
  instanceClass: "db.t4g.micro",
  engine: "postgres",
  allocatedStorage: 20,
  // skipFinalSnapshot not set: destroy leaves a final snapshot (or fails without finalSnapshotIdentifier)
});
new aws.secretsmanager.Secret("api-key-test", {}); // recoverable for 30 days`,
  },
  parseConfig,
  check: scoped(checkDestroyableData),
};
