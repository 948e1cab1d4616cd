/**
 * The Secrets Manager rotation handler (four-step protocol) against a mocked Secrets Manager
 * client and a fake DatabaseClient.
 */
import "../helpers/quiet-aws-sdk";
import assert from "node:assert/strict";
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { createLogger } from "../../../../reference-stacks/components/lambda-logger";
import {
  databaseClientFromEnv,
  DatabaseClientUnavailableError,
  NoDatabaseClient,
  type DatabaseClient,
  type DatabaseCredentials,
} from "../../../../reference-stacks/zero-trust-payments/functions/database-client";
import {
  createHandler,
  parseCredentials,
  RotationProtocolError,
  type RotationStep,
} from "../../../../reference-stacks/zero-trust-payments/functions/rotate-db-secret";

const SECRET_ID = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ztp-db-credentials-dev-AbCdEf";
const TOKEN = "token-pending";
const CURRENT_ID = "version-current";
const CURRENT: DatabaseCredentials = {
  engine: "postgres",
  host: "payments-db.internal",
  port: 5432,
  dbname: "payments",
  username: "payments_app",
  password: "old-password-0123456789abcdefghij",
};
const NEW_PASSWORD = "N3w-Password-Generated-By-SecretsMgr";

class FakeDatabase implements DatabaseClient {
  readonly mode = "fake";
  calls: string[] = [];
  loginWorks = false;
  failTest = false;
  async canLogin(c: DatabaseCredentials) {
    this.calls.push(`canLogin:${c.password}`);
    return this.loginWorks;
  }
  async setPassword(current: DatabaseCredentials, pending: DatabaseCredentials) {
    this.calls.push(`setPassword:${current.password}->${pending.password}`);
  }
  async test(c: DatabaseCredentials) {
    this.calls.push(`test:${c.password}`);
    if (this.failTest) throw new Error("password authentication failed");
  }
}

describe("rotate-db-secret handler", () => {
  const sm = mockClient(SecretsManagerClient);
  let db: FakeDatabase;
  let lines: string[];
  let stages: Record<string, string[]>;
  let pending: DatabaseCredentials | undefined;

  const handler = () =>
    createHandler({
      secrets: new SecretsManagerClient({ region: "us-east-1" }),
      database: () => db,
      logger: createLogger({}, (l) => lines.push(l)),
      passwordLength: 32,
      excludeCharacters: "/@\"'\\",
    });
  const event = (Step: RotationStep) => ({ SecretId: SECRET_ID, ClientRequestToken: TOKEN, Step });
  const logs = () => lines.map((l) => JSON.parse(l));

  beforeEach(() => {
    sm.reset();
    db = new FakeDatabase();
    lines = [];
    stages = { [CURRENT_ID]: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] };
    pending = undefined;
    sm.on(DescribeSecretCommand).callsFake(() => ({ RotationEnabled: true, VersionIdsToStages: stages }));
    sm.on(GetSecretValueCommand).callsFake((input: { VersionStage?: string; VersionId?: string }) => {
      if (input.VersionStage === "AWSCURRENT")
        return { SecretString: JSON.stringify(CURRENT), VersionId: CURRENT_ID };
      if (input.VersionStage === "AWSPENDING" && pending)
        return { SecretString: JSON.stringify(pending), VersionId: TOKEN };
      throw new ResourceNotFoundException({ message: "no such version", $metadata: {} });
    });
    sm.on(GetRandomPasswordCommand).resolves({ RandomPassword: NEW_PASSWORD });
    sm.on(PutSecretValueCommand).callsFake((input: { SecretString: string }) => {
      pending = JSON.parse(input.SecretString);
      return { VersionId: TOKEN };
    });
    sm.on(UpdateSecretVersionStageCommand).resolves({});
  });

  describe("createSecret", () => {
    it("stages a copy of AWSCURRENT with a new random password as AWSPENDING", async () => {
      await handler()(event("createSecret"));
      const [put] = sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input);
      assert.equal(put.ClientRequestToken, TOKEN);
      assert.deepEqual(put.VersionStages, ["AWSPENDING"]);
      const staged = JSON.parse(put.SecretString as string);
      assert.deepEqual(staged, { ...CURRENT, password: NEW_PASSWORD });
      assert.notEqual(staged.password, CURRENT.password, "the password really changes");
      const random = sm.commandCalls(GetRandomPasswordCommand)[0].args[0].input;
      assert.equal(random.PasswordLength, 32);
      assert.equal(random.ExcludeCharacters, "/@\"'\\");
    });

    it("is idempotent when the pending version already exists", async () => {
      pending = { ...CURRENT, password: "already-pending-password-0123456789" };
      await handler()(event("createSecret"));
      assert.equal(sm.commandCalls(PutSecretValueCommand).length, 0);
      assert.equal(sm.commandCalls(GetRandomPasswordCommand).length, 0);
    });

    it("never logs passwords", async () => {
      await handler()(event("createSecret"));
      const text = lines.join("\n");
      assert.ok(!text.includes(NEW_PASSWORD) && !text.includes(CURRENT.password));
    });

    it("rejects a malformed current secret", async () => {
      sm.on(GetSecretValueCommand, { VersionStage: "AWSCURRENT" }).resolves({
        SecretString: '{"engine":"postgres"}',
      });
      await assert.rejects(handler()(event("createSecret")), /lacks host, port, dbname, username, password/);
    });
  });

  describe("setSecret", () => {
    beforeEach(() => {
      pending = { ...CURRENT, password: NEW_PASSWORD };
    });

    it("sets the pending password in the database using the current credentials", async () => {
      await handler()(event("setSecret"));
      assert.deepEqual(db.calls, [
        `canLogin:${NEW_PASSWORD}`,
        `setPassword:${CURRENT.password}->${NEW_PASSWORD}`,
      ]);
    });

    it("does nothing when the database already accepts the pending password", async () => {
      db.loginWorks = true;
      await handler()(event("setSecret"));
      assert.deepEqual(db.calls, [`canLogin:${NEW_PASSWORD}`]);
    });

    it("refuses a pending version for another user", async () => {
      pending = { ...CURRENT, username: "admin", password: NEW_PASSWORD };
      await assert.rejects(handler()(event("setSecret")), RotationProtocolError);
      assert.equal(db.calls.length, 0);
    });
  });

  describe("testSecret", () => {
    beforeEach(() => {
      pending = { ...CURRENT, password: NEW_PASSWORD };
    });

    it("logs in with the pending credentials", async () => {
      await handler()(event("testSecret"));
      assert.deepEqual(db.calls, [`test:${NEW_PASSWORD}`]);
    });

    it("logs and rethrows when the database rejects them", async () => {
      db.failTest = true;
      await assert.rejects(handler()(event("testSecret")), /password authentication failed/);
      const last = logs().at(-1);
      assert.equal(last.level, "error");
      assert.equal(last.message, "rotation step failed");
      assert.equal(last.step, "testSecret");
      assert.equal(last.errorMessage, "password authentication failed");
    });
  });

  describe("finishSecret", () => {
    it("moves AWSCURRENT to the pending version", async () => {
      await handler()(event("finishSecret"));
      const [update] = sm.commandCalls(UpdateSecretVersionStageCommand).map((c) => c.args[0].input);
      assert.deepEqual(update, {
        SecretId: SECRET_ID,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: TOKEN,
        RemoveFromVersionId: CURRENT_ID,
      });
    });

    it("does nothing when the version is already AWSCURRENT", async () => {
      stages = { [TOKEN]: ["AWSCURRENT"], old: ["AWSPREVIOUS"] };
      await handler()(event("finishSecret"));
      assert.equal(sm.commandCalls(UpdateSecretVersionStageCommand).length, 0);
    });
  });

  it("runs the four steps end to end: the secret's password changes", async () => {
    const h = handler();
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const)
      await h(event(step));
    assert.equal(pending?.password, NEW_PASSWORD);
    assert.deepEqual(db.calls, [
      `canLogin:${NEW_PASSWORD}`,
      `setPassword:${CURRENT.password}->${NEW_PASSWORD}`,
      `test:${NEW_PASSWORD}`,
    ]);
    assert.equal(sm.commandCalls(UpdateSecretVersionStageCommand).length, 1);
  });

  describe("protocol checks", () => {
    it("fails when rotation is disabled", async () => {
      sm.on(DescribeSecretCommand).resolves({ RotationEnabled: false, VersionIdsToStages: stages });
      await assert.rejects(handler()(event("createSecret")), /not enabled/);
    });

    it("fails when the token is not a version of the secret", async () => {
      stages = { [CURRENT_ID]: ["AWSCURRENT"] };
      await assert.rejects(handler()(event("createSecret")), /not a version/);
    });

    it("fails when the token's version is not AWSPENDING", async () => {
      stages = { [CURRENT_ID]: ["AWSCURRENT"], [TOKEN]: [] };
      await assert.rejects(handler()(event("setSecret")), /not staged AWSPENDING/);
    });

    it("fails on an unknown step and logs it", async () => {
      await assert.rejects(
        handler()({ SecretId: SECRET_ID, ClientRequestToken: TOKEN, Step: "dropTable" as RotationStep }),
        /Unknown rotation step/,
      );
      assert.equal(logs().at(-1).level, "error");
    });

    it("logs and rethrows Secrets Manager errors", async () => {
      sm.on(DescribeSecretCommand).rejects(
        Object.assign(new Error("throttled"), { name: "ThrottlingException" }),
      );
      await assert.rejects(handler()(event("createSecret")), /throttled/);
      assert.equal(logs().at(-1).errorName, "ThrottlingException");
    });
  });

  describe("database clients", () => {
    it("uses no database by default and changes nothing there", async () => {
      const client = databaseClientFromEnv({});
      assert.ok(client instanceof NoDatabaseClient);
      assert.equal(await client.canLogin(), false);
    });

    it("refuses postgres without a driver and unknown modes", () => {
      assert.throws(
        () => databaseClientFromEnv({ DATABASE_MODE: "postgres" }),
        DatabaseClientUnavailableError,
      );
      assert.throws(() => databaseClientFromEnv({ DATABASE_MODE: "mysql" }), DatabaseClientUnavailableError);
    });

    it("parses and validates credentials", () => {
      assert.equal(parseCredentials(JSON.stringify({ ...CURRENT, port: "5432" }), "x").port, 5432);
      assert.throws(() => parseCredentials("nope", "x"), /not valid JSON/);
      assert.throws(() => parseCredentials(JSON.stringify({ ...CURRENT, port: 70000 }), "x"), /invalid port/);
    });
  });
});
