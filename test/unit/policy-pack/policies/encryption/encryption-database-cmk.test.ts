import assert from "node:assert/strict";
import { encryptionDatabaseCmk } from "../../../../../policy-pack/policies/encryption/encryption-database-cmk";
import { UNKNOWN, evaluateStack, urnOf, type StackResourceCase } from "../../harness";
import { exemption, resource, stackKey } from "./stack-cases";

const TABLE = "aws:dynamodb/table:Table";
const RDS = "aws:rds/instance:Instance";
const AURORA = "aws:rds/cluster:Cluster";

const evaluate = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(encryptionDatabaseCmk, [stackKey(), ...cases], config);
const messages = async (cases: StackResourceCase[]) =>
  (await evaluate(cases)).violations.map((v) => v.message);

const rds = (props: Record<string, unknown>, deps: Record<string, string[]> = { kmsKeyId: ["data-key"] }) =>
  resource(RDS, "orders-db", { storageEncrypted: true, kmsKeyId: UNKNOWN, ...props }, deps);

describe("encryption-database-cmk", () => {
  describe("compliant", () => {
    it("accepts an RDS instance and an Aurora cluster encrypted with a stack key", async () => {
      const cluster = resource(
        AURORA,
        "ledger",
        { storageEncrypted: true, kmsKeyId: UNKNOWN },
        { kmsKeyId: ["data-key"] },
      );
      assert.deepEqual(await evaluate([rds({}), cluster]), { violations: [] });
    });

    it("accepts a DynamoDB table and its replicas with stack keys", async () => {
      const table = resource(
        TABLE,
        "orders",
        {
          serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN },
          replicas: [{ regionName: "eu-west-1", kmsKeyArn: UNKNOWN }],
        },
        { serverSideEncryption: ["data-key"], replicas: ["data-key"] },
      );
      assert.deepEqual(await evaluate([table]), { violations: [] });
    });

    it("accepts flags given as the strings some providers use (Redshift `encrypted`)", async () => {
      const redshift = resource(
        "aws:redshift/cluster:Cluster",
        "dw",
        { encrypted: "true", kmsKeyId: UNKNOWN },
        { kmsKeyId: ["data-key"] },
      );
      assert.deepEqual(await evaluate([redshift]), { violations: [] });
    });

    it("does not require a Performance Insights key when Performance Insights is off", async () => {
      assert.deepEqual(await evaluate([rds({ performanceInsightsEnabled: false })]), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports a DynamoDB table without server-side encryption settings (AWS owned key)", async () => {
      assert.deepEqual(await messages([resource(TABLE, "orders", {})]), [
        "serverSideEncryption.enabled is not set; expected true, with serverSideEncryption.kmsKeyArn set to a customer-managed KMS key.",
      ]);
    });

    it("reports a replica without its own key", async () => {
      const table = resource(
        TABLE,
        "orders",
        {
          serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN },
          replicas: [{ regionName: "eu-west-1" }],
        },
        { serverSideEncryption: ["data-key"] },
      );
      const [message] = await messages([table]);
      assert.match(
        message,
        /^replicas\[0\].kmsKeyArn is not set, so the replica uses the AWS managed key aws\/dynamodb of its region/,
      );
    });

    it("reports unencrypted storage, the aws/rds key and a missing Performance Insights key", async () => {
      assert.match(
        (await messages([rds({ storageEncrypted: false })]))[0],
        /^storageEncrypted is false; expected true, with kmsKeyId set/,
      );
      assert.match(
        (await messages([rds({ kmsKeyId: "alias/aws/rds" }, {})]))[0],
        /^kmsKeyId is "alias\/aws\/rds", an AWS managed key/,
      );
      const [pi] = await messages([rds({ performanceInsightsEnabled: true })]);
      assert.match(
        pi,
        /^performanceInsightsKmsKeyId is not set, so Performance Insights data \(SQL text included\) is encrypted with the AWS managed key aws\/rds/,
      );
    });

    it("reports ElastiCache, OpenSearch, DocumentDB and MemoryDB without customer keys", async () => {
      const found = await messages([
        resource("aws:elasticache/replicationGroup:ReplicationGroup", "cache", {
          atRestEncryptionEnabled: true,
        }),
        resource("aws:opensearch/domain:Domain", "search", { encryptAtRest: { enabled: false } }),
        resource("aws:docdb/cluster:Cluster", "docs", { storageEncrypted: true }),
        resource("aws:memorydb/cluster:Cluster", "sessions", {}),
      ]);
      assert.deepEqual(
        found.map((m) => m.split(";")[0]),
        [
          "kmsKeyId is not set, so ElastiCache uses an AWS owned key",
          "encryptAtRest.enabled is false",
          "kmsKeyId is not set, so the AWS managed key aws/rds is used",
          "kmsKeyArn is not set, so MemoryDB uses an AWS owned key",
        ],
      );
    });
    it("reports a managed master password secret under aws/secretsmanager (RDS and Redshift)", async () => {
      const found = await messages([
        rds({ manageMasterUserPassword: true }),
        resource("aws:redshift/cluster:Cluster", "dw", {
          encrypted: true,
          kmsKeyId: "alias/dw",
          manageMasterPassword: true,
        }),
      ]);
      assert.deepEqual(
        found.map((m) => m.split(";")[0]),
        [
          "masterUserSecretKmsKeyId is not set, so the managed master password secret uses the AWS managed key aws/secretsmanager",
          'kmsKeyId is "alias/dw", neither a KMS key of this stack nor in allowedKeyArns',
          "masterPasswordSecretKmsKeyId is not set, so the managed master password secret uses the AWS managed key aws/secretsmanager",
        ],
      );
    });
  });

  describe("unknown during preview", () => {
    it("decides an unknown flag when the key is a stack key", async () => {
      const verdict = await evaluate([
        rds({ storageEncrypted: UNKNOWN }, { kmsKeyId: ["data-key"], storageEncrypted: ["data-key"] }),
      ]);
      assert.deepEqual(verdict, { violations: [] });
    });

    it("treats a provider-computed kmsKeyId (unknown, built from nothing) as the AWS managed default", async () => {
      const [message] = await messages([rds({}, {})]);
      assert.match(message, /^kmsKeyId is not set, so the AWS managed key aws\/rds is used/);
    });

    it("treats a whole serverSideEncryption block computed by the provider as not set", async () => {
      const [message] = await messages([resource(TABLE, "orders", { serverSideEncryption: UNKNOWN })]);
      assert.match(message, /^serverSideEncryption.enabled is not set/);
    });
  });

  describe("malformed input", () => {
    it("reports a flag of the wrong type and a key of the wrong type", async () => {
      assert.match(
        (await messages([rds({ storageEncrypted: "yes" })]))[0],
        /^storageEncrypted is "yes"; expected true/,
      );
      assert.match(
        (await messages([rds({ kmsKeyId: ["a"] })]))[0],
        /^kmsKeyId is \["a"\], not a key id, ARN or alias/,
      );
    });

    it("reports replicas given as something else than objects", async () => {
      const table = resource(
        TABLE,
        "orders",
        { serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN }, replicas: ["eu-west-1"] },
        { serverSideEncryption: ["data-key"] },
      );
      assert.match((await messages([table]))[0], /^replicas\[0\].kmsKeyArn is not set/);
    });
  });

  describe("exemptions", () => {
    it("exempts one finding of a resource by its id and keeps the others", async () => {
      const config = {
        exemptions: [exemption(RDS, "orders-db", { findings: ["performanceInsightsKmsKeyId"] })],
      };
      const verdict = await evaluate(
        [rds({ kmsKeyId: "alias/aws/rds", performanceInsightsEnabled: true }, {})],
        config,
      );
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0].message, /^kmsKeyId is "alias\/aws\/rds"/);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted .*orders-db: .*suppressed: performanceInsightsKmsKeyId is not set/,
      );
    });

    it("does not apply an exemption without a reason", async () => {
      const config = { exemptions: [{ urn: urnOf(TABLE, "orders"), reason: " ", expires: "2999-01-01" }] };
      const verdict = await evaluate([resource(TABLE, "orders", {})], config);
      assert.match(verdict.violations[0].message, /Exemption not applied because it has no reason/);
    });
  });
});
