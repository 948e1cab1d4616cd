/**
 * The PII-scanner Lambda handler against a mocked S3 client (aws-sdk-client-mock): streaming,
 * responses, error mapping, and no PII in responses or logs.
 */
import "../helpers/quiet-aws-sdk";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { createLogger } from "../../../../reference-stacks/components/lambda-logger";
import {
  ConfigurationError,
  configFromEnv,
  createHandler,
  keyReference,
  parseScanRequest,
  RequestError,
  type ScanResponse,
} from "../../../../reference-stacks/financial-data-pii/functions/pii-scanner";

const BUCKET = "pii-data-123456789012-us-east-1-dev";
const CARD = "4111 1111 1111 1111";
const SSN = "536-22-1234";
const EMAIL = "maria.garcia@example.org";
const DOCUMENT = `Customer Zoë paid with ${CARD}; SSN ${SSN}; contact ${EMAIL}. Order ORD-2024-000123.`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mocked Body is a plain stream.
const body = (text: string | Buffer, chunk = 7): any =>
  Readable.from(
    (function* () {
      const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })(),
  );

function event(payload: unknown): APIGatewayProxyEvent {
  return {
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
    requestContext: { requestId: "req-1" },
  } as unknown as APIGatewayProxyEvent;
}

describe("pii-scanner handler", () => {
  const s3 = mockClient(S3Client);
  let lines: string[];
  const handler = (maxObjectBytes = 1024 * 1024) =>
    createHandler({
      s3: new S3Client({ region: "us-east-1" }),
      logger: createLogger({ function: "test" }, (line) => lines.push(line)),
      config: () => ({ bucket: BUCKET, maxObjectBytes, maxFindings: 100 }),
      now: () => new Date("2024-06-11T12:00:00Z"),
    });
  const logs = () => lines.map((l) => JSON.parse(l));

  beforeEach(() => {
    s3.reset();
    lines = [];
  });

  it("streams the object from the data bucket and returns typed findings with offsets", async () => {
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(DOCUMENT), VersionId: "v1", ContentLength: 100 }));
    const res = await handler()(event({ objectKey: "exports/customers.csv" }));
    assert.equal(res.statusCode, 200);
    const parsed = JSON.parse(res.body) as ScanResponse;
    assert.equal(parsed.bucket, BUCKET);
    assert.equal(parsed.versionId, "v1");
    assert.equal(parsed.findingCount, 3);
    assert.deepEqual(
      parsed.findings.map((f) => f.type),
      ["CARD_NUMBER", "US_SSN", "EMAIL"],
    );
    const bytes = Buffer.from(DOCUMENT, "utf8");
    const [card] = parsed.findings;
    assert.equal(bytes.subarray(card.byteOffset, card.byteOffset + card.byteLength).toString(), CARD);
    assert.equal(DOCUMENT.slice(card.charOffset, card.charOffset + card.charLength), CARD);
    assert.equal(card.byteOffset, card.charOffset + 1, "ë is two bytes");
    const input = s3.commandCalls(GetObjectCommand)[0].args[0].input;
    assert.deepEqual(input, { Bucket: BUCKET, Key: "exports/customers.csv", VersionId: undefined });
  });

  it("never puts a matched value in the response or the logs", async () => {
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(DOCUMENT) }));
    const res = await handler()(event({ objectKey: `people/${EMAIL}.csv` }));
    const logText = lines.join("\n");
    for (const value of [CARD, SSN, EMAIL, CARD.replace(/ /g, "")]) {
      assert.ok(!logText.includes(value), `log leaks ${value}`);
      assert.ok(!res.body.replace(`people/${EMAIL}.csv`, "").includes(value), `response leaks ${value}`);
    }
    const completed = logs().find((l) => l.event === "pii_scan");
    assert.equal(completed.outcome, "violation");
    assert.equal(completed.objectKeyRef, keyReference(`people/${EMAIL}.csv`));
    assert.deepEqual(completed.countsByType, { IBAN: 0, CARD_NUMBER: 1, US_SSN: 1, EMAIL: 1, PHONE_NANP: 0 });
  });

  it("reports a clean object as clean", async () => {
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body("ORD-2024-000123 shipped 2024-06-11T10:00:00Z") }));
    const res = await handler()(
      event({ objectKey: "a.txt", versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" }),
    );
    assert.equal(JSON.parse(res.body).findingCount, 0);
    assert.equal(logs().find((l) => l.event === "pii_scan").outcome, "clean");
    assert.equal(
      s3.commandCalls(GetObjectCommand)[0].args[0].input.VersionId,
      "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
    );
  });

  it("maps S3 and content errors to HTTP statuses and security log events", async () => {
    const cases: [() => void, number, string][] = [
      [
        () => s3.on(GetObjectCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" })),
        403,
        "access_denied",
      ],
      [
        () =>
          s3
            .on(GetObjectCommand)
            .rejects(Object.assign(new Error("kms"), { name: "KMS.AccessDeniedException" })),
        403,
        "access_denied",
      ],
      [
        () => s3.on(GetObjectCommand).rejects(Object.assign(new Error("missing"), { name: "NoSuchKey" })),
        404,
        "object_not_found",
      ],
      [() => s3.on(GetObjectCommand).resolves({ Body: body(Buffer.from([0x61, 0xff])) }), 422, "not_text"],
      [
        () => s3.on(GetObjectCommand).resolves({ Body: body("x".repeat(10)), ContentLength: 5000 }),
        413,
        "object_too_large",
      ],
      [() => s3.on(GetObjectCommand).rejects(new Error("socket hang up")), 500, "scan_failed"],
    ];
    for (const [arrange, status, logEvent] of cases) {
      s3.reset();
      lines = [];
      arrange();
      const res = await handler(1000)(event({ objectKey: "k" }));
      assert.equal(res.statusCode, status, logEvent);
      assert.equal(JSON.parse(res.body).requestId, "req-1");
      assert.ok(
        logs().some((l) => l.event === logEvent),
        logEvent,
      );
    }
  });

  it("enforces the byte limit while streaming when the length is not known", async () => {
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body("a".repeat(3000), 500) }));
    const res = await handler(1000)(event({ objectKey: "k" }));
    assert.equal(res.statusCode, 413);
  });

  it("rejects invalid requests with 400 before calling S3", async () => {
    for (const payload of [
      "not json",
      "[]",
      { objectKey: "" },
      { objectKey: "a", extra: 1 },
      { objectKey: 5 },
      { objectKey: "a", versionId: "bad id" },
    ]) {
      const res = await handler()(event(payload));
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
    }
    assert.equal(s3.commandCalls(GetObjectCommand).length, 0);
    assert.throws(() => parseScanRequest(null), RequestError);
  });

  it("fails loudly on a configuration error", async () => {
    const h = createHandler({
      s3: new S3Client({ region: "us-east-1" }),
      logger: createLogger({}, (l) => lines.push(l)),
      config: () => configFromEnv({}),
    });
    await assert.rejects(h(event({ objectKey: "k" })), ConfigurationError);
  });

  describe("configFromEnv", () => {
    it("reads the bucket and limits", () => {
      assert.deepEqual(configFromEnv({ DATA_BUCKET: "b", MAX_OBJECT_BYTES: "2048", MAX_FINDINGS: "5" }), {
        bucket: "b",
        maxObjectBytes: 2048,
        maxFindings: 5,
      });
      assert.equal(configFromEnv({ DATA_BUCKET: "b" }).maxFindings, 1000);
      assert.throws(() => configFromEnv({ DATA_BUCKET: "b", MAX_FINDINGS: "0" }), ConfigurationError);
    });
  });
});
