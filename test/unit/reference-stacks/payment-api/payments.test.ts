/**
 * The payment-transactions handler against an in-memory DynamoDB: idempotent creation, reads,
 * validation, mutual-TLS identity and error handling.
 */
import assert from "node:assert/strict";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { createLogger } from "../../../../reference-stacks/components/lambda-logger";
import { DynamoDbError } from "../../../../reference-stacks/payment-api/functions/dynamodb";
import { ConfigurationError } from "../../../../reference-stacks/payment-api/functions/http";
import {
  configFromEnv,
  createHandler,
  parsePaymentRequest,
  transactionIdFor,
} from "../../../../reference-stacks/payment-api/functions/payments";
import { FakeDynamoDb } from "./fake-dynamodb";

const TABLE = "payapi-transactions-dev";
const BODY = {
  merchantId: "merchant-42",
  amount: 12999,
  currency: "EUR",
  paymentMethodToken: "tok_4eC39HqLyjWDarjtT1zdp7dc",
};

function event(overrides: Partial<APIGatewayProxyEvent> & { cert?: boolean } = {}): APIGatewayProxyEvent {
  const { cert = true, ...rest } = overrides;
  return {
    httpMethod: "POST",
    resource: "/payments",
    headers: { "idempotency-key": "order-2024-000123" },
    body: JSON.stringify(BODY),
    isBase64Encoded: false,
    pathParameters: null,
    requestContext: {
      requestId: "req-1",
      identity: cert
        ? {
            clientCert: {
              serialNumber: "0a:1b:2c",
              issuerDN: "CN=Example CA",
              validity: { notAfter: "2030" },
            },
          }
        : {},
    },
    ...rest,
  } as unknown as APIGatewayProxyEvent;
}

describe("payments handler", () => {
  let db: FakeDynamoDb;
  let lines: string[];
  const handler = (requireClientCert = true) =>
    createHandler({
      db,
      logger: createLogger({ function: "test" }, (l) => lines.push(l)),
      config: () => ({ tableName: TABLE, requireClientCert }),
      now: () => new Date("2024-06-11T12:00:00.000Z"),
    });
  const logs = () => lines.map((l) => JSON.parse(l));

  beforeEach(() => {
    db = new FakeDynamoDb();
    lines = [];
  });

  it("records a payment with a conditional write and answers 201", async () => {
    const res = await handler()(event());
    assert.equal(res.statusCode, 201);
    const body = JSON.parse(res.body);
    const id = transactionIdFor("merchant-42", "order-2024-000123");
    assert.equal(body.transactionId, id);
    assert.equal(res.headers?.Location, `/payments/${id}`);
    assert.deepEqual(
      {
        amount: body.amount,
        currency: body.currency,
        status: body.status,
        paymentMethod: body.paymentMethod,
      },
      { amount: 12999, currency: "EUR", status: "PENDING", paymentMethod: "tok_...p7dc" },
    );
    const put = db.calls[0];
    assert.equal(put.operation, "PutItem");
    assert.equal(put.input.TableName, TABLE);
    assert.equal(put.input.ConditionExpression, "attribute_not_exists(transactionId)");
    const item = put.input.Item as Record<string, Record<string, string>>;
    assert.equal(item.amount.N, "12999");
    assert.equal(item.clientCertSerial.S, "0a:1b:2c");
    assert.equal(logs().at(-1).event, "payment_created");
  });

  it("replays the stored transaction for a retried request (same key, same body)", async () => {
    const h = handler();
    const first = await h(event());
    const second = await h(event());
    assert.equal(second.statusCode, 200);
    assert.equal(second.headers?.["Idempotent-Replayed"], "true");
    assert.equal(JSON.parse(second.body).transactionId, JSON.parse(first.body).transactionId);
    assert.equal(db.items.size, 1);
  });

  it("refuses a reused idempotency key with a different body (409, security event)", async () => {
    const h = handler();
    await h(event());
    const res = await h(event({ body: JSON.stringify({ ...BODY, amount: 1 }) }));
    assert.equal(res.statusCode, 409);
    assert.equal(logs().at(-1).securityEvent, "idempotency_conflict");
  });

  it("reads a transaction and answers 404 for an unknown one", async () => {
    const h = handler();
    const created = JSON.parse((await h(event())).body);
    const get = (id: string) =>
      h(
        event({
          httpMethod: "GET",
          resource: "/payments/{transactionId}",
          body: null,
          pathParameters: { transactionId: id },
        }),
      );
    const found = await get(created.transactionId);
    assert.equal(found.statusCode, 200);
    assert.equal(JSON.parse(found.body).amount, 12999);
    assert.ok(!found.body.includes("requestHash"));
    assert.equal((await get(`txn_${"0".repeat(32)}`)).statusCode, 404);
    assert.equal((await get("../etc")).statusCode, 400);
    const read = db.calls.find((c) => c.operation === "GetItem");
    assert.equal(read?.input.ConsistentRead, true);
  });

  it("rejects card numbers and malformed requests before touching the table", async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...BODY, paymentMethodToken: "4111111111111111" }, /token/],
      [{ ...BODY, amount: 10.5 }, /amount/],
      [{ ...BODY, amount: 0 }, /amount/],
      [{ ...BODY, currency: "XXX" }, /currency/],
      [{ ...BODY, merchantId: "a" }, /merchantId/],
      [{ ...BODY, extra: true }, /Unknown fields/],
      [{ ...BODY, reference: "<script>" }, /reference/],
    ];
    for (const [body, message] of bad) {
      const res = await handler()(event({ body: JSON.stringify(body) }));
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.match(JSON.parse(res.body).message, message);
    }
    assert.equal(logs().find((l) => l.reason?.includes("token"))?.securityEvent, "pan_rejected");
    assert.equal((await handler()(event({ body: "{" }))).statusCode, 400);
    assert.equal((await handler()(event({ headers: {} }))).statusCode, 400, "Idempotency-Key required");
    assert.equal(db.calls.length, 0);
    assert.ok(!lines.join("\n").includes("4111111111111111"), "the rejected PAN is not logged");
  });

  it("requires the verified client certificate (mutual TLS) unless configured otherwise", async () => {
    const res = await handler()(event({ cert: false }));
    assert.equal(res.statusCode, 403);
    assert.equal(logs().at(-1).securityEvent, "client_certificate_missing");
    assert.equal((await handler(false)(event({ cert: false }))).statusCode, 201);
  });

  it("answers 404 for unknown routes and rethrows DynamoDB failures (Errors metric, 502)", async () => {
    assert.equal((await handler()(event({ httpMethod: "DELETE" }))).statusCode, 404);
    db.failWith = new DynamoDbError("ProvisionedThroughputExceededException", "slow down", 400, "rid-9");
    await assert.rejects(handler()(event()), DynamoDbError);
    const failure = logs().at(-1);
    assert.equal(failure.event, "request_failed");
    assert.equal(failure.errorName, "ProvisionedThroughputExceededException");
  });

  it("reads its configuration from the environment", () => {
    assert.deepEqual(configFromEnv({ TABLE_NAME: TABLE }), { tableName: TABLE, requireClientCert: true });
    assert.equal(configFromEnv({ TABLE_NAME: TABLE, REQUIRE_CLIENT_CERT: "false" }).requireClientCert, false);
    assert.throws(() => configFromEnv({}), ConfigurationError);
    assert.throws(() => parsePaymentRequest({ ...BODY, currency: 3 }), /currency/);
  });

  it("fails loudly on a configuration error", async () => {
    const h = createHandler({
      db,
      logger: createLogger({}, (l) => lines.push(l)),
      config: () => configFromEnv({}),
    });
    await assert.rejects(h(event()), ConfigurationError);
  });
});
