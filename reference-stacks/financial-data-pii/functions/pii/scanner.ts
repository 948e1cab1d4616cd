/**
 * Streaming PII scanner: decodes UTF-8 incrementally and scans a sliding window, so an object of
 * any size is scanned in bounded memory and a value split across two chunks is still found once.
 *
 * The window keeps `CONTEXT` characters before the first undecided position (so the detectors'
 * boundary look-behinds see the real preceding text) and holds back the last `LOOKAHEAD`
 * characters until more text arrives (so a match, its look-ahead and any overlapping candidate are
 * complete before it is decided). A span is decided in the window where it starts before the
 * hold-back line; spans starting earlier were decided before. The result equals `detect()` over
 * the whole text (a property test checks this for random chunkings).
 *
 * Findings carry the type and UTF-16 character and UTF-8 byte offsets, never the value.
 */
import { detect, MAX_MATCH_LENGTH, PII_TYPES, type PiiType } from "./detectors";

export interface Finding {
  type: PiiType;
  /** Offset in characters (UTF-16 code units, as JavaScript strings count) from the start of the text. */
  charOffset: number;
  charLength: number;
  /** Offset in bytes of the UTF-8 object. */
  byteOffset: number;
  byteLength: number;
}

export interface ScanSummary {
  findings: Finding[];
  /** Findings per type (counts keep going after `maxFindings`). */
  counts: Record<PiiType, number>;
  findingCount: number;
  /** True when more than `maxFindings` were found: `findings` holds the first ones. */
  truncated: boolean;
  charsScanned: number;
  bytesScanned: number;
}

export const CONTEXT = MAX_MATCH_LENGTH + 16;
export const LOOKAHEAD = 2 * MAX_MATCH_LENGTH + 16;

export class NotUtf8Error extends Error {
  constructor() {
    super("The object is not valid UTF-8 text.");
    this.name = "NotUtf8Error";
  }
}

export class ObjectTooLargeError extends Error {
  constructor(limit: number) {
    super(`The object is larger than the scan limit of ${limit} bytes.`);
    this.name = "ObjectTooLargeError";
  }
}

export interface ScannerOptions {
  /** Findings kept with offsets (default 1000); counting continues beyond. */
  maxFindings?: number;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Scans text pushed in pieces; call `end()` once, then read `summary()`. */
export class StreamingPiiScanner {
  private window = "";
  /** Absolute character offset of window[0]. */
  private base = 0;
  /** UTF-8 bytes before window[0]. */
  private byteBase = 0;
  /** Absolute offset before which every start has been decided. */
  private decidedUpTo = 0;
  private ended = false;
  private readonly maxFindings: number;
  private readonly findings: Finding[] = [];
  private readonly counts = Object.fromEntries(PII_TYPES.map((t) => [t, 0])) as Record<PiiType, number>;
  private total = 0;
  private chars = 0;

  constructor(options: ScannerOptions = {}) {
    this.maxFindings = options.maxFindings ?? 1000;
  }

  push(text: string): void {
    if (this.ended) throw new Error("push() after end()");
    if (text === "") return;
    this.window += text;
    this.chars += text.length;
    if (this.window.length - (this.decidedUpTo - this.base) > LOOKAHEAD + 4096) this.scan(false);
  }

  end(): void {
    if (this.ended) return;
    this.scan(true);
    this.ended = true;
  }

  summary(): ScanSummary {
    if (!this.ended) throw new Error("summary() before end()");
    return {
      findings: [...this.findings],
      counts: { ...this.counts },
      findingCount: this.total,
      truncated: this.total > this.findings.length,
      charsScanned: this.chars,
      bytesScanned: this.byteBase + Buffer.byteLength(this.window, "utf8"),
    };
  }

  private scan(final: boolean): void {
    const windowEnd = this.base + this.window.length;
    let limit = final ? windowEnd : windowEnd - LOOKAHEAD;
    // Never split a surrogate pair at the hold-back line or the cut.
    if (!final && isLowSurrogate(this.window.charCodeAt(limit - this.base))) limit -= 1;
    if (limit <= this.decidedUpTo) return;
    for (const span of detect(this.window)) {
      const start = this.base + span.start;
      if (start < this.decidedUpTo || start >= limit) continue;
      this.record(span.type, span.start, span.end);
    }
    this.decidedUpTo = limit;
    if (final) return;
    let cut = limit - CONTEXT - this.base;
    if (cut <= 0) return;
    if (isLowSurrogate(this.window.charCodeAt(cut))) cut -= 1;
    this.byteBase += Buffer.byteLength(this.window.slice(0, cut), "utf8");
    this.window = this.window.slice(cut);
    this.base += cut;
  }

  private record(type: PiiType, relStart: number, relEnd: number): void {
    this.total += 1;
    this.counts[type] += 1;
    if (this.findings.length >= this.maxFindings) return;
    const byteOffset = this.byteBase + Buffer.byteLength(this.window.slice(0, relStart), "utf8");
    this.findings.push({
      type,
      charOffset: this.base + relStart,
      charLength: relEnd - relStart,
      byteOffset,
      byteLength: Buffer.byteLength(this.window.slice(relStart, relEnd), "utf8"),
    });
  }
}

/** Scans a whole string (the same result as streaming it). */
export function scanText(text: string, options: ScannerOptions = {}): ScanSummary {
  const scanner = new StreamingPiiScanner(options);
  scanner.push(text);
  scanner.end();
  return scanner.summary();
}

export interface StreamOptions extends ScannerOptions {
  /** Abort with ObjectTooLargeError past this many bytes. */
  maxBytes?: number;
}

/**
 * Scans a byte stream (an S3 GetObject body) chunk by chunk. Decoding is strict (`fatal`), so
 * byte offsets are exact; non-UTF-8 content raises NotUtf8Error. A byte-order mark is kept as a
 * character so offsets still count it.
 */
export async function scanStream(
  body: AsyncIterable<Uint8Array | string>,
  options: StreamOptions = {},
): Promise<ScanSummary> {
  const scanner = new StreamingPiiScanner(options);
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let bytes = 0;
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new NotUtf8Error();
    }
  };
  for await (const piece of body) {
    const chunk = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    bytes += chunk.byteLength;
    if (options.maxBytes !== undefined && bytes > options.maxBytes)
      throw new ObjectTooLargeError(options.maxBytes);
    scanner.push(decode(chunk));
  }
  scanner.push(decode());
  scanner.end();
  return scanner.summary();
}
