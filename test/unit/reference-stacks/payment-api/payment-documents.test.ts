/**
 * The payment-documents handler against a mocked S3 client (aws-sdk-client-mock) and an in-memory
 * DynamoDB: encryption, storage class, checksums, content checks, errors.
 */
import "../helpers/quiet-aws-sdk";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { createLogger } from "../../../../reference-stacks/components/lambda-logger";
import {
  configFromEnv,
  createHandler,
  MAX_DOCUMENT_BYTES,
} from "../../../../reference-stacks/payment-api/functions/payment-documents";
import { ConfigurationError } from "../../../../reference-stacks/payment-api/functions/http";
import { FakeDynamoDb } from "./fake-dynamodb";

const TXN = `txn_${"ab".repeat(16)}`;
const CONFIG = {
  bucketName: "payapi-payment-documents-123456789012-us-east-1-dev",
  tableName: "payapi-transactions-dev",
  kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/payapi-s3-key-dev",
  requireClientCert: true,
};
const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(200, 0x20), Buffer.from("%%EOF")]);

function event(body: unknown, transactionId = TXN): APIGatewayProxyEvent {
  return {
    httpMethod: "POST",
    resource: "/payments/{transactionId}/documents",
    pathParameters: { transactionId },
    headers: {},
    isBase64Encoded: false,
    body: JSON.stringify(body),
    requestContext: { requestId: "req-7", identity: { clientCert: { serialNumber: "0f:ee" } } },
  } as unknown as APIGatewayProxyEvent;
}

describe("payment-documents handler", () => {
  const s3 = mockClient(S3Client);
  let db: FakeDynamoDb;
  let lines: string[];
  const handler = () =>
    createHandler({
      s3: new S3Client({ region: "us-east-1" }),
      db,
      logger: createLogger({ function: "test" }, (l) => lines.push(l)),
      config: () => CONFIG,
      newId: () => "11111111-2222-4333-8444-555555555555",
    });
  const logs = () => lines.map((l) => JSON.parse(l));

  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({ VersionId: "v-1" });
    db = new FakeDynamoDb();
    db.items.set(TXN, { transactionId: { S: TXN } });
    lines = [];
  });

  it("stores the document encrypted with the S3 CMK, in INTELLIGENT_TIERING, with a verified checksum", async () => {
    const digest = createHash("sha256").update(PDF).digest("hex");
    const res = await handler()(
      event({ contentType: "application/pdf", contentBase64: PDF.toString("base64"), sha256: digest }),
    );
    assert.equal(res.statusCode, 201);
    const input = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    assert.equal(input.Bucket, CONFIG.bucketName);
    assert.equal(input.Key, `transactions/${TXN}/11111111-2222-4333-8444-555555555555.pdf`);
    assert.equal(input.ServerSideEncryption, "aws:kms");
    assert.equal(input.SSEKMSKeyId, CONFIG.kmsKeyId);
    assert.equal(input.StorageClass, "INTELLIGENT_TIERING");
    assert.equal(input.ChecksumSHA256, Buffer.from(digest, "hex").toString("base64"));
    assert.deepEqual(input.Metadata, { "transaction-id": TXN, "client-cert-serial": "0f:ee" });
    assert.deepEqual(JSON.parse(res.body), {
      documentId: "11111111-2222-4333-8444-555555555555",
      transactionId: TXN,
      contentType: "application/pdf",
      size: PDF.length,
      sha256: digest,
      versionId: "v-1",
    });
    assert.equal(logs().at(-1).event, "document_stored");
  });

  it("refuses documents for unknown transactions", async () => {
    db.items.clear();
    const res = await handler()(
      event({ contentType: "application/pdf", contentBase64: PDF.toString("base64") }),
    );
    assert.equal(res.statusCode, 404);
    assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
  });

  it("checks content type (magic bytes), size, encoding and digest", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const cases: [unknown, number][] = [
      [{ contentType: "image/png", contentBase64: png.toString("base64") }, 201],
      [{ contentType: "image/png", contentBase64: PDF.toString("base64") }, 415],
      [{ contentType: "text/html", contentBase64: PDF.toString("base64") }, 415],
      [{ contentType: "application/pdf", contentBase64: "not base64!" }, 400],
      [
        { contentType: "application/pdf", contentBase64: PDF.toString("base64"), sha256: "0".repeat(64) },
        400,
      ],
      [
        {
          contentType: "application/pdf",
          contentBase64: Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES)]).toString("base64"),
        },
        413,
      ],
      [
        { contentType: "application/pdf", contentBase64: PDF.toString("base64"), fileName: "jane-doe.pdf" },
        400,
      ],
    ];
    for (const [body, status] of cases) {
      const res = await handler()(event(body));
      assert.equal(res.statusCode, status, JSON.stringify(body).slice(0, 80));
    }
    assert.ok(logs().some((l) => l.securityEvent === "content_type_mismatch"));
    assert.equal((await handler()(event({}, "txn_bad"))).statusCode, 400);
  });

  it("rethrows S3 failures after logging them", async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    await assert.rejects(
      handler()(event({ contentType: "application/pdf", contentBase64: PDF.toString("base64") })),
      /denied/,
    );
    assert.equal(logs().at(-1).errorName, "AccessDenied");
  });

  it("reads its configuration from the environment", () => {
    const env = { BUCKET_NAME: "b", TABLE_NAME: "t", KMS_KEY_ID: "k" };
    assert.deepEqual(configFromEnv(env), {
      bucketName: "b",
      tableName: "t",
      kmsKeyId: "k",
      requireClientCert: true,
    });
    assert.throws(() => configFromEnv({ ...env, KMS_KEY_ID: "" }), ConfigurationError);
  });
});
