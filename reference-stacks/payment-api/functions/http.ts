/**
 * HTTP plumbing shared by the payment handlers (API Gateway REST API, Lambda proxy integration):
 * JSON responses with security headers, request errors, and the mutual-TLS client identity.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** A security-relevant rejection, logged as `securityEvent` for the metric filters. */
    readonly securityEvent?: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

export function json(
  statusCode: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
      "X-Content-Type-Options": "nosniff",
      ...extraHeaders,
    },
    body: JSON.stringify(body),
  };
}

/** Parses a JSON object body; unknown fields are rejected (the API model does the same). */
export function parseObjectBody(
  event: APIGatewayProxyEvent,
  allowed: readonly string[],
): Record<string, unknown> {
  let parsed: unknown;
  try {
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body;
    parsed = JSON.parse(raw ?? "");
  } catch {
    throw new RequestError(400, "The body must be a JSON object.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RequestError(400, "The body must be a JSON object.");
  }
  const unknown = Object.keys(parsed).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new RequestError(400, `Unknown fields: ${unknown.join(", ")}.`);
  return parsed as Record<string, unknown>;
}

/** Case-insensitive header lookup. */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entry = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === wanted);
  return entry?.[1] ?? undefined;
}

export interface ClientIdentity {
  /** Serial number of the client certificate that API Gateway verified against the truststore. */
  serialNumber: string;
  issuerDN?: string;
  notAfter?: string;
}

/**
 * The client certificate API Gateway verified (mutual TLS on the custom domain). With
 * `requireClientCert`, a request without one is refused: the default execute-api endpoint is
 * disabled, so this only triggers if that setting is ever undone.
 */
export function clientIdentity(
  event: APIGatewayProxyEvent,
  requireClientCert: boolean,
): ClientIdentity | undefined {
  const cert = event.requestContext?.identity?.clientCert;
  if (cert?.serialNumber) {
    return { serialNumber: cert.serialNumber, issuerDN: cert.issuerDN, notAfter: cert.validity?.notAfter };
  }
  if (requireClientCert) {
    throw new RequestError(403, "A client certificate is required.", "client_certificate_missing");
  }
  return undefined;
}
