/**
 * Data concern: the transactions table (on-demand, point-in-time recovery, DynamoDB CMK, a
 * resource policy), the payment-document bucket (S3 CMK, versioning, public access blocked,
 * TLS-only, object access for the named roles only, SSE-KMS and INTELLIGENT_TIERING required on
 * upload, archive tiers) and the mutual-TLS truststore bucket with its PEM object.
 *
 * Resource policies name the roles by ARN; the ARNs are built from the role names this program
 * chooses, so every document is known during preview and nothing waits for the roles to exist.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  policyJson,
  resourceTags,
  SecureBucket,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";
import { RESTRICTED } from "./security";

export const TRUSTSTORE_KEY = "truststore/client-ca.pem";

/** The table's data-plane actions (resource policies deny them to everyone but the named roles). */
export const TABLE_DATA_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

export interface PayApiDataArgs {
  context: ScenarioContext;
  s3Key: KmsKey;
  dynamodbKey: KmsKey;
  /** Roles that may read and write transactions. */
  tableRoleArns: pulumi.Input<string>[];
  /** Roles that may read and write payment documents. */
  documentRoleArns: pulumi.Input<string>[];
  truststoreFile: string;
}

/** Reads and checks the truststore: one or more PEM certificates, nothing else (no private keys). */
export function readTruststore(file: string, root = path.resolve(__dirname, "..", "..")): string {
  const resolved = path.isAbsolute(file) ? file : path.join(root, file);
  const pem = fs.readFileSync(resolved, "utf8");
  const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (certificates.length === 0) throw new Error(`Truststore ${resolved} holds no PEM certificate.`);
  if (/PRIVATE KEY/.test(pem)) throw new Error(`Truststore ${resolved} contains a private key; remove it.`);
  return certificates.join("\n") + "\n";
}

export class PayApiData extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  readonly tableName: string;
  readonly tableArn: pulumi.Output<string>;
  readonly tablePolicy: aws.dynamodb.ResourcePolicy;
  readonly documentsBucket: SecureBucket;
  readonly intelligentTiering: aws.s3.BucketIntelligentTieringConfiguration;
  readonly truststoreBucket: SecureBucket;
  readonly truststore: aws.s3.BucketObjectv2;
  readonly truststoreUri: pulumi.Output<string>;

  constructor(name: string, args: PayApiDataArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:payment-api:Data", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };

    this.tableName = ctx.name("transactions");
    this.tableArn = ctx.arn("dynamodb", `table/${this.tableName}`);
    this.table = new aws.dynamodb.Table(
      this.tableName,
      {
        name: this.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "transactionId",
        attributes: [{ name: "transactionId", type: "S" }],
        serverSideEncryption: { enabled: true, kmsKeyArn: args.dynamodbKey.arn },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: false,
        tags: resourceTags(this.tableName, { DataClassification: RESTRICTED }),
      },
      child,
    );
    const tableStatements: PolicyStatement[] = [
      {
        Sid: "DenyDataAccessToAllButNamedRoles",
        Effect: "Deny",
        Principal: "*",
        Action: TABLE_DATA_ACTIONS,
        Resource: [this.tableArn, pulumi.interpolate`${this.tableArn}/index/*`],
        Condition: { ArnNotEquals: { "aws:PrincipalArn": args.tableRoleArns } },
      },
    ];
    this.tablePolicy = new aws.dynamodb.ResourcePolicy(
      ctx.name("transactions-policy"),
      { resourceArn: this.table.arn, policy: policyJson(tableStatements) },
      child,
    );

    this.documentsBucket = new SecureBucket(
      ctx.name("payment-documents"),
      {
        context: ctx,
        kind: "payment-documents",
        kmsKey: args.s3Key,
        purpose: "data",
        noncurrentVersionExpirationDays: 365,
        // Objects written without the storage class (there should be none) move at once.
        transitions: [{ days: 0, storageClass: "INTELLIGENT_TIERING" }],
        tags: { DataClassification: RESTRICTED },
        policyStatements: (refs): PolicyStatement[] => [
          {
            Sid: "DenyUploadsWithoutKms",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: refs.objectsArn,
            Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
          },
          {
            Sid: "DenyUploadsOutsideIntelligentTiering",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: refs.objectsArn,
            Condition: { StringNotEquals: { "s3:x-amz-storage-class": "INTELLIGENT_TIERING" } },
          },
          {
            Sid: "DenyObjectAccessToAllButNamedRoles",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            Resource: refs.objectsArn,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": args.documentRoleArns } },
          },
        ],
      },
      child,
    );
    this.intelligentTiering = new aws.s3.BucketIntelligentTieringConfiguration(
      ctx.name("payment-documents-tiering"),
      {
        bucket: this.documentsBucket.bucket.id,
        name: ctx.name("archive-tiering"),
        status: "Enabled",
        tierings: [
          { accessTier: "ARCHIVE_ACCESS", days: 90 },
          { accessTier: "DEEP_ARCHIVE_ACCESS", days: 180 },
        ],
      },
      child,
    );

    this.truststoreBucket = new SecureBucket(
      ctx.name("truststore"),
      {
        context: ctx,
        kind: "truststore",
        kmsKey: args.s3Key,
        purpose: "data",
        noncurrentVersionExpirationDays: 90,
        tags: { DataClassification: "Confidential" },
      },
      child,
    );
    this.truststore = new aws.s3.BucketObjectv2(
      ctx.name("truststore-pem"),
      {
        bucket: this.truststoreBucket.bucket.id,
        key: TRUSTSTORE_KEY,
        content: readTruststore(args.truststoreFile),
        contentType: "application/x-pem-file",
        serverSideEncryption: "aws:kms",
        kmsKeyId: args.s3Key.arn,
        bucketKeyEnabled: true,
        tags: resourceTags(ctx.name("truststore-pem")),
      },
      {
        parent: this,
        dependsOn: [this.truststoreBucket.versioning, ...this.truststoreBucket.readyDependencies],
      },
    );
    this.truststoreUri = pulumi.interpolate`s3://${this.truststoreBucket.bucketName}/${TRUSTSTORE_KEY}`;
    this.registerOutputs({ tableName: this.tableName, documentsBucketName: this.documentsBucket.bucketName });
  }
}
