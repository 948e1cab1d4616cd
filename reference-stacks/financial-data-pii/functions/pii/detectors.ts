/**
 * PII detectors: a regex finds candidates in a known layout, a validator (checksum, numbering
 * plan) rejects look-alikes. Each pattern has boundaries on both sides (no letter, digit or joining
 * character next to it), so a detector never starts or ends inside a longer token: that is what
 * keeps order numbers, timestamps and hashes out, and what lets the streaming scanner cut text
 * anywhere and still find exactly the matches of a whole-text scan.
 *
 * Supported layouts (anything else is deliberately not reported):
 * - CARD_NUMBER: 13-19 contiguous digits; 4-4-4-4 with optional 1-3 digit tail; 4-6-4 / 4-6-5;
 *   separators a single space or hyphen, the same throughout.
 * - US_SSN: AAA-GG-SSSS or AAA GG SSSS.
 * - EMAIL: local part of letters, digits and `._%+-` (what real mailboxes use; RFC 5322's rarer
 *   specials such as `=` would swallow `key=value` prefixes) @ a DNS domain.
 * - PHONE_NANP: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX, each optionally after `+1`/`1` and a
 *   separator; `+1 NXX NXX XXXX`; E.164 `+1NXXNXXXXXX`. Ten bare digits are not reported (too many
 *   order numbers and timestamps look like them).
 * - IBAN: electronic (no spaces) or print format (groups of four), upper case.
 */
import { validCardNumber, validEmail, validIban, validNanp, validSsn } from "./validators";

export const PII_TYPES = ["IBAN", "CARD_NUMBER", "US_SSN", "EMAIL", "PHONE_NANP"] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** A detected span in UTF-16 code units of the scanned text: [start, end). Never the value. */
export interface Span {
  type: PiiType;
  start: number;
  end: number;
}

/** Longest text any detector can match (an e-mail address: 64 + 1 + 253 characters, rounded up). */
export const MAX_MATCH_LENGTH = 320;

interface Detector {
  type: PiiType;
  pattern: RegExp;
  valid: (match: RegExpExecArray) => boolean;
}

// Boundaries: no word character or joining punctuation immediately before or after.
const DETECTORS: readonly Detector[] = [
  {
    type: "IBAN",
    pattern:
      /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[A-Z0-9]{10,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])/g,
    valid: (m) => validIban(m[0]),
  },
  {
    type: "CARD_NUMBER",
    pattern:
      /(?<![\w-]|\d\.|\b(?=[A-Z]{0,3}\d)[A-Z0-9]{4} )(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})(?![\w-]|\.\d)/g,
    valid: (m) => validCardNumber(m[0]),
  },
  {
    type: "US_SSN",
    pattern: /(?<![\w-]|\d\.)(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-]|\.\d)/g,
    valid: (m) => validSsn(m[1], m[3], m[4]),
  },
  {
    type: "EMAIL",
    pattern:
      /(?<![\w.%+-])[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g,
    valid: (m) => validEmail(m[0]),
  },
  {
    type: "PHONE_NANP",
    pattern:
      /(?<![\w+.-])(?:(?:\+1|1)[ .-]?)?(?:\((\d{3})\) ?(\d{3})[ -](\d{4})|(\d{3})([.-])(\d{3})\5(\d{4}))(?![\w-]|\.\d)/g,
    valid: (m) => (m[1] !== undefined ? validNanp(m[1], m[2], m[3]) : validNanp(m[4], m[6], m[7])),
  },
  {
    type: "PHONE_NANP",
    pattern: /(?<![\w+.-])\+1(?:( )(\d{3}) (\d{3}) (\d{4})|(\d{3})(\d{3})(\d{4}))(?![\w-]|\.\d)/g,
    valid: (m) => (m[1] !== undefined ? validNanp(m[2], m[3], m[4]) : validNanp(m[5], m[6], m[7])),
  },
];

/** When two candidates overlap, the earlier type in this list wins (IBANs contain digit groups). */
const PRIORITY: Readonly<Record<PiiType, number>> = Object.fromEntries(
  PII_TYPES.map((t, i) => [t, i]),
) as Record<PiiType, number>;

/**
 * Every validated, non-overlapping PII span in `text`, sorted by start. Overlaps are resolved by
 * type priority, then by earlier start.
 */
export function detect(text: string): Span[] {
  const candidates: Span[] = [];
  for (const detector of DETECTORS) {
    const pattern = new RegExp(detector.pattern.source, detector.pattern.flags);
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      if (detector.valid(m)) {
        candidates.push({ type: detector.type, start: m.index, end: m.index + m[0].length });
      }
    }
  }
  candidates.sort((a, b) => PRIORITY[a.type] - PRIORITY[b.type] || a.start - b.start);
  const accepted: Span[] = [];
  for (const c of candidates) {
    if (!accepted.some((a) => c.start < a.end && a.start < c.end)) accepted.push(c);
  }
  return accepted.sort((a, b) => a.start - b.start || PRIORITY[a.type] - PRIORITY[b.type]);
}
