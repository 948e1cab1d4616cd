/**
 * Checksums and numbering-plan rules that turn a regex candidate into a finding: Luhn and issuer
 * ranges for card numbers, the SSA's never-issued ranges for SSNs, NANP area/exchange rules,
 * ISO 13616 lengths and mod-97 for IBANs, RFC 5321 limits for e-mail addresses.
 *
 * Every function takes the candidate text and never stores or returns it.
 */

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

interface Issuer {
  name: string;
  prefix: RegExp;
  lengths: readonly number[];
}

/** Issuer identification ranges (ISO/IEC 7812 IINs of the major networks) and their PAN lengths. */
export const CARD_ISSUERS: readonly Issuer[] = [
  { name: "visa", prefix: /^4/, lengths: [13, 16, 19] },
  {
    name: "mastercard",
    prefix: /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/,
    lengths: [16],
  },
  { name: "amex", prefix: /^3[47]/, lengths: [15] },
  { name: "diners", prefix: /^3(0[0-5]|095|[689])/, lengths: [14, 15, 16, 17, 18, 19] },
  { name: "jcb", prefix: /^35(2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] },
  { name: "discover", prefix: /^(6011|64[4-9]|65)/, lengths: [16, 17, 18, 19] },
  { name: "unionpay", prefix: /^62/, lengths: [16, 17, 18, 19] },
  // Maestro's published IINs only: the broad 5x/6x range would claim IMEIs and other Luhn numbers.
  {
    name: "maestro",
    prefix: /^(5018|5020|5038|5893|6304|6759|676[1-3])/,
    lengths: [13, 14, 15, 16, 17, 18, 19],
  },
];

/** The card network of a PAN, or undefined when no network issues that prefix and length. */
export function cardIssuer(digits: string): string | undefined {
  return CARD_ISSUERS.find((i) => i.prefix.test(digits) && i.lengths.includes(digits.length))?.name;
}

/** A plausible primary account number: 13-19 digits, a known issuer range, Luhn-valid, not one repeated digit. */
export function validCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, "");
  if (digits.length < 13 || digits.length > 19) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return cardIssuer(digits) !== undefined && luhnValid(digits);
}

/** Numbers the SSA publicly voided or that circulate as examples (never a real person's SSN). */
const VOID_SSNS: ReadonlySet<string> = new Set(["078051120", "219099999", "123456789"]);

/**
 * A US Social Security number that could have been issued: area 001-899 except 666, group 01-99,
 * serial 0001-9999 (SSA rules, also after the 2011 randomisation), and not a voided number.
 */
export function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === "00" || serial === "0000") return false;
  return !VOID_SSNS.has(area + group + serial);
}

/**
 * A North American Numbering Plan number: area code and exchange NXX (N = 2-9), neither an N11
 * service code, and not one of the 555-01XX numbers reserved for fiction.
 */
export function validNanp(area: string, exchange: string, line: string): boolean {
  const nxx = /^[2-9]\d\d$/;
  if (!nxx.test(area) || !nxx.test(exchange)) return false;
  if (/^[2-9]11$/.test(area) || /^[2-9]11$/.test(exchange)) return false;
  if (exchange === "555" && /^01\d\d$/.test(line)) return false;
  return /^\d{4}$/.test(line);
}

/** IBAN length per country (ISO 13616 registry, SWIFT release 2024). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20,
}; // prettier-ignore

/** ISO 7064 mod 97-10 over an IBAN (letters A=10..Z=35), computed piecewise without big integers. */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder;
}

/** An IBAN with a registered country, that country's length, an alphanumeric BBAN and mod-97 = 1. */
export function validIban(candidate: string): boolean {
  const iban = candidate.replace(/ /g, "");
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined || iban.length !== expected) return false;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  return ibanMod97(iban) === 1;
}

/** File extensions that look like TLDs in `icon@2x.png`-style asset names. */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "pdf", "js", "mjs", "ts", "css",
  "json", "map", "html", "htm", "txt", "csv", "xml", "zip", "gz", "tar", "woff", "woff2", "ttf",
]); // prettier-ignore

/** RFC 5321 limits (local part <= 64, domain <= 253), no empty or doubled dots, a letter TLD that is no file extension. */
export function validEmail(candidate: string): boolean {
  const at = candidate.lastIndexOf("@");
  if (at <= 0) return false;
  const local = candidate.slice(0, at);
  const domain = candidate.slice(at + 1);
  if (local.length > 64 || domain.length > 253 || candidate.length > 254) return false;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return false;
  const labels = domain.split(".");
  if (labels.length < 2 || labels.some((l) => l.length === 0 || l.length > 63)) return false;
  const tld = labels[labels.length - 1].toLowerCase();
  return /^[a-z]{2,24}$/.test(tld) && !FILE_EXTENSIONS.has(tld);
}
