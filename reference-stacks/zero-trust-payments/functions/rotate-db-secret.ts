/**
 * Secrets Manager rotation function for the payments database credentials, implementing the
 * four-step protocol Secrets Manager drives (createSecret, setSecret, testSecret, finishSecret)
 * for a single-user secret `{engine, host, port, dbname, username, password}`.
 *
 * - createSecret: copy AWSCURRENT, put a new random password (GetRandomPassword) as AWSPENDING
 *   under the rotation's ClientRequestToken; idempotent when AWSPENDING already exists.
 * - setSecret: make the database accept the pending password (DatabaseClient).
 * - testSecret: log in with the pending credentials (DatabaseClient).
 * - finishSecret: move AWSCURRENT to the pending version.
 *
 * Every step logs structured JSON (never secret values) and rethrows errors so Secrets Manager
 * marks the rotation as failed and retries.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { createLogger, describeError, type Logger } from "../../components/lambda-logger";
import { databaseClientFromEnv, type DatabaseClient, type DatabaseCredentials } from "./database-client";

export type RotationStep = "createSecret" | "setSecret" | "testSecret" | "finishSecret";

export interface SecretsManagerRotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: RotationStep;
  RotationToken?: string;
}

export interface RotationDeps {
  secrets: Pick<SecretsManagerClient, "send">;
  database: () => DatabaseClient;
  logger: Logger;
  passwordLength: number;
  excludeCharacters: string;
}

export class RotationProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RotationProtocolError";
  }
}

const REQUIRED_FIELDS: (keyof DatabaseCredentials)[] = [
  "engine",
  "host",
  "port",
  "dbname",
  "username",
  "password",
];

/** Parses and validates a credentials secret string. */
export function parseCredentials(secretString: string | undefined, what: string): DatabaseCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? "");
  } catch {
    throw new RotationProtocolError(`${what} is not valid JSON.`);
  }
  if (typeof parsed !== "object" || parsed === null)
    throw new RotationProtocolError(`${what} is not an object.`);
  const record = parsed as Record<string, unknown>;
  const missing = REQUIRED_FIELDS.filter((f) => record[f] === undefined || record[f] === "");
  if (missing.length > 0) throw new RotationProtocolError(`${what} lacks ${missing.join(", ")}.`);
  const port = Number(record.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new RotationProtocolError(`${what} has an invalid port.`);
  return { ...(record as unknown as DatabaseCredentials), port };
}

async function getCredentials(
  deps: RotationDeps,
  secretId: string,
  stage: "AWSCURRENT" | "AWSPENDING" | "AWSPREVIOUS",
  versionId?: string,
): Promise<DatabaseCredentials> {
  const value = await deps.secrets.send(
    new GetSecretValueCommand({
      SecretId: secretId,
      VersionStage: stage,
      ...(versionId ? { VersionId: versionId } : {}),
    }),
  );
  return parseCredentials(value.SecretString, `${stage} version`);
}

async function createSecret(deps: RotationDeps, event: SecretsManagerRotationEvent): Promise<void> {
  const current = await getCredentials(deps, event.SecretId, "AWSCURRENT");
  try {
    await getCredentials(deps, event.SecretId, "AWSPENDING", event.ClientRequestToken);
    deps.logger.info("pending version already exists", { step: "createSecret" });
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const random = await deps.secrets.send(
    new GetRandomPasswordCommand({
      PasswordLength: deps.passwordLength,
      ExcludeCharacters: deps.excludeCharacters,
      RequireEachIncludedType: true,
    }),
  );
  const password = random.RandomPassword;
  if (!password || password.length < deps.passwordLength) {
    throw new RotationProtocolError("GetRandomPassword returned no usable password.");
  }
  if (password === current.password) throw new RotationProtocolError("New password equals the current one.");
  await deps.secrets.send(
    new PutSecretValueCommand({
      SecretId: event.SecretId,
      ClientRequestToken: event.ClientRequestToken,
      SecretString: JSON.stringify({ ...current, password }),
      VersionStages: ["AWSPENDING"],
    }),
  );
  deps.logger.info("pending version created", { step: "createSecret" });
}

async function setSecret(deps: RotationDeps, event: SecretsManagerRotationEvent): Promise<void> {
  const pending = await getCredentials(deps, event.SecretId, "AWSPENDING", event.ClientRequestToken);
  const current = await getCredentials(deps, event.SecretId, "AWSCURRENT");
  if (pending.username !== current.username || pending.host !== current.host) {
    throw new RotationProtocolError("Pending and current versions differ in username or host.");
  }
  const db = deps.database();
  if (await db.canLogin(pending)) {
    deps.logger.info("database already accepts the pending password", {
      step: "setSecret",
      databaseMode: db.mode,
    });
    return;
  }
  await db.setPassword(current, pending);
  deps.logger.info(db.mode === "none" ? "no database configured; nothing to set" : "database password set", {
    step: "setSecret",
    databaseMode: db.mode,
  });
}

async function testSecret(deps: RotationDeps, event: SecretsManagerRotationEvent): Promise<void> {
  const pending = await getCredentials(deps, event.SecretId, "AWSPENDING", event.ClientRequestToken);
  const db = deps.database();
  await db.test(pending);
  deps.logger.info(
    db.mode === "none"
      ? "pending credentials validated (no database configured)"
      : "pending credentials work",
    {
      step: "testSecret",
      databaseMode: db.mode,
    },
  );
}

async function finishSecret(deps: RotationDeps, event: SecretsManagerRotationEvent): Promise<void> {
  const metadata = await deps.secrets.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
  const versions = metadata.VersionIdsToStages ?? {};
  const currentVersion = Object.keys(versions).find((id) => versions[id].includes("AWSCURRENT"));
  if (currentVersion === event.ClientRequestToken) {
    deps.logger.info("version already AWSCURRENT", { step: "finishSecret" });
    return;
  }
  await deps.secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: event.SecretId,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: event.ClientRequestToken,
      RemoveFromVersionId: currentVersion,
    }),
  );
  deps.logger.info("rotation finished", { step: "finishSecret", previousVersion: currentVersion });
}

const STEPS: Record<RotationStep, (deps: RotationDeps, event: SecretsManagerRotationEvent) => Promise<void>> =
  {
    createSecret,
    setSecret,
    testSecret,
    finishSecret,
  };

/** Checks the rotation is enabled and the token is a pending (not yet current) version. */
async function checkVersion(
  deps: RotationDeps,
  event: SecretsManagerRotationEvent,
): Promise<"proceed" | "done"> {
  const metadata = await deps.secrets.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
  if (metadata.RotationEnabled === false) {
    throw new RotationProtocolError("Rotation is not enabled on the secret.");
  }
  const stages = (metadata.VersionIdsToStages ?? {})[event.ClientRequestToken];
  if (stages === undefined)
    throw new RotationProtocolError("The rotation token is not a version of the secret.");
  if (stages.includes("AWSCURRENT")) {
    deps.logger.info("version already AWSCURRENT; nothing to do", { step: event.Step });
    return "done";
  }
  if (!stages.includes("AWSPENDING")) {
    throw new RotationProtocolError("The rotation token's version is not staged AWSPENDING.");
  }
  return "proceed";
}

export function createHandler(overrides: Partial<RotationDeps> = {}) {
  const deps: RotationDeps = {
    secrets: overrides.secrets ?? new SecretsManagerClient({}),
    database: overrides.database ?? (() => databaseClientFromEnv()),
    logger: overrides.logger ?? createLogger({ function: "db-secret-rotation" }),
    passwordLength: overrides.passwordLength ?? Number(process.env.PASSWORD_LENGTH ?? 32),
    excludeCharacters: overrides.excludeCharacters ?? process.env.EXCLUDE_CHARACTERS ?? "/@\"'\\ `",
  };
  return async function handler(event: SecretsManagerRotationEvent): Promise<void> {
    const fields = { secretId: event?.SecretId, step: event?.Step, token: event?.ClientRequestToken };
    try {
      if (!event || typeof event.SecretId !== "string" || typeof event.ClientRequestToken !== "string") {
        throw new RotationProtocolError("The event lacks SecretId or ClientRequestToken.");
      }
      const step = STEPS[event.Step];
      if (step === undefined)
        throw new RotationProtocolError(`Unknown rotation step '${String(event.Step)}'.`);
      deps.logger.info("rotation step started", fields);
      if ((await checkVersion(deps, event)) === "done") return;
      await step(deps, event);
      deps.logger.info("rotation step succeeded", fields);
    } catch (error) {
      deps.logger.error("rotation step failed", { ...fields, ...describeError(error) });
      throw error;
    }
  };
}

export const handler = createHandler();
