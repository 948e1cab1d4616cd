/**
 * Rotates the trading platform's API keys held as SSM Parameter Store SecureStrings.
 *
 * Triggered by an EventBridge schedule (`rate(30 days)`) or invoked by hand with
 * `{ "parameterNames": [...] }` (a subset of the configured parameters). For each parameter it
 * checks that the parameter exists (never creating one outside infrastructure code), generates new
 * key material, and writes a new version encrypted with the stack's CMK. Values are never logged.
 *
 * Key material comes from `generateKeyMaterial` (default: 32 random bytes, base64url). A real
 * exchange integration would request a new key from the exchange there and revoke the old one
 * after the new version is written.
 *
 * Environment: PARAMETER_NAMES (JSON array of names), KMS_KEY_ID (key id, ARN or alias),
 * KEY_LENGTH_BYTES (optional, 16-64, default 32).
 */
import { randomBytes } from "node:crypto";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { createLogger, describeError, type Logger } from "../../components/lambda-logger";

export interface RotationConfig {
  parameterNames: string[];
  kmsKeyId: string;
  keyLengthBytes: number;
}

export interface RotationDeps {
  ssm: Pick<SSMClient, "send">;
  logger: Logger;
  generateKeyMaterial: (parameterName: string, lengthBytes: number) => string | Promise<string>;
  config: () => RotationConfig;
}

export interface RotationEvent {
  /** Manual invocations may restrict rotation to some of the configured parameters. */
  parameterNames?: string[];
  source?: string;
  "detail-type"?: string;
  id?: string;
}

export interface RotatedParameter {
  name: string;
  previousVersion: number | undefined;
  version: number | undefined;
}

export interface RotationResult {
  rotated: RotatedParameter[];
}

export class RotationError extends Error {
  constructor(
    message: string,
    readonly failures: { name: string; error: Record<string, unknown> }[],
  ) {
    super(message);
    this.name = "RotationError";
  }
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** Reads and validates the environment. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RotationConfig {
  let names: unknown;
  try {
    names = JSON.parse(env.PARAMETER_NAMES ?? "");
  } catch {
    throw new ConfigurationError("PARAMETER_NAMES must be a JSON array of parameter names.");
  }
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string" && n !== "")) {
    throw new ConfigurationError("PARAMETER_NAMES must be a non-empty JSON array of parameter names.");
  }
  const kmsKeyId = env.KMS_KEY_ID ?? "";
  if (kmsKeyId === "") throw new ConfigurationError("KMS_KEY_ID is required.");
  const keyLengthBytes = env.KEY_LENGTH_BYTES === undefined ? 32 : Number(env.KEY_LENGTH_BYTES);
  if (!Number.isInteger(keyLengthBytes) || keyLengthBytes < 16 || keyLengthBytes > 64) {
    throw new ConfigurationError(
      `KEY_LENGTH_BYTES must be an integer from 16 to 64, got ${env.KEY_LENGTH_BYTES}.`,
    );
  }
  return { parameterNames: names as string[], kmsKeyId, keyLengthBytes };
}

export function randomKeyMaterial(_parameterName: string, lengthBytes: number): string {
  return randomBytes(lengthBytes).toString("base64url");
}

function selectParameters(config: RotationConfig, event: RotationEvent): string[] {
  if (event.parameterNames === undefined) return config.parameterNames;
  if (!Array.isArray(event.parameterNames) || event.parameterNames.length === 0) {
    throw new ConfigurationError("parameterNames, when given, must be a non-empty array.");
  }
  const unknown = event.parameterNames.filter((n) => !config.parameterNames.includes(n));
  if (unknown.length > 0) {
    throw new ConfigurationError(`Not managed by this function: ${unknown.join(", ")}.`);
  }
  return event.parameterNames;
}

async function rotateOne(
  deps: RotationDeps,
  config: RotationConfig,
  name: string,
): Promise<RotatedParameter> {
  // Existence and type check first: PutParameter with Overwrite would silently create a parameter.
  const current = await deps.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false }));
  if (current.Parameter?.Type !== "SecureString") {
    throw new ConfigurationError(
      `${name} is ${current.Parameter?.Type ?? "missing"}, expected SecureString.`,
    );
  }
  const value = await deps.generateKeyMaterial(name, config.keyLengthBytes);
  if (typeof value !== "string" || value.length < 16) {
    throw new ConfigurationError(`Key material for ${name} is too short.`);
  }
  const put = await deps.ssm.send(
    new PutParameterCommand({
      Name: name,
      Value: value,
      Type: "SecureString",
      KeyId: config.kmsKeyId,
      Overwrite: true,
    }),
  );
  return { name, previousVersion: current.Parameter.Version, version: put.Version };
}

export function createHandler(overrides: Partial<RotationDeps> = {}) {
  const deps: RotationDeps = {
    ssm: overrides.ssm ?? new SSMClient({}),
    logger: overrides.logger ?? createLogger({ function: "api-key-rotation" }),
    generateKeyMaterial: overrides.generateKeyMaterial ?? randomKeyMaterial,
    config: overrides.config ?? (() => configFromEnv()),
  };
  return async function handler(event: RotationEvent = {}): Promise<RotationResult> {
    const log = deps.logger;
    let config: RotationConfig;
    let names: string[];
    try {
      config = deps.config();
      names = selectParameters(config, event ?? {});
    } catch (error) {
      log.error("rotation rejected", describeError(error));
      throw error;
    }
    log.info("rotation started", {
      trigger: event?.source ?? "manual",
      eventId: event?.id,
      parameters: names,
    });

    const rotated: RotatedParameter[] = [];
    const failures: { name: string; error: Record<string, unknown> }[] = [];
    for (const name of names) {
      try {
        const result = await rotateOne(deps, config, name);
        rotated.push(result);
        log.info("parameter rotated", {
          parameter: name,
          previousVersion: result.previousVersion,
          version: result.version,
        });
      } catch (error) {
        const described = describeError(error);
        failures.push({ name, error: described });
        log.error("parameter rotation failed", { parameter: name, ...described });
      }
    }
    if (failures.length > 0) {
      log.error("rotation finished with failures", {
        failed: failures.map((f) => f.name),
        rotated: rotated.length,
      });
      throw new RotationError(
        `Rotation failed for ${failures.length} of ${names.length} parameters: ${failures.map((f) => f.name).join(", ")}`,
        failures,
      );
    }
    log.info("rotation finished", { rotated: rotated.length });
    return { rotated };
  };
}

export const handler = createHandler();
