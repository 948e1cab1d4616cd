/**
 * A minimal DynamoDB client (JSON 1.0 protocol, Signature Version 4) for the operations the
 * payment handlers use: PutItem, GetItem, TransactWriteItems.
 *
 * Why not `@aws-sdk/client-dynamodb`: the repository does not depend on it yet (the nodejs20.x
 * runtime ships it, but tests and type checks need it installed). The interface below mirrors the
 * SDK's `send(command)` closely enough that swapping it in later touches only `createDynamoDb`.
 * Requests go to the regional endpoint, which the VPC's DynamoDB gateway endpoint serves.
 *
 * Credentials come from the Lambda environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN). Throttling and 5xx answers are retried with jittered exponential backoff.
 */
import { createHash, createHmac } from "node:crypto";

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] };
export type Item = Record<string, AttributeValue>;

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type Operation = "PutItem" | "GetItem" | "TransactWriteItems";

/** What the handlers need from DynamoDB (and what tests fake). */
export interface DynamoDb {
  call<T = Record<string, unknown>>(operation: Operation, input: Record<string, unknown>): Promise<T>;
}

export class DynamoDbError extends Error {
  constructor(
    /** The exception name, e.g. `ConditionalCheckFailedException`. */
    readonly code: string,
    message: string,
    readonly statusCode: number,
    readonly requestId?: string,
    /** TransactionCanceledException: one reason per item. */
    readonly cancellationReasons?: { Code?: string }[],
  ) {
    super(message);
    this.name = code;
  }
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type HttpTransport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<HttpResponse>;

export interface DynamoDbClientOptions {
  region: string;
  credentials?: () => Credentials;
  transport?: HttpTransport;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  /** Default `https://dynamodb.<region>.amazonaws.com`. */
  endpoint?: string;
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("AWS credentials are not set in the environment.");
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

const sha256Hex = (data: string): string => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data, "utf8").digest();

/** `YYYYMMDD'T'HHMMSS'Z'`. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}

/**
 * Signature Version 4 headers for a POST to `/` (no query string), as the AWS JSON protocols use.
 * Returns the headers to send, including `authorization`.
 */
export function signRequest(args: {
  host: string;
  region: string;
  service: string;
  headers: Record<string, string>;
  body: string;
  credentials: Credentials;
  date: Date;
}): Record<string, string> {
  const stamp = amzDate(args.date);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(args.headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: args.host,
    "x-amz-date": stamp,
  };
  if (args.credentials.sessionToken) headers["x-amz-security-token"] = args.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = ["POST", "/", "", canonicalHeaders, signedHeaders, sha256Hex(args.body)].join(
    "\n",
  );
  const scope = `${day}/${args.region}/${args.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const kDate = hmac(`AWS4${args.credentials.secretAccessKey}`, day);
  const kSigning = hmac(hmac(hmac(kDate, args.region), args.service), "aws4_request");
  const signature = createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${args.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

const RETRYABLE = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TransactionInProgressException",
]);

export class DynamoDbJsonClient implements DynamoDb {
  private readonly opts: Required<Omit<DynamoDbClientOptions, "endpoint">> & { endpoint: string };

  constructor(options: DynamoDbClientOptions) {
    this.opts = {
      region: options.region,
      credentials: options.credentials ?? (() => credentialsFromEnv()),
      transport: options.transport ?? ((url, init) => fetch(url, init)),
      now: options.now ?? (() => new Date()),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      maxAttempts: options.maxAttempts ?? 3,
      endpoint: options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com`,
    };
  }

  async call<T = Record<string, unknown>>(operation: Operation, input: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify(input);
    const host = new URL(this.opts.endpoint).host;
    for (let attempt = 1; ; attempt++) {
      const headers = signRequest({
        host,
        region: this.opts.region,
        service: "dynamodb",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `DynamoDB_20120810.${operation}`,
        },
        body,
        credentials: this.opts.credentials(),
        date: this.opts.now(),
      });
      delete headers.host; // fetch sets it from the URL
      const response = await this.opts.transport(`${this.opts.endpoint}/`, { method: "POST", headers, body });
      const text = await response.text();
      const parsed = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
      if (response.status >= 200 && response.status < 300) return parsed as T;
      const code =
        String(parsed.__type ?? "UnknownError")
          .split("#")
          .pop() ?? "UnknownError";
      const error = new DynamoDbError(
        code,
        String(
          parsed.message ?? parsed.Message ?? `DynamoDB ${operation} failed with HTTP ${response.status}`,
        ),
        response.status,
        response.headers.get("x-amzn-requestid") ?? undefined,
        parsed.CancellationReasons as { Code?: string }[] | undefined,
      );
      const retryable = RETRYABLE.has(code) || response.status >= 500;
      if (!retryable || attempt >= this.opts.maxAttempts) throw error;
      await this.opts.sleep(Math.round(Math.random() * 50 * 2 ** attempt));
    }
  }
}

/** The client the handlers use by default (swap for `@aws-sdk/client-dynamodb` once it is a dependency). */
export function createDynamoDb(region = process.env.AWS_REGION ?? "us-east-1"): DynamoDb {
  return new DynamoDbJsonClient({ region });
}
