/**
 * Structured JSON logging for the reference Lambda handlers: one JSON object per line, with a
 * level, a message and fields. No dependency on Pulumi: handlers import it and esbuild bundles it.
 * Never pass secret values in fields.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

/** Serialises an error without its stack trace's noise: name, message, AWS request metadata. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const meta = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
    return {
      errorName: error.name,
      errorMessage: error.message,
      ...(meta?.httpStatusCode !== undefined ? { httpStatusCode: meta.httpStatusCode } : {}),
      ...(meta?.requestId !== undefined ? { requestId: meta.requestId } : {}),
    };
  }
  return { errorName: "NonError", errorMessage: String(error) };
}

export function createLogger(
  base: Record<string, unknown> = {},
  sink: LogSink = (line) => console.log(line),
  now: () => Date = () => new Date(),
): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    sink(JSON.stringify({ timestamp: now().toISOString(), level, message, ...base, ...(fields ?? {}) }));
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
