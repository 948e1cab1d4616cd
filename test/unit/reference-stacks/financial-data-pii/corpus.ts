/**
 * A seeded generator of labelled documents for measuring the PII scanner: realistic business text
 * (CSV exports, support tickets, log lines, JSON records, wire instructions) with planted PII of
 * every supported type and layout, and decoys that look like PII but are not: order numbers,
 * timestamps, random 16-digit numbers failing Luhn, invalid SSNs, invalid NANP numbers, IBANs with
 * wrong check digits, asset names like `icon@2x.png`, UUIDs, hashes, amounts, IPs, versions.
 *
 * The generator records the exact character span of every planted value; decoys are not labelled,
 * so a finding on a decoy counts as a false positive.
 */
import {
  ibanMod97,
  luhnValid,
} from "../../../../reference-stacks/financial-data-pii/functions/pii/validators";
import type { PiiType } from "../../../../reference-stacks/financial-data-pii/functions/pii/detectors";

export interface LabelledSpan {
  type: PiiType;
  start: number;
  end: number;
}

export interface LabelledDocument {
  text: string;
  labels: LabelledSpan[];
}

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

function luhnCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(payload + d)) return String(d);
  throw new Error("unreachable");
}

function group(digits: string, sizes: number[], sep: string): string {
  const parts: string[] = [];
  let i = 0;
  for (const size of sizes) {
    parts.push(digits.slice(i, i + size));
    i += size;
  }
  return parts.join(sep);
}

export function cardNumber(rng: Rng): string {
  const kind = rng.pick([
    "visa16",
    "visa13",
    "visa19",
    "mc",
    "mc2",
    "amex",
    "discover",
    "jcb",
    "diners",
    "unionpay",
  ]);
  const spec: Record<string, [string, number]> = {
    visa16: ["4", 16],
    visa13: ["4", 13],
    visa19: ["4", 19],
    mc: ["5" + rng.int(1, 5), 16],
    mc2: [String(rng.int(2221, 2720)), 16],
    amex: [rng.pick(["34", "37"]), 15],
    discover: [rng.pick(["6011", "65", String(rng.int(644, 649))]), 16],
    jcb: [String(rng.int(3528, 3589)), 16],
    diners: ["36", 14],
    unionpay: ["62", 16],
  };
  const [prefix, length] = spec[kind];
  const payload = prefix + rng.digits(length - prefix.length - 1);
  const digits = payload + luhnCheckDigit(payload);
  const sep = rng.pick([" ", "-"]);
  if (rng.chance(0.35)) return digits;
  if (length === 16) return group(digits, [4, 4, 4, 4], sep);
  if (length === 19) return group(digits, [4, 4, 4, 4, 3], sep);
  if (length === 15) return group(digits, [4, 6, 5], sep);
  if (length === 14) return group(digits, [4, 6, 4], sep);
  return digits;
}

export function ssn(rng: Rng): string {
  let area: number;
  do area = rng.int(1, 899);
  while (area === 666);
  const value = [
    String(area).padStart(3, "0"),
    String(rng.int(1, 99)).padStart(2, "0"),
    String(rng.int(1, 9999)).padStart(4, "0"),
  ];
  if (["078051120", "219099999", "123456789"].includes(value.join(""))) return ssn(rng);
  return value.join(rng.chance(0.8) ? "-" : " ");
}

const FIRST = [
  "james",
  "maria",
  "li",
  "olga",
  "ahmed",
  "sofia",
  "noah",
  "chloe",
  "raj",
  "elena",
  "tomas",
  "ana",
];
const LAST = ["smith", "garcia", "chen", "ivanova", "khan", "rossi", "brown", "martin", "patel", "novak"];
const DOMAINS = [
  "gmail.com",
  "example.org",
  "bank.co.uk",
  "mail.fin-corp.com",
  "outlook.de",
  "corp.example.net",
];

export function email(rng: Rng): string {
  const f = rng.pick(FIRST);
  const l = rng.pick(LAST);
  const local = rng.pick([
    `${f}.${l}`,
    `${f}_${l}`,
    `${f[0]}${l}`,
    `${f}.${l}+billing`,
    `${f}${rng.int(1, 99)}`,
    `${l}-${f}`,
  ]);
  return `${local}@${rng.pick(DOMAINS)}`;
}

function nxx(rng: Rng): string {
  let v: string;
  do v = String(rng.int(200, 999));
  while (/^[2-9]11$/.test(v));
  return v;
}

export function phone(rng: Rng): string {
  const area = nxx(rng);
  let exchange = nxx(rng);
  const line = rng.digits(4);
  if (exchange === "555" && line.startsWith("01")) exchange = "556";
  return rng.pick([
    `(${area}) ${exchange}-${line}`,
    `(${area})${exchange}-${line}`,
    `${area}-${exchange}-${line}`,
    `${area}.${exchange}.${line}`,
    `+1 ${area}-${exchange}-${line}`,
    `1-${area}-${exchange}-${line}`,
    `+1 (${area}) ${exchange}-${line}`,
    `+1 ${area} ${exchange} ${line}`,
    `+1${area}${exchange}${line}`,
  ]);
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
function letters(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += UPPER[rng.int(0, 25)];
  return s;
}
function alnum(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += rng.chance(0.3) ? UPPER[rng.int(0, 25)] : String(rng.int(0, 9));
  return s;
}

/** BBAN layouts (simplified to their letter/digit classes) of some IBAN countries. */
const BBANS: Record<string, (rng: Rng) => string> = {
  DE: (r) => r.digits(18),
  GB: (r) => letters(r, 4) + r.digits(14),
  FR: (r) => r.digits(10) + alnum(r, 11) + r.digits(2),
  ES: (r) => r.digits(20),
  IT: (r) => letters(r, 1) + r.digits(10) + alnum(r, 12),
  NL: (r) => letters(r, 4) + r.digits(10),
  CH: (r) => r.digits(5) + alnum(r, 12),
  BE: (r) => r.digits(12),
  AT: (r) => r.digits(16),
  PL: (r) => r.digits(24),
  IE: (r) => letters(r, 4) + r.digits(14),
  NO: (r) => r.digits(11),
  PT: (r) => r.digits(21),
};

export function ibanWithCheck(country: string, bban: string, check?: string): string {
  const computed = String(98 - ibanMod97(`${country}00${bban}`)).padStart(2, "0");
  return `${country}${check ?? computed}${bban}`;
}

export function iban(rng: Rng, valid = true): string {
  const country = rng.pick(Object.keys(BBANS));
  const bban = BBANS[country](rng);
  let value = ibanWithCheck(country, bban);
  if (!valid) {
    const good = value.slice(2, 4);
    let bad: string;
    do bad = String(rng.int(2, 98)).padStart(2, "0");
    while (bad === good);
    value = ibanWithCheck(country, bban, bad);
  }
  return rng.chance(0.5) ? value : value.replace(/(.{4})(?=.)/g, "$1 ");
}

// ---- decoys: never labelled -----------------------------------------------------------------

function non_luhn16(rng: Rng): string {
  let d: string;
  do d = rng.pick(["4", "5", "6", "3", "2", "9", "1"]) + rng.digits(15);
  while (luhnValid(d));
  return rng.chance(0.5) ? d : group(d, [4, 4, 4, 4], rng.pick([" ", "-"]));
}

function invalidSsn(rng: Rng): string {
  const area = rng.pick(["000", "666", String(rng.int(900, 999))]);
  return rng.pick([
    `${area}-${String(rng.int(1, 99)).padStart(2, "0")}-${rng.digits(4)}`,
    `${String(rng.int(1, 665)).padStart(3, "0")}-00-${rng.digits(4)}`,
    `${String(rng.int(1, 665)).padStart(3, "0")}-${String(rng.int(1, 99)).padStart(2, "0")}-0000`,
  ]);
}

function invalidPhone(rng: Rng): string {
  return rng.pick([
    `${rng.int(0, 1)}${rng.digits(2)}-${nxx(rng)}-${rng.digits(4)}`,
    `(${nxx(rng)}) ${rng.int(0, 1)}${rng.digits(2)}-${rng.digits(4)}`,
    `${nxx(rng)}-555-01${rng.digits(2)}`,
    `${rng.int(2, 9)}11-${nxx(rng)}-${rng.digits(4)}`,
  ]);
}

function hex(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[rng.int(0, 15)];
  return s;
}

/** A Luhn-valid number that no card network issues (IMEIs, loyalty and gift-card numbers). */
function luhnValidNonCard(rng: Rng): string {
  const kind = rng.pick(["imei", "loyalty"]);
  const payload =
    kind === "imei"
      ? rng.pick(["35", "86", "01", "99"]) + rng.digits(12)
      : rng.pick(["1", "7", "8", "9", "0"]) + rng.digits(14);
  const digits = payload + luhnCheckDigit(payload);
  return kind === "imei" && rng.chance(0.5)
    ? `${digits.slice(0, 2)}-${digits.slice(2, 8)}-${digits.slice(8, 14)}-${digits[14]}`
    : digits;
}

export const DECOYS: Record<string, (rng: Rng) => string> = {
  luhnValidNonCard,
  orderNumber: (r) => `ORD-${r.int(2019, 2025)}-${r.digits(6)}`,
  purchaseOrder: (r) => `PO ${r.digits(10)}`,
  invoice: (r) => `INV/${r.int(2019, 2025)}/${r.digits(5)}`,
  isoTimestamp: (r) =>
    `${r.int(2019, 2025)}-0${r.int(1, 9)}-${r.int(10, 28)}T${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.digits(3)}Z`,
  epochSeconds: (r) => String(r.int(1500000000, 1760000000)),
  epochMillis: (r) => String(r.int(1500000000, 1760000000)) + r.digits(3),
  random16NonLuhn: non_luhn16,
  invalidSsn,
  invalidPhone,
  invalidIban: (r) => iban(r, false),
  assetName: (r) => `${r.pick(["icon", "logo", "hero"])}@${r.int(2, 3)}x.${r.pick(["png", "jpg", "svg"])}`,
  localhostAddress: (r) => `${r.pick(["root", "admin", "svc"])}@localhost`,
  handle: (r) => `@${r.pick(FIRST)}_${r.pick(LAST)}`,
  uuid: (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`,
  gitSha: (r) => hex(r, 40),
  amount: (r) => `$${r.int(1, 999)},${r.digits(3)}.${r.digits(2)}`,
  euroAmount: (r) => `EUR ${r.int(1, 999)}.${r.digits(3)},${r.digits(2)}`,
  ipv4: (r) => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  version: (r) => `v${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 99)}`,
  tracking: (r) => `1Z${alnum(r, 6)}${r.digits(10)}`,
  sku: (r) => `SKU-${r.digits(4)}-${r.pick(["S", "M", "XL"])}`,
  accountNumber: (r) => `Acct ${r.digits(11)}`,
  routingNumber: (r) => `ABA ${r.digits(9)}`,
  zipPlus4: (r) => `${r.digits(5)}-${r.digits(4)}`,
  date: (r) =>
    `${r.int(2019, 2025)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`,
  usDate: (r) => `${r.int(1, 12)}/${r.int(1, 28)}/${r.int(2019, 2025)}`,
  time: (r) => `${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)}`,
  percent: (r) => `${r.int(1, 99)}.${r.digits(2)}%`,
  bicCode: (r) => `${letters(r, 4)}${r.pick(["DE", "GB", "FR"])}${letters(r, 2)}`,
};

/** Layouts the scanner deliberately does not report (ten bare digits, nine bare digits): expected misses. */
const UNSUPPORTED: Partial<Record<PiiType, (rng: Rng) => string>> = {
  PHONE_NANP: (r) => phone(r).replace(/\D/g, "").slice(-10),
  US_SSN: (r) => ssn(r).replace(/\D/g, ""),
};

/** Ways a value is embedded in text. */
const WRAPPERS: [string, string][] = [
  ["", ""],
  ["", ""],
  ["", ""],
  ["(", ")"],
  ["<", ">"],
  ["'", "'"],
  ["#", ""],
  [":", ""],
  ["", "."],
  ["", ";"],
  ["[", "]"],
];

const PLANTERS: Record<PiiType, (rng: Rng) => string> = {
  CARD_NUMBER: cardNumber,
  US_SSN: ssn,
  EMAIL: email,
  PHONE_NANP: phone,
  IBAN: (r) => iban(r, true),
};

const FILLER = [
  "Please find the details below.",
  "Customer José Müller confirmed the change by phone ✅.",
  "Zoë asked us to update the billing record —",
  "Status: settled; batch closed at",
  "Refund requested for",
  "Escalated to tier 2 (see ticket",
  "Notes: 顧客は確認済み.",
  "Merchant category 5411, terminal T-0042,",
  "Reconciliation run",
  "Thanks, the payments ops team",
];

type Segment = { text: string; type?: PiiType };

/** One document: a mix of layouts, each line holding filler, planted values and decoys. */
export function generateDocument(rng: Rng, unsupportedRate = 0): LabelledDocument {
  const segments: Segment[] = [];
  const types = Object.keys(PLANTERS) as PiiType[];
  const decoyNames = Object.keys(DECOYS);
  const t = (text: string): Segment => ({ text });
  const wrap = (segment: Segment): Segment[] => {
    const [before, after] = rng.pick(WRAPPERS);
    return [t(before), segment, t(after)];
  };
  const plant = (): Segment[] => {
    const type = rng.pick(types);
    const unsupported = UNSUPPORTED[type];
    const text =
      unsupported !== undefined && rng.chance(unsupportedRate) ? unsupported(rng) : PLANTERS[type](rng);
    return wrap({ text, type });
  };
  const decoy = (): Segment[] => wrap(t(DECOYS[rng.pick(decoyNames)](rng)));
  const lines = rng.int(6, 16);
  for (let i = 0; i < lines; i++) {
    const layout = rng.pick(["csv", "ticket", "log", "json", "wire"]);
    const a = plant();
    const d1 = decoy();
    const d2 = decoy();
    const b = rng.chance(0.5) ? plant() : decoy();
    const filler = () => t(rng.pick(FILLER));
    switch (layout) {
      case "csv":
        segments.push(t(`${rng.int(1, 9999)},`), ...d1, t(","), ...a, t(","), ...d2, t(',"'), ...b, t('"\n'));
        break;
      case "ticket":
        segments.push(
          filler(),
          t(" "),
          ...a,
          t(" (ref "),
          ...d1,
          t("). "),
          filler(),
          t(" "),
          ...b,
          t(" on "),
          ...d2,
          t(".\n"),
        );
        break;
      case "log":
        segments.push(
          t(`[${DECOYS.isoTimestamp(rng)}] INFO request=`),
          ...d1,
          t(" user="),
          ...a,
          t(" detail="),
          ...b,
        );
        segments.push(t(` took=${rng.int(1, 900)}ms trace=`), ...d2, t("\n"));
        break;
      case "json":
        segments.push(
          t('{"id":"'),
          ...d1,
          t('","contact":"'),
          ...a,
          t('","note":"'),
          ...b,
          t('","at":"'),
          ...d2,
          t('"}\n'),
        );
        break;
      default:
        segments.push(
          t("Wire to: "),
          ...a,
          t("; reference "),
          ...d1,
          t("; beneficiary "),
          ...b,
          t("; value date "),
          ...d2,
          t("\n"),
        );
    }
  }
  let text = "";
  const labels: LabelledSpan[] = [];
  for (const s of segments) {
    if (s.type !== undefined)
      labels.push({ type: s.type, start: text.length, end: text.length + s.text.length });
    text += s.text;
  }
  return { text, labels };
}

/** `unsupportedRate`: share of planted phones and SSNs written in a layout the scanner does not report. */
export function generateCorpus(seed: number, documents: number, unsupportedRate = 0): LabelledDocument[] {
  const rng = new Rng(seed);
  return Array.from({ length: documents }, () => generateDocument(rng, unsupportedRate));
}
