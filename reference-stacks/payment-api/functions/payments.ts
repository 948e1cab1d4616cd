/**
 * Payment transactions behind `POST /payments` and `GET /payments/{transactionId}` (API Gateway
 * REST API with mutual TLS, Lambda proxy integration).
 *
 * `POST /payments` records a payment authorisation request in the transactions table. The client
 * must send an `Idempotency-Key` header; the transaction id is derived from the merchant and that
 * key, and the write is conditional (`attribute_not_exists`), so a retried request never creates a
 * second transaction: the same request returns the stored transaction (200), a different request
 * with a reused key is refused (409). Cards are referenced by a payment-method token only; the API
 * model and this handler reject anything that is not a token, so no PAN reaches the table.
 *
 * Environment: TABLE_NAME (required), REQUIRE_CLIENT_CERT (default "true").
 */
import { createHash } from "node:crypto";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { createLogger, describeError, type Logger } from "../../components/lambda-logger";
import { CURRENCIES, type Currency } from "./currencies";
import { createDynamoDb, DynamoDbError, type DynamoDb, type Item } from "./dynamodb";
import { clientIdentity, ConfigurationError, header, json, parseObjectBody, RequestError } from "./http";

const MAX_AMOUNT = 100_000_000; // minor units (1,000,000.00)
const TRANSACTION_ID = /^txn_[a-f0-9]{32}$/;

export interface PaymentsConfig {
  tableName: string;
  requireClientCert: boolean;
}

export interface PaymentsDeps {
  db: DynamoDb;
  logger: Logger;
  config: () => PaymentsConfig;
  now: () => Date;
}

export interface PaymentRequest {
  merchantId: string;
  amount: number;
  currency: Currency;
  paymentMethodToken: string;
  reference?: string;
}

export interface Transaction extends PaymentRequest {
  transactionId: string;
  status: "PENDING";
  createdAt: string;
  clientCertSerial?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  const tableName = env.TABLE_NAME ?? "";
  if (tableName === "") throw new ConfigurationError("TABLE_NAME is required.");
  return { tableName, requireClientCert: (env.REQUIRE_CLIENT_CERT ?? "true") !== "false" };
}

export function parsePaymentRequest(body: Record<string, unknown>): PaymentRequest {
  const { merchantId, amount, currency, paymentMethodToken, reference } = body;
  if (typeof merchantId !== "string" || !/^[A-Za-z0-9_-]{3,64}$/.test(merchantId)) {
    throw new RequestError(400, "merchantId must be 3-64 letters, digits, '_' or '-'.");
  }
  if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 1 || amount > MAX_AMOUNT) {
    throw new RequestError(400, `amount must be an integer number of minor units from 1 to ${MAX_AMOUNT}.`);
  }
  if (typeof currency !== "string" || !(CURRENCIES as readonly string[]).includes(currency)) {
    throw new RequestError(400, `currency must be one of ${CURRENCIES.join(", ")}.`);
  }
  if (typeof paymentMethodToken !== "string" || !/^tok_[A-Za-z0-9]{16,64}$/.test(paymentMethodToken)) {
    throw new RequestError(
      400,
      "paymentMethodToken must be a token (tok_...); card numbers are not accepted.",
      "pan_rejected",
    );
  }
  if (
    reference !== undefined &&
    (typeof reference !== "string" || !/^[A-Za-z0-9 ._/-]{1,64}$/.test(reference))
  ) {
    throw new RequestError(400, "reference must be 1-64 letters, digits, spaces or ._/-.");
  }
  return {
    merchantId,
    amount,
    currency: currency as Currency,
    paymentMethodToken,
    ...(reference !== undefined ? { reference } : {}),
  };
}

/** The transaction id of a merchant's idempotency key: stable across retries, opaque. */
export function transactionIdFor(merchantId: string, idempotencyKey: string): string {
  return `txn_${createHash("sha256").update(`${merchantId}\u0000${idempotencyKey}`).digest("hex").slice(0, 32)}`;
}

function requestHash(request: PaymentRequest): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("hex");
}

export function toItem(t: Transaction, hash: string): Item {
  return {
    transactionId: { S: t.transactionId },
    merchantId: { S: t.merchantId },
    amount: { N: String(t.amount) },
    currency: { S: t.currency },
    paymentMethodToken: { S: t.paymentMethodToken },
    status: { S: t.status },
    createdAt: { S: t.createdAt },
    requestHash: { S: hash },
    ...(t.reference !== undefined ? { reference: { S: t.reference } } : {}),
    ...(t.clientCertSerial !== undefined ? { clientCertSerial: { S: t.clientCertSerial } } : {}),
  };
}

export function fromItem(item: Item): Transaction & { requestHash: string } {
  const s = (k: string) => (item[k] as { S: string } | undefined)?.S;
  return {
    transactionId: s("transactionId") ?? "",
    merchantId: s("merchantId") ?? "",
    amount: Number((item.amount as { N: string } | undefined)?.N),
    currency: s("currency") as Transaction["currency"],
    paymentMethodToken: s("paymentMethodToken") ?? "",
    status: "PENDING",
    createdAt: s("createdAt") ?? "",
    requestHash: s("requestHash") ?? "",
    ...(s("reference") !== undefined ? { reference: s("reference") } : {}),
    ...(s("clientCertSerial") !== undefined ? { clientCertSerial: s("clientCertSerial") } : {}),
  };
}

/** The API view: no request hash, the token shown by its last four characters only. */
function view(t: Transaction): Record<string, unknown> {
  return {
    transactionId: t.transactionId,
    merchantId: t.merchantId,
    amount: t.amount,
    currency: t.currency,
    status: t.status,
    createdAt: t.createdAt,
    paymentMethod: `tok_...${t.paymentMethodToken.slice(-4)}`,
    ...(t.reference !== undefined ? { reference: t.reference } : {}),
  };
}

export function createHandler(overrides: Partial<PaymentsDeps> = {}) {
  const deps: PaymentsDeps = {
    db: overrides.db ?? createDynamoDb(),
    logger: overrides.logger ?? createLogger({ function: "payments" }),
    config: overrides.config ?? (() => configFromEnv()),
    now: overrides.now ?? (() => new Date()),
  };

  async function getStored(config: PaymentsConfig, transactionId: string) {
    const out = await deps.db.call<{ Item?: Item }>("GetItem", {
      TableName: config.tableName,
      Key: { transactionId: { S: transactionId } },
      ConsistentRead: true,
    });
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async function create(event: APIGatewayProxyEvent, config: PaymentsConfig, log: Logger, serial?: string) {
    const idempotencyKey = header(event, "Idempotency-Key");
    if (idempotencyKey === undefined || !/^[A-Za-z0-9_-]{8,128}$/.test(idempotencyKey)) {
      throw new RequestError(
        400,
        "An Idempotency-Key header of 8-128 letters, digits, '_' or '-' is required.",
      );
    }
    const request = parsePaymentRequest(
      parseObjectBody(event, ["merchantId", "amount", "currency", "paymentMethodToken", "reference"]),
    );
    const transaction: Transaction = {
      ...request,
      transactionId: transactionIdFor(request.merchantId, idempotencyKey),
      status: "PENDING",
      createdAt: deps.now().toISOString(),
      ...(serial !== undefined ? { clientCertSerial: serial } : {}),
    };
    const hash = requestHash(request);
    try {
      await deps.db.call("PutItem", {
        TableName: config.tableName,
        Item: toItem(transaction, hash),
        ConditionExpression: "attribute_not_exists(transactionId)",
      });
    } catch (error) {
      if (!(error instanceof DynamoDbError && error.code === "ConditionalCheckFailedException")) throw error;
      const stored = await getStored(config, transaction.transactionId);
      if (stored === undefined || stored.requestHash !== hash) {
        throw new RequestError(
          409,
          "This Idempotency-Key was already used for a different request.",
          "idempotency_conflict",
        );
      }
      log.info("idempotent replay", { event: "payment_replayed", transactionId: stored.transactionId });
      return json(200, view(stored), { "Idempotent-Replayed": "true" });
    }
    log.info("payment recorded", {
      event: "payment_created",
      transactionId: transaction.transactionId,
      merchantId: transaction.merchantId,
      amount: transaction.amount,
      currency: transaction.currency,
    });
    return json(201, view(transaction), { Location: `/payments/${transaction.transactionId}` });
  }

  async function read(event: APIGatewayProxyEvent, config: PaymentsConfig) {
    const transactionId = event.pathParameters?.transactionId ?? "";
    if (!TRANSACTION_ID.test(transactionId)) throw new RequestError(400, "transactionId is malformed.");
    const stored = await getStored(config, transactionId);
    if (stored === undefined) throw new RequestError(404, "No such transaction.");
    return json(200, view(stored));
  }

  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const log = deps.logger;
    const requestId = event?.requestContext?.requestId;
    let config: PaymentsConfig;
    try {
      config = deps.config();
    } catch (error) {
      log.error("configuration error", { event: "configuration_error", ...describeError(error) });
      throw error;
    }
    try {
      const identity = clientIdentity(event, config.requireClientCert);
      const route = `${event.httpMethod} ${event.resource}`;
      if (route === "POST /payments") return await create(event, config, log, identity?.serialNumber);
      if (route === "GET /payments/{transactionId}") return await read(event, config);
      throw new RequestError(404, `No route ${route}.`);
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
      throw error; // counted by the Errors metric and alarm; API Gateway answers 502
    }
  };
}

export const handler = createHandler();
