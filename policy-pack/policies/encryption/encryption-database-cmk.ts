/**
 * Databases and caches encrypt data at rest with a customer-managed KMS key (PCI DSS 3.5.1: the
 * PAN is unreadable wherever stored; 3.5.1.2: service encryption with a key whose policy the
 * organisation controls, not transparent disk encryption with an AWS key any account principal
 * can use through the service; 3.6.1/3.6.1.3: key access limited to the fewest custodians).
 *
 * A stack policy, so a key id unknown during preview is decided from the key it was built from.
 * Performance Insights is included (its data contains SQL text, which can contain account data), and
 * so is the master password secret that RDS/Redshift manage in Secrets Manager (PCI DSS 3.6.1.2).
 */
import { cmkPolicy, CMK_REMEDIATION } from "./cmk-policy";
import { flaggedKey, whenTrue, type EncryptedPart, type EncryptionSpec } from "./encryption-specs";

const AWS_RDS_KEY = "the AWS managed key aws/rds is used";

/** A master password that RDS/Redshift keeps in Secrets Manager is a credential: it needs a customer key too. */
const managedMasterSecret = (flag: string, key: string): EncryptedPart => ({
  appliesWhen: whenTrue(flag),
  key,
  withoutKey: "the managed master password secret uses the AWS managed key aws/secretsmanager",
});
const rdsMasterSecret = managedMasterSecret("manageMasterUserPassword", "masterUserSecretKmsKeyId");

const performanceInsights: EncryptedPart = {
  appliesWhen: whenTrue("performanceInsightsEnabled"),
  key: "performanceInsightsKmsKeyId",
  withoutKey: "Performance Insights data (SQL text included) is encrypted with the AWS managed key aws/rds",
};

export const DATABASE_SPECS: readonly EncryptionSpec[] = [
  {
    type: "aws:dynamodb/table:Table",
    parts: [
      flaggedKey(
        "serverSideEncryption.enabled",
        "serverSideEncryption.kmsKeyArn",
        "the AWS managed key aws/dynamodb is used",
      ),
      {
        at: "replicas",
        key: "kmsKeyArn",
        withoutKey: "the replica uses the AWS managed key aws/dynamodb of its region",
      },
    ],
  },
  {
    type: "aws:rds/instance:Instance",
    parts: [flaggedKey("storageEncrypted", "kmsKeyId", AWS_RDS_KEY), performanceInsights, rdsMasterSecret],
  },
  {
    type: "aws:rds/cluster:Cluster",
    parts: [flaggedKey("storageEncrypted", "kmsKeyId", AWS_RDS_KEY), performanceInsights, rdsMasterSecret],
  },
  { type: "aws:rds/clusterInstance:ClusterInstance", parts: [performanceInsights] },
  { type: "aws:docdb/cluster:Cluster", parts: [flaggedKey("storageEncrypted", "kmsKeyId", AWS_RDS_KEY)] },
  { type: "aws:neptune/cluster:Cluster", parts: [flaggedKey("storageEncrypted", "kmsKeyArn", AWS_RDS_KEY)] },
  {
    type: "aws:redshift/cluster:Cluster",
    parts: [
      flaggedKey("encrypted", "kmsKeyId", "Redshift uses an AWS owned or managed key"),
      managedMasterSecret("manageMasterPassword", "masterPasswordSecretKmsKeyId"),
    ],
  },
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    parts: [flaggedKey("atRestEncryptionEnabled", "kmsKeyId", "ElastiCache uses an AWS owned key")],
  },
  {
    type: "aws:elasticache/serverlessCache:ServerlessCache",
    parts: [{ key: "kmsKeyId", withoutKey: "ElastiCache uses an AWS owned key" }],
  },
  {
    type: "aws:memorydb/cluster:Cluster",
    parts: [{ key: "kmsKeyArn", withoutKey: "MemoryDB uses an AWS owned key" }],
  },
  {
    type: "aws:opensearch/domain:Domain",
    parts: [
      flaggedKey("encryptAtRest.enabled", "encryptAtRest.kmsKeyId", "the AWS managed key aws/es is used"),
    ],
  },
];

export const encryptionDatabaseCmk = cmkPolicy(
  {
    name: "encryption-database-cmk",
    displayName: "Databases encrypted with a customer-managed KMS key",
    description:
      "DynamoDB tables (and replicas), RDS instances, Aurora/DocumentDB/Neptune/Redshift clusters, ElastiCache, " +
      "MemoryDB and OpenSearch encrypt data at rest, Performance Insights and managed master passwords with a " +
      "customer-managed KMS key.",
    severity: "high",
    pci: ["3.5.1", "3.5.1.2", "3.6.1", "3.6.1.3"],
    remediationSteps: CMK_REMEDIATION,
    examples: {
      compliant: `const key = new aws.kms.Key("data-key-test", { enableKeyRotation: true });
new aws.rds.Instance("orders-db-test", { storageEncrypted: true, kmsKeyId: key.arn, /* ... */ });
new aws.dynamodb.Table("orders-test", { serverSideEncryption: { enabled: true, kmsKeyArn: key.arn }, /* ... */ });`,
      violating: `new aws.rds.Instance("orders-db-test", { storageEncrypted: true, /* no kmsKeyId: aws/rds */ });
new aws.dynamodb.Table("orders-test", { /* no serverSideEncryption: AWS owned key */ });`,
    },
  },
  DATABASE_SPECS,
);
