/**
 * Serverless compute and identity concern: the two handlers (transactions, documents) bundled from
 * TypeScript with esbuild, in the private subnets, each with its own least-privilege role that
 * also carries explicit denies for destructive actions; and the payment-operations role for people
 * (MFA required), which may read transactions and documents and nothing else.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  LeastPrivilegeRole,
  NodeFunction,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";
import type { PayApiData } from "./data";
import type { PayApiNetworking } from "./networking";

export const PAYMENTS_HANDLER_ENTRY = path.join(__dirname, "functions", "payments.ts");
export const DOCUMENTS_HANDLER_ENTRY = path.join(__dirname, "functions", "payment-documents.ts");
export const PAYMENTS_KIND = "payments";
export const DOCUMENTS_KIND = "payment-documents";
export const OPERATOR_ROLE_KIND = "payment-operator-role";

/**
 * Destructive actions no workload role may perform, whatever else it is granted: deleting or
 * reconfiguring tables, buckets, keys and logs, and deleting objects or items. An explicit Deny
 * overrides any Allow (PCI DSS 7.2.2).
 */
export const DESTRUCTIVE_ACTIONS = [
  "dynamodb:DeleteTable",
  "dynamodb:DeleteItem",
  "dynamodb:DeleteBackup",
  "dynamodb:UpdateTable",
  "dynamodb:UpdateContinuousBackups",
  "dynamodb:DeleteResourcePolicy",
  "s3:DeleteBucket",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey",
  "kms:PutKeyPolicy",
  "logs:DeleteLogGroup",
  "logs:DeleteRetentionPolicy",
];

export function denyDestructiveActions(): PolicyStatement {
  return { Sid: "DenyDestructiveActions", Effect: "Deny", Action: DESTRUCTIVE_ACTIONS, Resource: "*" };
}

export interface PayApiComputeArgs {
  context: ScenarioContext;
  networking: PayApiNetworking;
  data: PayApiData;
  functionsKey: KmsKey;
  logsKey: KmsKey;
  s3Key: KmsKey;
  dynamodbKey: KmsKey;
  logRetentionDays: number;
}

export class PayApiCompute extends pulumi.ComponentResource {
  readonly payments: NodeFunction;
  readonly documents: NodeFunction;
  readonly operatorRole: LeastPrivilegeRole;

  constructor(name: string, args: PayApiComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:payment-api:Compute", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const net = args.networking;
    const data = args.data;
    const common = {
      context: ctx,
      environmentKey: args.functionsKey,
      logsKey: args.logsKey,
      logRetentionInDays: args.logRetentionDays,
      network: net.vpc,
      egress: net.functionEgress,
      timeout: 15,
      memorySize: 512,
      dependsOn: net.endpoints.all,
    };

    this.payments = new NodeFunction(
      ctx.name(PAYMENTS_KIND),
      {
        ...common,
        kind: PAYMENTS_KIND,
        description: "Payment transactions: POST /payments (idempotent), GET /payments/{transactionId}",
        entry: PAYMENTS_HANDLER_ENTRY,
        environment: { TABLE_NAME: data.tableName, REQUIRE_CLIENT_CERT: "true" },
        statements: [
          {
            Sid: "ReadWriteTransactions",
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
            Resource: data.tableArn,
          },
          args.dynamodbKey.useStatement(
            "UseTableKeyThroughDynamoDB",
            ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            ["dynamodb"],
          ),
          denyDestructiveActions(),
        ],
      },
      child,
    );
    this.documents = new NodeFunction(
      ctx.name(DOCUMENTS_KIND),
      {
        ...common,
        kind: DOCUMENTS_KIND,
        description: "Payment documents: POST /payments/{transactionId}/documents to the encrypted bucket",
        entry: DOCUMENTS_HANDLER_ENTRY,
        environment: {
          BUCKET_NAME: data.documentsBucket.bucketName,
          TABLE_NAME: data.tableName,
          KMS_KEY_ID: args.s3Key.aliasArn,
          REQUIRE_CLIENT_CERT: "true",
        },
        statements: [
          {
            Sid: "WritePaymentDocuments",
            Effect: "Allow",
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${data.documentsBucket.bucketArn}/transactions/*`,
          },
          {
            Sid: "CheckTransactionExists",
            Effect: "Allow",
            Action: ["dynamodb:GetItem"],
            Resource: data.tableArn,
          },
          args.s3Key.useStatement(
            "EncryptDocumentsThroughS3",
            ["kms:GenerateDataKey", "kms:Decrypt"],
            ["s3"],
          ),
          args.dynamodbKey.useStatement("UseTableKeyThroughDynamoDB", ["kms:Decrypt"], ["dynamodb"]),
          denyDestructiveActions(),
        ],
      },
      child,
    );

    this.operatorRole = new LeastPrivilegeRole(
      ctx.name(OPERATOR_ROLE_KIND),
      {
        context: ctx,
        kind: OPERATOR_ROLE_KIND,
        description: "Payment operations staff: read transactions and documents (MFA required)",
        trust: {
          sameAccount: true,
          conditions: {
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": 3600 },
          },
        },
        maxSessionDuration: 3600,
        statements: [
          {
            Sid: "ReadTransactions",
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:Query"],
            Resource: data.tableArn,
          },
          {
            Sid: "ReadPaymentDocuments",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: pulumi.interpolate`${data.documentsBucket.bucketArn}/transactions/*`,
          },
          {
            Sid: "ListPaymentDocuments",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: data.documentsBucket.bucketArn,
          },
          args.s3Key.useStatement("DecryptDocumentsThroughS3", ["kms:Decrypt"], ["s3"]),
          args.dynamodbKey.useStatement("DecryptTransactionsThroughDynamoDB", ["kms:Decrypt"], ["dynamodb"]),
          denyDestructiveActions(),
        ],
      },
      child,
    );
    this.registerOutputs({});
  }
}
