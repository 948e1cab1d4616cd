/**
 * Payment documents behind `POST /payments/{transactionId}/documents` (API Gateway REST API with
 * mutual TLS, Lambda proxy integration).
 *
 * Body: `{"contentType": "application/pdf" | "image/png" | "image/jpeg", "contentBase64": "...",
 * "sha256": "<optional hex digest>"}` (at most 5 MiB decoded). The function checks that the
 * transaction exists, that the content is what it claims to be (magic bytes) and matches the
 * digest, then stores it under `transactions/<id>/<documentId>.<ext>` in the payment-document
 * bucket with SSE-KMS (the S3 CMK), the INTELLIGENT_TIERING storage class and an SHA-256 checksum
 * that S3 verifies. File names are not accepted: they are a common place for personal data.
 *
 * Environment: BUCKET_NAME, TABLE_NAME, KMS_KEY_ID (alias ARN of the S3 key), REQUIRE_CLIENT_CERT.
 */
import { createHash, randomUUID } from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { createLogger, describeError, type Logger } from "../../components/lambda-logger";
import { createDynamoDb, type DynamoDb, type Item } from "./dynamodb";
import { clientIdentity, ConfigurationError, json, parseObjectBody, RequestError } from "./http";

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_TYPES: Readonly<Record<string, { ext: string; magic: number[] }>> = {
  "application/pdf": { ext: "pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  "image/png": { ext: "png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  "image/jpeg": { ext: "jpg", magic: [0xff, 0xd8, 0xff] },
};
const TRANSACTION_ID = /^txn_[a-f0-9]{32}$/;

export interface DocumentsConfig {
  bucketName: string;
  tableName: string;
  kmsKeyId: string;
  requireClientCert: boolean;
}

export interface DocumentsDeps {
  s3: Pick<S3Client, "send">;
  db: DynamoDb;
  logger: Logger;
  config: () => DocumentsConfig;
  newId: () => string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentsConfig {
  const required = (name: string): string => {
    const value = env[name] ?? "";
    if (value === "") throw new ConfigurationError(`${name} is required.`);
    return value;
  };
  return {
    bucketName: required("BUCKET_NAME"),
    tableName: required("TABLE_NAME"),
    kmsKeyId: required("KMS_KEY_ID"),
    requireClientCert: (env.REQUIRE_CLIENT_CERT ?? "true") !== "false",
  };
}

export interface DocumentUpload {
  contentType: string;
  content: Buffer;
  sha256: string;
}

export function parseUpload(body: Record<string, unknown>): DocumentUpload {
  const { contentType, contentBase64, sha256 } = body;
  if (typeof contentType !== "string" || DOCUMENT_TYPES[contentType] === undefined) {
    throw new RequestError(415, `contentType must be one of ${Object.keys(DOCUMENT_TYPES).join(", ")}.`);
  }
  if (
    typeof contentBase64 !== "string" ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(contentBase64) ||
    contentBase64.length % 4 !== 0
  ) {
    throw new RequestError(400, "contentBase64 must be standard base64.");
  }
  const content = Buffer.from(contentBase64, "base64");
  if (content.length === 0 || content.length > MAX_DOCUMENT_BYTES) {
    throw new RequestError(413, `Documents must be 1 byte to ${MAX_DOCUMENT_BYTES} bytes.`);
  }
  const magic = DOCUMENT_TYPES[contentType].magic;
  if (!magic.every((b, i) => content[i] === b)) {
    throw new RequestError(415, `The content is not ${contentType}.`, "content_type_mismatch");
  }
  const digest = createHash("sha256").update(content).digest("hex");
  if (sha256 !== undefined && (typeof sha256 !== "string" || sha256.toLowerCase() !== digest)) {
    throw new RequestError(400, "sha256 does not match the content.");
  }
  return { contentType, content, sha256: digest };
}

export function createHandler(overrides: Partial<DocumentsDeps> = {}) {
  const deps: DocumentsDeps = {
    s3: overrides.s3 ?? new S3Client({}),
    db: overrides.db ?? createDynamoDb(),
    logger: overrides.logger ?? createLogger({ function: "payment-documents" }),
    config: overrides.config ?? (() => configFromEnv()),
    newId: overrides.newId ?? (() => randomUUID()),
  };
  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const log = deps.logger;
    const requestId = event?.requestContext?.requestId;
    let config: DocumentsConfig;
    try {
      config = deps.config();
    } catch (error) {
      log.error("configuration error", { event: "configuration_error", ...describeError(error) });
      throw error;
    }
    try {
      const identity = clientIdentity(event, config.requireClientCert);
      if (`${event.httpMethod} ${event.resource}` !== "POST /payments/{transactionId}/documents") {
        throw new RequestError(404, `No route ${event.httpMethod} ${event.resource}.`);
      }
      const transactionId = event.pathParameters?.transactionId ?? "";
      if (!TRANSACTION_ID.test(transactionId)) throw new RequestError(400, "transactionId is malformed.");
      const upload = parseUpload(parseObjectBody(event, ["contentType", "contentBase64", "sha256"]));
      const found = await deps.db.call<{ Item?: Item }>("GetItem", {
        TableName: config.tableName,
        Key: { transactionId: { S: transactionId } },
        ProjectionExpression: "transactionId",
        ConsistentRead: true,
      });
      if (found.Item === undefined) throw new RequestError(404, "No such transaction.");

      const documentId = deps.newId();
      const key = `transactions/${transactionId}/${documentId}.${DOCUMENT_TYPES[upload.contentType].ext}`;
      const put = await deps.s3.send(
        new PutObjectCommand({
          Bucket: config.bucketName,
          Key: key,
          Body: upload.content,
          ContentType: upload.contentType,
          ServerSideEncryption: "aws:kms",
          SSEKMSKeyId: config.kmsKeyId,
          BucketKeyEnabled: true,
          StorageClass: "INTELLIGENT_TIERING",
          ChecksumSHA256: Buffer.from(upload.sha256, "hex").toString("base64"),
          Metadata: {
            "transaction-id": transactionId,
            ...(identity !== undefined ? { "client-cert-serial": identity.serialNumber } : {}),
          },
        }),
      );
      log.info("document stored", {
        event: "document_stored",
        requestId,
        transactionId,
        documentId,
        bytes: upload.content.length,
        versionId: put.VersionId,
      });
      return json(201, {
        documentId,
        transactionId,
        contentType: upload.contentType,
        size: upload.content.length,
        sha256: upload.sha256,
        versionId: put.VersionId,
      });
    } catch (error) {
      if (error instanceof RequestError) {
        log.warn("request rejected", {
          event: "request_rejected",
          requestId,
          statusCode: error.statusCode,
          reason: error.message,
          ...(error.securityEvent !== undefined ? { securityEvent: error.securityEvent } : {}),
        });
        return json(error.statusCode, { message: error.message, requestId });
      }
      log.error("request failed", { event: "request_failed", requestId, ...describeError(error) });
      throw error;
    }
  };
}

export const handler = createHandler();
