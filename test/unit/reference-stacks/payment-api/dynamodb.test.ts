/**
 * The handlers' minimal DynamoDB client: Signature V4, the JSON 1.0 protocol, errors and retries.
 */
import assert from "node:assert/strict";
import {
  amzDate,
  credentialsFromEnv,
  DynamoDbError,
  DynamoDbJsonClient,
  signRequest,
  type HttpTransport,
} from "../../../../reference-stacks/payment-api/functions/dynamodb";

const CREDS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "token123",
};
const DATE = new Date("2024-06-11T12:34:56Z");

function reply(status: number, body: unknown, requestId = "rid-1") {
  return {
    status,
    headers: { get: (n: string) => (n.toLowerCase() === "x-amzn-requestid" ? requestId : null) },
    text: async () => JSON.stringify(body),
  };
}

describe("DynamoDB JSON client", () => {
  it("signs like the AWS SDK (Signature V4 vector cross-checked with @smithy/signature-v4)", () => {
    const body = JSON.stringify({
      TableName: "payapi-transactions-dev",
      Key: { transactionId: { S: "txn_1" } },
    });
    const headers = signRequest({
      host: "dynamodb.us-east-1.amazonaws.com",
      region: "us-east-1",
      service: "dynamodb",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" },
      body,
      credentials: CREDS,
      date: DATE,
    });
    assert.equal(
      headers.authorization,
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240611/us-east-1/dynamodb/aws4_request, " +
        "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, " +
        "Signature=c90068775701910196977ca55a3cb3a896d4cc644d22aaf773917c255455a1c2",
    );
    assert.equal(headers["x-amz-date"], "20240611T123456Z");
    assert.equal(amzDate(DATE), "20240611T123456Z");
  });

  it("posts the operation as JSON 1.0 to the regional endpoint and returns the parsed answer", async () => {
    const seen: { url: string; headers: Record<string, string>; body: string }[] = [];
    const transport: HttpTransport = async (url, init) => {
      seen.push({ url, headers: init.headers, body: init.body });
      return reply(200, { Item: { transactionId: { S: "txn_1" } } });
    };
    const client = new DynamoDbJsonClient({
      region: "us-east-1",
      credentials: () => CREDS,
      transport,
      now: () => DATE,
    });
    const out = await client.call<{ Item: unknown }>("GetItem", {
      TableName: "t",
      Key: { transactionId: { S: "txn_1" } },
    });
    assert.deepEqual(out.Item, { transactionId: { S: "txn_1" } });
    assert.equal(seen[0].url, "https://dynamodb.us-east-1.amazonaws.com/");
    assert.equal(seen[0].headers["x-amz-target"], "DynamoDB_20120810.GetItem");
    assert.equal(seen[0].headers["content-type"], "application/x-amz-json-1.0");
    assert.equal(seen[0].headers["x-amz-security-token"], "token123");
    assert.equal(seen[0].headers.host, undefined, "fetch derives Host from the URL");
  });

  it("maps errors to DynamoDbError with code, status and request id, without retrying client errors", async () => {
    let calls = 0;
    const transport: HttpTransport = async () => {
      calls++;
      return reply(400, {
        __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        message: "failed",
      });
    };
    const client = new DynamoDbJsonClient({ region: "us-east-1", credentials: () => CREDS, transport });
    const error = await client.call("PutItem", {}).catch((e: unknown) => e);
    assert.ok(error instanceof DynamoDbError);
    assert.equal(error.code, "ConditionalCheckFailedException");
    assert.equal(error.statusCode, 400);
    assert.equal(error.requestId, "rid-1");
    assert.equal(calls, 1);
  });

  it("retries throttling and 5xx with backoff, then gives up", async () => {
    const statuses = [
      reply(400, { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException" }),
      reply(500, { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError" }),
      reply(200, {}),
    ];
    const sleeps: number[] = [];
    const client = new DynamoDbJsonClient({
      region: "us-east-1",
      credentials: () => CREDS,
      transport: async () => statuses.shift() ?? reply(200, {}),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    assert.deepEqual(await client.call("PutItem", {}), {});
    assert.equal(sleeps.length, 2);
    const failing = new DynamoDbJsonClient({
      region: "us-east-1",
      credentials: () => CREDS,
      transport: async () => reply(503, {}),
      sleep: async () => undefined,
      maxAttempts: 2,
    });
    await assert.rejects(
      failing.call("GetItem", {}),
      (e: unknown) => e instanceof DynamoDbError && e.statusCode === 503,
    );
  });

  it("reads Lambda's credentials from the environment", () => {
    assert.deepEqual(
      credentialsFromEnv({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t" }),
      {
        accessKeyId: "a",
        secretAccessKey: "s",
        sessionToken: "t",
      },
    );
    assert.throws(() => credentialsFromEnv({}), /credentials/);
  });
});
