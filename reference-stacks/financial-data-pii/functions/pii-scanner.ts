/**
 * PII scanner behind `POST /scans` (API Gateway REST API, Lambda proxy integration, API key
 * required, body validated by a request model).
 *
 * Request body: `{"objectKey": "<key in the data bucket>", "versionId": "<optional>"}`. The
 * function streams the object from the data bucket (S3 GetObject through the VPC gateway endpoint;
 * S3 decrypts with the CMK), scans it chunk by chunk and answers with the findings: type,
 * character and byte offsets, lengths. Matched values never leave the function: not in the
 * response, not in the logs (object keys are logged as a hash, since a key can itself be personal).
 *
 * Log events for the stack's metric filters: `{"event":"pii_scan","outcome":"violation"}` when an
 * object holds PII (the "policy violation" alarm), `{"event":"access_denied"}` when S3 or KMS
 * refuses the read (the "unauthorized access" alarm).
 *
 * Environment: DATA_BUCKET (required), MAX_OBJECT_BYTES (default 50 MiB), MAX_FINDINGS (default 1000).
 */
import { createHash } from "node:crypto";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { createLogger, describeError, type Logger } from "../../components/lambda-logger";
import type { PiiType } from "./pii/detectors";
import { NotUtf8Error, ObjectTooLargeError, scanStream, type Finding } from "./pii/scanner";

export interface ScannerConfig {
  bucket: string;
  maxObjectBytes: number;
  maxFindings: number;
}

export interface ScannerDeps {
  s3: Pick<S3Client, "send">;
  logger: Logger;
  config: () => ScannerConfig;
  now: () => Date;
}

export interface ScanRequest {
  objectKey: string;
  versionId?: string;
}

export interface ScanResponse {
  bucket: string;
  objectKey: string;
  versionId?: string;
  scannedAt: string;
  bytesScanned: number;
  findingCount: number;
  countsByType: Record<PiiType, number>;
  truncated: boolean;
  findings: Finding[];
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ScannerConfig {
  const bucket = env.DATA_BUCKET ?? "";
  if (bucket === "") throw new ConfigurationError("DATA_BUCKET is required.");
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    const value = raw === undefined || raw === "" ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigurationError(`${name} must be an integer from ${min} to ${max}, got ${raw}.`);
    }
    return value;
  };
  return {
    bucket,
    maxObjectBytes: int("MAX_OBJECT_BYTES", 50 * 1024 * 1024, 1, 5 * 1024 * 1024 * 1024),
    maxFindings: int("MAX_FINDINGS", 1000, 1, 100000),
  };
}

/** 1-1024 characters, none of them a control character (U+0000-U+001F, U+007F). */
function validObjectKey(key: string): boolean {
  return (
    key.length >= 1 &&
    key.length <= 1024 &&
    ![...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  );
}

/** Validates the body again (the API model already did; direct invocations bypass it). */
export function parseScanRequest(body: string | null): ScanRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch {
    throw new RequestError(400, "The body must be a JSON object.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RequestError(400, "The body must be a JSON object.");
  }
  const { objectKey, versionId, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0)
    throw new RequestError(400, `Unknown fields: ${Object.keys(rest).join(", ")}.`);
  if (typeof objectKey !== "string" || !validObjectKey(objectKey)) {
    throw new RequestError(400, "objectKey must be a string of 1-1024 printable characters.");
  }
  if (
    versionId !== undefined &&
    (typeof versionId !== "string" || !/^[A-Za-z0-9._-]{1,1024}$/.test(versionId))
  ) {
    throw new RequestError(400, "versionId must be an S3 version id.");
  }
  return { objectKey, ...(versionId !== undefined ? { versionId } : {}) };
}

/** A short, stable, non-reversible reference to an object key for logs. */
export function keyReference(objectKey: string): string {
  return createHash("sha256").update(objectKey).digest("hex").slice(0, 16);
}

function response(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
      "X-Content-Type-Options": "nosniff",
    },
    body: JSON.stringify(body),
  };
}

const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "KMS.AccessDeniedException",
  "Forbidden",
]);
const NOT_FOUND = new Set(["NoSuchKey", "NoSuchVersion", "NotFound", "InvalidArgument"]);

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

export function createHandler(overrides: Partial<ScannerDeps> = {}) {
  const deps: ScannerDeps = {
    s3: overrides.s3 ?? new S3Client({}),
    logger: overrides.logger ?? createLogger({ function: "pii-scanner" }),
    config: overrides.config ?? (() => configFromEnv()),
    now: overrides.now ?? (() => new Date()),
  };
  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const log = deps.logger;
    const requestId = event?.requestContext?.requestId;
    let request: ScanRequest | undefined;
    try {
      const config = deps.config();
      request = parseScanRequest(event?.body ?? null);
      const keyRef = keyReference(request.objectKey);
      log.info("scan started", { event: "pii_scan_started", requestId, objectKeyRef: keyRef });
      const object = await deps.s3.send(
        new GetObjectCommand({ Bucket: config.bucket, Key: request.objectKey, VersionId: request.versionId }),
      );
      if (object.ContentLength !== undefined && object.ContentLength > config.maxObjectBytes) {
        throw new ObjectTooLargeError(config.maxObjectBytes);
      }
      if (!isAsyncIterable(object.Body)) throw new Error("GetObject returned no readable body.");
      const summary = await scanStream(object.Body, {
        maxBytes: config.maxObjectBytes,
        maxFindings: config.maxFindings,
      });
      const outcome = summary.findingCount > 0 ? "violation" : "clean";
      log.info("scan completed", {
        event: "pii_scan",
        outcome,
        requestId,
        objectKeyRef: keyRef,
        versionId: object.VersionId,
        bytesScanned: summary.bytesScanned,
        findingCount: summary.findingCount,
        countsByType: summary.counts,
      });
      const body: ScanResponse = {
        bucket: config.bucket,
        objectKey: request.objectKey,
        ...(object.VersionId !== undefined ? { versionId: object.VersionId } : {}),
        scannedAt: deps.now().toISOString(),
        bytesScanned: summary.bytesScanned,
        findingCount: summary.findingCount,
        countsByType: summary.counts,
        truncated: summary.truncated,
        findings: summary.findings,
      };
      return response(200, body);
    } catch (error) {
      const described = describeError(error);
      const name = error instanceof Error ? error.name : "";
      const where = { requestId, ...(request ? { objectKeyRef: keyReference(request.objectKey) } : {}) };
      if (error instanceof RequestError) {
        log.warn("request rejected", { event: "request_rejected", ...where, ...described });
        return response(error.statusCode, { message: error.message, requestId });
      }
      if (ACCESS_DENIED.has(name)) {
        log.error("access denied reading the object", { event: "access_denied", ...where, ...described });
        return response(403, { message: "The scanner may not read this object.", requestId });
      }
      if (NOT_FOUND.has(name)) {
        log.warn("object not found", { event: "object_not_found", ...where, ...described });
        return response(404, { message: "No such object (or version) in the data bucket.", requestId });
      }
      if (error instanceof ObjectTooLargeError) {
        log.warn("object too large", { event: "object_too_large", ...where });
        return response(413, { message: error.message, requestId });
      }
      if (error instanceof NotUtf8Error) {
        log.warn("object is not UTF-8 text", { event: "not_text", ...where });
        return response(422, { message: error.message, requestId });
      }
      log.error("scan failed", { event: "scan_failed", ...where, ...described });
      if (error instanceof ConfigurationError) throw error;
      return response(500, { message: "The scan failed; see the function's logs.", requestId });
    }
  };
}

export const handler = createHandler();
