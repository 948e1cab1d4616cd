/**
 * Exact outputs of the resource policies (tags, naming, KMS keys, public databases, log group
 * retention, lifecycle) over tables of edge values: every property a policy reads is set to every
 * kind of wire value, one at a time, on top of a compliant base. See approval.ts.
 */
import { ABSENT, EDGE_VALUES, UNKNOWN, approveAll, type Case, type ResourceCase } from "./approval";

/** One case per edge value of `property`, on top of `base`. */
function vary(
  policy: string,
  type: string,
  base: Record<string, unknown>,
  property: string,
  extra: Partial<ResourceCase> = {},
  values: ReadonlyArray<[string, unknown]> = EDGE_VALUES,
): ResourceCase[] {
  return values.map(([label, value]) => ({
    ...extra,
    policy,
    type,
    title: `${type} ${property}=${label}${extra.title ? ` (${extra.title})` : ""}`,
    props: { ...base, ...extra.props, [property]: value },
  }));
}

const TAGS = { Environment: "test", Owner: "payments", CostCenter: "CC-1", DataClassification: "internal" };
const QUEUE = "aws:sqs/queue:Queue";

const tagCases: Case[] = [
  ...vary("tags-required", QUEUE, {}, "tags"),
  ...[
    ["all tags", TAGS],
    ["one blank tag", { ...TAGS, Owner: "" }],
    ["one whitespace tag", { ...TAGS, Owner: "   " }],
    ["one unknown tag value", { ...TAGS, Owner: UNKNOWN }],
    ["one number tag value", { ...TAGS, Owner: 5 }],
    ["two missing", { Environment: "test", Owner: "payments" }],
    ["lowercase keys", { environment: "test", owner: "x", costcenter: "y", dataclassification: "z" }],
  ].map(([label, tags]) => ({
    policy: "tags-required",
    type: QUEUE,
    title: `tags: ${label}`,
    props: { tags },
  })),
  ...[
    ["defaults as JSON text", JSON.stringify({ tags: TAGS })],
    ["defaults as an object", { tags: TAGS }],
    ["defaults unknown", UNKNOWN],
    ["defaults malformed JSON", "{tags"],
    ["defaults JSON of a list", "[1]"],
    ["defaults with tags a string", { tags: "Environment" }],
    ["defaults with tags null", { tags: null }],
    ["partial defaults", JSON.stringify({ tags: { Environment: "test", Owner: "payments" } })],
  ].flatMap(([label, defaultTags]) =>
    [
      ["no own tags", ABSENT],
      ["own tags unknown", UNKNOWN],
      ["own tags complete the defaults", { CostCenter: "CC-1", DataClassification: "internal" }],
      ["own tags blank a default", { Owner: "" }],
    ].map(([ownLabel, tags]) => ({
      policy: "tags-required",
      type: QUEUE,
      title: `provider ${String(label)}, ${String(ownLabel)}`,
      props: { tags },
      provider: { defaultTags },
    })),
  ),
  ...[
    ["matching value", { ...TAGS, Environment: "test" }],
    ["value not matching", { ...TAGS, Environment: "production" }],
    ["number value", { ...TAGS, Environment: 7 }],
    ["unknown value", { ...TAGS, Environment: UNKNOWN }],
    ["key missing", { Owner: "p", CostCenter: "c", DataClassification: "d" }],
  ].map(([label, tags]) => ({
    policy: "tags-required",
    type: QUEUE,
    title: `allowedValues: ${label}`,
    props: { tags },
    config: { allowedValues: { Environment: "^(dev|test)$", Owner: "^[a-z]+$" } },
  })),
  {
    policy: "tags-required",
    type: QUEUE,
    title: "unknown own tags, defaults missing some, whenUnknown pass",
    props: { tags: UNKNOWN },
    provider: { defaultTags: JSON.stringify({ tags: { Environment: "test" } }) },
    config: { whenUnknown: "pass" },
  },
  {
    policy: "tags-required",
    type: QUEUE,
    title: "unknown own tags, defaults with a bad value, allowedValues",
    props: { tags: UNKNOWN },
    provider: { defaultTags: JSON.stringify({ tags: { ...TAGS, Environment: "production" } }) },
    config: { allowedValues: { Environment: "^(dev|test)$" } },
  },
  {
    policy: "tags-required",
    type: QUEUE,
    title: "custom required tags",
    props: { tags: { Team: "a" } },
    config: { requiredTags: ["Team", "Tier"] },
  },
  ...[
    ["allowedValues not a map", { allowedValues: ["x"] }],
    ["allowedValues with a bad regex", { allowedValues: { Environment: "(" } }],
    ["allowedValues with a number", { allowedValues: { Environment: 5 } }],
    ["whenUnknown unknown", { whenUnknown: "later" }],
    ["requiredTags a string", { requiredTags: "Owner" }],
  ].map(([label, config]) => ({
    policy: "tags-required",
    type: QUEUE,
    title: `config: ${label}`,
    props: { tags: TAGS },
    config: config as Record<string, unknown>,
  })),
];

const NAMING = "naming-environment-suffix";
const namingCases: Case[] = [
  ...[
    "orders-test",
    "orders",
    "test-orders",
    "orders_test_v2",
    "orders.test",
    "orderstest",
    "orders-TEST",
    "orders-testing",
    "orders-test-",
    "orders--test",
    "-test",
  ].map((name) => ({ policy: NAMING, type: QUEUE, name, title: `logical name ${name}` })),
  ...vary(NAMING, QUEUE, {}, "name", { name: "orders-test" }),
  ...vary(NAMING, QUEUE, {}, "namePrefix", { name: "orders-test" }),
  ...["orders-test", "orders", "orders-test.fifo", "orders.fifo", "ORDERS-TEST", "orders-test-a1b2c3d"].map(
    (name) => ({
      policy: NAMING,
      type: QUEUE,
      name: "orders-test",
      title: `queue name ${name}`,
      props: { name },
    }),
  ),
  ...["orders-", "orders-test-", "test-", "orders"].map((namePrefix) => ({
    policy: NAMING,
    type: QUEUE,
    name: "orders-test",
    title: `queue namePrefix ${namePrefix}`,
    props: { namePrefix },
  })),
  ...[
    "finguard-data-test",
    "finguard-data",
    "Finguard-Data-TEST",
    "finguard_data_test",
    "subject-test-1a2b3c4",
  ].map((bucket) => ({
    policy: NAMING,
    type: "aws:s3/bucket:Bucket",
    name: "data-test",
    title: `bucket ${bucket}`,
    props: { bucket },
  })),
  ...["alias/orders-test", "alias/orders", "orders-test"].map((name) => ({
    policy: NAMING,
    type: "aws:kms/alias:Alias",
    name: "orders-alias-test",
    title: `kms alias ${name}`,
    props: { name },
  })),
  ...["orders_test", "orders-test", "orders"].map((name) => ({
    policy: NAMING,
    type: "aws:glue/catalogDatabase:CatalogDatabase",
    name: "orders-test",
    title: `glue database ${name}`,
    props: { name },
  })),
  {
    policy: NAMING,
    type: QUEUE,
    name: "orders",
    title: "suffix with separators, underscore type",
    config: { environmentSuffix: "team-a.test" },
  },
  {
    policy: NAMING,
    type: "aws:glue/catalogDatabase:CatalogDatabase",
    name: "orders",
    title: "suffix with separators on an underscore-only name",
    props: { name: "orders" },
    config: { environmentSuffix: "team-a.test" },
  },
  {
    policy: NAMING,
    type: QUEUE,
    name: "orders-test",
    title: "unknown name deferred when configured",
    props: { name: UNKNOWN },
    config: { whenNameUnknown: "defer" },
  },
  {
    policy: NAMING,
    type: QUEUE,
    name: "orders",
    title: "unknown name and a bad logical name, defer configured",
    props: { name: UNKNOWN },
    config: { whenNameUnknown: "defer" },
  },
  {
    policy: NAMING,
    type: QUEUE,
    name: "orders-test",
    title: "skipTypes glob",
    props: { name: "orders" },
    config: { skipTypes: ["aws:sqs/*"] },
  },
  {
    policy: NAMING,
    type: "my:component:Thing",
    name: "orders",
    title: "components are not judged",
  },
  {
    policy: NAMING,
    type: "aws:custom/thing:Thing",
    name: "orders-test",
    title: "nameProperties adds names and prefixes",
    props: { label: "orders", labelPrefix: "orders-", other: "orders" },
    config: { nameProperties: { "aws:custom/thing:Thing": ["label", "labelPrefix"] } },
  },
  ...[
    ["nameProperties a list", { nameProperties: ["x"] }],
    ["nameProperties with a string", { nameProperties: { "aws:custom/thing:Thing": "label" } }],
    ["nameProperties with numbers", { nameProperties: { "aws:custom/thing:Thing": [1] } }],
    ["blank suffix everywhere", { environmentSuffix: " " }],
    ["pattern kebab", { pattern: "kebab" }],
    ["pattern with type", { pattern: "^{type}-[a-z]+-{suffix}$" }],
    ["pattern without suffix", { pattern: "^[a-z]+$" }],
    ["case sensitive", { caseSensitive: true }],
    ["typeNames", { pattern: "^{type}-[a-z]+-{suffix}$", typeNames: { [QUEUE]: "q" } }],
  ].flatMap(([label, config]) =>
    ["orders-test", "queue-orders-test", "q-orders-test", "orders-TEST"].map((name) => ({
      policy: NAMING,
      type: QUEUE,
      name,
      title: `config ${label}, name ${name}`,
      config: config as Record<string, unknown>,
    })),
  ),
  {
    policy: NAMING,
    type: QUEUE,
    name: "orders-qa",
    title: "suffix from the stack config",
    env: { PULUMI_CONFIG: JSON.stringify({ "payments:environmentSuffix": "qa" }) },
  },
  { policy: NAMING, type: QUEUE, name: "orders-test", title: "suffix from the stack name", env: {} },
];

const KEY = "aws:kms/key:Key";
const ROTATION = "encryption-kms-key-rotation";
const keyCases: Case[] = [
  ...vary(ROTATION, KEY, {}, "enableKeyRotation"),
  ...vary(ROTATION, KEY, { enableKeyRotation: true }, "rotationPeriodInDays"),
  ...[90, 365, 366, 2560, 2561].map((days) => ({
    policy: ROTATION,
    type: KEY,
    title: `rotationPeriodInDays ${days}`,
    props: { enableKeyRotation: true, rotationPeriodInDays: days },
  })),
  ...["keyUsage", "customerMasterKeySpec", "customKeyStoreId", "xksKeyId"].flatMap((property) => [
    ...vary(ROTATION, KEY, { enableKeyRotation: false }, property),
    ...vary(ROTATION, KEY, { enableKeyRotation: false }, property, {
      title: "non-rotatable keys refused",
      config: { allowNonRotatableKeys: false },
    }),
  ]),
  ...[
    ["ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT"],
    ["SIGN_VERIFY", "ECC_NIST_P256"],
    ["ENCRYPT_DECRYPT", "RSA_2048"],
    ["GENERATE_VERIFY_MAC", "HMAC_256"],
  ].map(([keyUsage, customerMasterKeySpec]) => ({
    policy: ROTATION,
    type: KEY,
    title: `usage ${keyUsage} spec ${customerMasterKeySpec}, rotation off`,
    props: { keyUsage, customerMasterKeySpec, enableKeyRotation: false },
  })),
  {
    policy: ROTATION,
    type: KEY,
    title: "maxRotationPeriodInDays 90",
    props: { enableKeyRotation: true, rotationPeriodInDays: 180 },
    config: { maxRotationPeriodInDays: 90 },
  },
  ...[
    ["maxRotationPeriodInDays too small", { maxRotationPeriodInDays: 10 }],
    ["maxRotationPeriodInDays a string", { maxRotationPeriodInDays: "365" }],
    ["allowNonRotatableKeys a string", { allowNonRotatableKeys: "yes" }],
  ].map(([label, config]) => ({
    policy: ROTATION,
    type: KEY,
    title: `config ${label}`,
    props: { enableKeyRotation: true },
    config: config as Record<string, unknown>,
  })),
];

const WINDOW = "encryption-kms-key-deletion-window";
const windowCases: Case[] = [
  ...vary(WINDOW, KEY, {}, "deletionWindowInDays"),
  ...vary(WINDOW, "aws:kms/replicaKey:ReplicaKey", {}, "deletionWindowInDays", {}, [
    ["6", 6],
    ["7", 7],
    ["30", 30],
    ["31", 31],
    ["7.5", 7.5],
  ]),
  ...[
    ["min 10 max 20", { minDeletionWindowInDays: 10, maxDeletionWindowInDays: 20 }],
    ["min above max", { minDeletionWindowInDays: 20, maxDeletionWindowInDays: 10 }],
    ["min equals max", { minDeletionWindowInDays: 14, maxDeletionWindowInDays: 14 }],
    ["min below 7", { minDeletionWindowInDays: 6 }],
    ["max above 30", { maxDeletionWindowInDays: 31 }],
  ].flatMap(([label, config]) =>
    [9, 10, 14, 20, 21].map((days) => ({
      policy: WINDOW,
      type: KEY,
      title: `config ${label}, window ${days}`,
      props: { deletionWindowInDays: days },
      config: config as Record<string, unknown>,
    })),
  ),
];

const DATABASE = "network-no-public-database";
const databaseCases: Case[] = [
  "aws:rds/instance:Instance",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:neptune/clusterInstance:ClusterInstance",
  "aws:redshift/cluster:Cluster",
  "aws:redshiftserverless/workgroup:Workgroup",
  "aws:dms/replicationInstance:ReplicationInstance",
].flatMap((type) => vary(DATABASE, type, {}, "publiclyAccessible"));
databaseCases.push({
  policy: DATABASE,
  type: QUEUE,
  title: "not a database",
  props: { publiclyAccessible: true },
});

const RETENTION = "logging-log-group-retention";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const retentionValues: ReadonlyArray<[string, unknown]> = [
  ...EDGE_VALUES,
  ["7", 7],
  ["89", 89],
  ["90", 90],
  ["365", 365],
  ["366", 366],
  ["400", 400],
  ["3653", 3653],
  ['"365"', "365"],
];
const retentionCases: Case[] = [
  ...vary(RETENTION, LOG_GROUP, {}, "retentionInDays", {}, retentionValues),
  ...vary(
    RETENTION,
    LOG_GROUP,
    {},
    "retentionInDays",
    { title: "exact 90", config: { mode: "exact", minimumDays: 90 } },
    retentionValues,
  ),
  ...vary(
    RETENTION,
    LOG_GROUP,
    {},
    "retentionInDays",
    { title: "range 90-400", config: { mode: "range", minimumDays: 90, maximumDays: 400 } },
    retentionValues,
  ),
  ...vary(
    RETENTION,
    LOG_GROUP,
    {},
    "retentionInDays",
    { title: "never expire allowed", config: { allowNeverExpire: true } },
    [
      ["absent", ABSENT],
      ["0", 0],
      ["30", 30],
    ],
  ),
  ...vary(RETENTION, LOG_GROUP, { retentionInDays: 365 }, "logGroupClass"),
  ...["DELIVERY", "STANDARD", "INFREQUENT_ACCESS"].map((logGroupClass) => ({
    policy: RETENTION,
    type: LOG_GROUP,
    title: `logGroupClass ${logGroupClass} with 1 day in range mode`,
    props: { retentionInDays: 1, logGroupClass },
    config: { mode: "range", minimumDays: 1, maximumDays: 3 },
  })),
  ...[
    ["exact with a value CloudWatch refuses", { mode: "exact", minimumDays: 15 }],
    ["range with max below min", { mode: "range", minimumDays: 90, maximumDays: 30 }],
    ["range with max equal min", { mode: "range", minimumDays: 90, maximumDays: 90 }],
    ["mode unknown", { mode: "sometimes" }],
    ["minimumDays 0", { minimumDays: 0 }],
    ["minimumDays fractional", { minimumDays: 1.5 }],
    ["maximumDays huge", { maximumDays: 99999 }],
  ].map(([label, config]) => ({
    policy: RETENTION,
    type: LOG_GROUP,
    title: `config ${label}`,
    props: { retentionInDays: 90 },
    config: config as Record<string, unknown>,
  })),
];

const lifecycleTypes: Array<[policy: string, type: string, properties: string[]]> = [
  [
    "lifecycle-destroyable-data",
    "aws:rds/instance:Instance",
    ["skipFinalSnapshot", "deleteAutomatedBackups"],
  ],
  ["lifecycle-destroyable-data", "aws:fsx/lustreFileSystem:LustreFileSystem", ["skipFinalBackup"]],
  [
    "lifecycle-destroyable-data",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    ["finalSnapshotIdentifier"],
  ],
  ["lifecycle-destroyable-data", "aws:memorydb/cluster:Cluster", ["finalSnapshotName"]],
  ["lifecycle-destroyable-data", "aws:s3/bucket:Bucket", ["forceDestroy"]],
  ["lifecycle-destroyable-data", "aws:backup/vault:Vault", ["forceDestroy"]],
  ["lifecycle-destroyable-data", "aws:ecr/repository:Repository", ["forceDelete"]],
  ["lifecycle-destroyable-data", "aws:secretsmanager/secret:Secret", ["recoveryWindowInDays"]],
  ["lifecycle-destroyable-data", LOG_GROUP, ["skipDestroy"]],
  ["lifecycle-no-deletion-protection", "aws:rds/instance:Instance", ["deletionProtection"]],
  ["lifecycle-no-deletion-protection", "aws:dynamodb/table:Table", ["deletionProtectionEnabled"]],
  [
    "lifecycle-no-deletion-protection",
    "aws:dsql/cluster:Cluster",
    ["deletionProtectionEnabled", "forceDestroy"],
  ],
  ["lifecycle-no-deletion-protection", "aws:lb/loadBalancer:LoadBalancer", ["enableDeletionProtection"]],
  [
    "lifecycle-no-deletion-protection",
    "aws:ec2/instance:Instance",
    ["disableApiTermination", "forceDestroy"],
  ],
  [
    "lifecycle-no-deletion-protection",
    "aws:cloudtrail/eventDataStore:EventDataStore",
    ["terminationProtectionEnabled"],
  ],
  ["lifecycle-no-deletion-protection", "aws:cognito/userPool:UserPool", ["deletionProtection"]],
  [
    "lifecycle-no-deletion-protection",
    "aws:verifiedpermissions/policyStore:PolicyStore",
    ["deletionProtection"],
  ],
  ["lifecycle-no-deletion-protection", "aws:qldb/ledger:Ledger", ["deletionProtection"]],
];
const enumValues: ReadonlyArray<[string, unknown]> = [
  ["ACTIVE", "ACTIVE"],
  ["INACTIVE", "INACTIVE"],
  ["ENABLED", "ENABLED"],
  ["DISABLED", "DISABLED"],
];
const secretValues: ReadonlyArray<[string, unknown]> = [
  ["6", 6],
  ["7", 7],
  ["8", 8],
  ["30", 30],
  ["31", 31],
  ['"0"', "0"],
  ['" 7 "', " 7 "],
];
const lifecycleCases: Case[] = [
  ...lifecycleTypes.flatMap(([policy, type, properties]) =>
    properties.flatMap((property) => vary(policy, type, {}, property)),
  ),
  ...["aws:cognito/userPool:UserPool", "aws:verifiedpermissions/policyStore:PolicyStore"].flatMap((type) =>
    vary("lifecycle-no-deletion-protection", type, {}, "deletionProtection", { title: "enum" }, enumValues),
  ),
  ...vary(
    "lifecycle-destroyable-data",
    "aws:secretsmanager/secret:Secret",
    {},
    "recoveryWindowInDays",
    { title: "days" },
    secretValues,
  ),
  ...vary(
    "lifecycle-destroyable-data",
    "aws:secretsmanager/secret:Secret",
    {},
    "recoveryWindowInDays",
    { title: "max 0", config: { maxSecretRecoveryWindowDays: 0 } },
    [
      ["absent", ABSENT],
      ["0", 0],
      ["7", 7],
    ],
  ),
  {
    policy: "lifecycle-destroyable-data",
    type: "aws:rds/instance:Instance",
    title: "one unknown and one bad setting",
    props: { skipFinalSnapshot: UNKNOWN, deleteAutomatedBackups: false },
  },
  {
    policy: "lifecycle-destroyable-data",
    type: "aws:rds/instance:Instance",
    title: "two unknown settings",
    props: { skipFinalSnapshot: UNKNOWN, deleteAutomatedBackups: UNKNOWN },
  },
  ...[
    ["maxSecretRecoveryWindowDays fractional", { maxSecretRecoveryWindowDays: 2.5 }],
    ["maxSecretRecoveryWindowDays too big", { maxSecretRecoveryWindowDays: 31 }],
    ["environments of numbers", { environments: [1] }],
    ["environment a number", { environment: 1 }],
  ].map(([label, config]) => ({
    policy: "lifecycle-destroyable-data",
    type: "aws:s3/bucket:Bucket",
    title: `config ${label}`,
    props: { forceDestroy: true },
    config: config as Record<string, unknown>,
  })),
  ...[
    ["in scope by glob", { environments: ["te?t"] }],
    ["out of scope", { environments: ["prod"] }],
    ["named environment", { environments: ["prod"], environment: "prod" }],
  ].flatMap(([label, config]) =>
    ["lifecycle-destroyable-data", "lifecycle-no-deletion-protection", "lifecycle-no-protect"].map(
      (policy) => ({
        policy,
        type: "aws:rds/instance:Instance",
        title: `environments: ${label}`,
        props: { skipFinalSnapshot: false, deletionProtection: true },
        protect: true,
        config: config as Record<string, unknown>,
      }),
    ),
  ),
  ...[true, false].flatMap((protect) =>
    [QUEUE, "my:component:Thing", "pulumi:providers:aws"].map((type) => ({
      policy: "lifecycle-no-protect",
      type,
      title: `protect ${protect} on ${type}`,
      protect,
    })),
  ),
  {
    policy: "lifecycle-no-protect",
    type: QUEUE,
    title: "environment from the stack config",
    protect: true,
    config: { environments: ["qa"] },
    env: { PULUMI_CONFIG: JSON.stringify({ "payments:environmentSuffix": "qa" }) },
  },
];

describe("approved outputs: resource policies, exact outputs", () => {
  approveAll("resource-policies", [
    ...tagCases,
    ...namingCases,
    ...keyCases,
    ...windowCases,
    ...databaseCases,
    ...retentionCases,
    ...lifecycleCases,
  ]);
});
