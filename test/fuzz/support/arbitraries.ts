/**
 * fast-check generators of what an engine can send a policy: properties in wire form (unknown
 * sentinels of all seven kinds at any depth, secrets, assets and archives), wrong types and nulls,
 * huge and deeply nested values, valid, invalid and adversarial IAM documents, odd URNs, and
 * realistic shapes taken from the seed corpus and mutated.
 *
 * Property names and values are drawn from a dictionary read from the pack's own sources (every
 * string literal in policy-pack/policies and policy-pack/lib), so a new policy's inputs are
 * reached without touching the fuzzer.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { UNKNOWN_SENTINELS } from "../../../policy-pack/lib/values";
import { loadCorpus, type CorpusResource } from "./corpus";

export const SENTINELS: readonly string[] = [...UNKNOWN_SENTINELS];
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

export const secretOf = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

// ---------------------------------------------------------------------------------------------
// The dictionary
// ---------------------------------------------------------------------------------------------

const PACK_DIR = join(__dirname, "..", "..", "..", "policy-pack");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".generated.ts"))
    .sort();
}

interface Dictionary {
  /** Property names, from literals such as `kmsKeyId` and paths such as `serverSideEncryption.kmsKeyArn`. */
  keys: string[];
  /** Every short string literal of the pack: enum values, ARNs, CIDRs, tag names... */
  values: string[];
}

let dictionary: Dictionary | undefined;

export function packDictionary(): Dictionary {
  if (dictionary) return dictionary;
  const literals = new Set<string>();
  for (const file of [...sourceFiles(join(PACK_DIR, "policies")), ...sourceFiles(join(PACK_DIR, "lib"))]) {
    for (const match of readFileSync(file, "utf8").matchAll(/"((?:[^"\\\n]|\\.){1,80})"/g)) {
      literals.add(match[1]);
    }
  }
  const keys = new Set<string>();
  for (const literal of literals) {
    if (/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/.test(literal))
      for (const part of literal.split(".")) keys.add(part);
  }
  for (const resource of loadCorpus()) for (const key of Object.keys(resource.inputs)) keys.add(key);
  dictionary = { keys: [...keys].sort(), values: [...literals].sort() };
  return dictionary;
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

const ACCOUNT = fc.constantFrom("123456789012", "000000000000", "999999999999", "12345");
const REGION = fc.constantFrom("us-east-1", "eu-west-3", "", "*", "us-gov-west-1");
const PARTITION = fc.constantFrom("aws", "aws-us-gov", "aws-cn", "*");

export const arnArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      PARTITION,
      fc.constantFrom("kms", "s3", "iam", "logs", "sqs", "sns", "ec2", "secretsmanager", "*"),
      REGION,
      ACCOUNT,
      fc.constantFrom(
        "key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "alias/aws/s3",
        "alias/aws/rds",
        "alias/aws/ebs",
        "alias/aws/secretsmanager",
        "alias/aws/sqs",
        "alias/aws/sns",
        "alias/aws/logs",
        "alias/my-key",
        "root",
        "role/*",
        "role/app-role",
        "user/${aws:username}",
        "bucket/*",
        "*",
        "${aws:PrincipalTag/team}/*",
        "log-group:/aws/lambda/*:*",
      ),
    )
    .map(
      ([partition, service, region, account, resource]) =>
        `arn:${partition}:${service}:${region}:${account}:${resource}`,
    ),
  fc.constantFrom(
    "alias/aws/s3",
    "alias/aws/kms",
    "alias/aws/secretsmanager",
    "alias/custom",
    "1234abcd-12ab-34cd-56ef-1234567890ab",
    "arn:aws:s3:::bucket/${aws:username}/*",
    "arn:aws:s3:::*",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::123456789012:policy/PowerUserAccess",
    "arn:aws:iam::123456789012:root",
    "arn:aws:kms:us-east-1:123456789012:alias/aws/s3",
    "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000",
    "arn:aws:kms:::key/",
    "arn:",
    "arn:aws:kms",
  ),
);

const CIDR = fc.constantFrom(
  "0.0.0.0/0",
  "::/0",
  "10.0.0.0/8",
  "0.0.0.0/1",
  "128.0.0.0/1",
  "192.168.1.1/32",
  "0.0.0.0",
  "not-a-cidr",
  "::/1",
  "0::/0",
  "0.0.0.0/00",
);

const ACTION = fc.oneof(
  fc.constantFrom(
    "*",
    "*:*",
    "s3:*",
    "s3:Get*",
    "s3:GetObject",
    "S3:getobject",
    "s3:Get?bject",
    "s3:*Object*",
    "s3:List*",
    "iam:PassRole",
    "iam:Pass*",
    "iam:*",
    "iam:*Role*",
    "kms:*",
    "kms:Decrypt",
    "k*:*",
    "sts:AssumeRole",
    "ec2:Describe*",
    "logs:CreateLogStream",
    "secretsmanager:GetSecretValue",
    "unknownservice:DoThing",
    "s3:NotARealAction",
    "notanaction",
    "s3:",
    ":*",
    "",
    " s3:GetObject",
    "s3:Get${aws:username}",
    "ec2:*",
  ),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9*?-]{0,12}$/), fc.stringMatching(/^[A-Za-z0-9*?_-]{0,20}$/))
    .map(([s, a]) => `${s}:${a}`),
);

const PRINCIPAL_ID = fc.oneof(
  fc.constantFrom(
    "*",
    "123456789012",
    "arn:aws:iam::123456789012:root",
    "arn:aws:iam::*:root",
    "arn:aws:iam::123456789012:role/x",
    "lambda.amazonaws.com",
    "logs.us-east-1.amazonaws.com",
    "cognito-identity.amazonaws.com",
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
    "arn:aws:iam::123456789012:user/*",
  ),
  arnArb,
);

const CONDITION_KEY = fc.oneof(
  fc.constantFrom(
    "aws:SourceArn",
    "aws:SourceAccount",
    "AWS:SOURCEACCOUNT",
    "aws:PrincipalOrgID",
    "aws:SecureTransport",
    "aws:SourceVpce",
    "kms:CallerAccount",
    "kms:ViaService",
    "iam:PassedToService",
    "s3:prefix",
    "aws:username",
    "aws:PrincipalArn",
    "sts:ExternalId",
  ),
  fc.string({ maxLength: 20 }),
);
const CONDITION_OPERATOR = fc.oneof(
  fc.constantFrom(
    "StringEquals",
    "StringLike",
    "ArnLike",
    "ArnEquals",
    "Bool",
    "NumericLessThan",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
    "StringEqualsIfExists",
    "Null",
    "IpAddress",
    "StringNotEquals",
  ),
  fc.string({ maxLength: 12 }),
);

/** Text that looks like it belongs in a property: dictionary values, ARNs, CIDRs, actions, JSON, junk. */
export function stringArb(): fc.Arbitrary<string> {
  const { values } = packDictionary();
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: arnArb },
    { weight: 1, arbitrary: CIDR },
    { weight: 1, arbitrary: ACTION },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "-test",
        "name-test",
        "TEST",
        "null",
        "true",
        "7",
        "1e999",
        "{}",
        "[]",
        "{",
        '{"Statement":',
        "\u0000",
        "\ud800",
        "a".repeat(300),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...SENTINELS) },
  );
}

const NUMBER = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    7,
    6,
    30,
    31,
    90,
    89,
    365,
    366,
    3653,
    3654,
    443,
    22,
    65535,
    65536,
    1.5,
    1e21,
    -1e21,
    Number.MAX_SAFE_INTEGER,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.double(),
);

/**
 * Objects that break implicit string conversion (`${value}`, String(value), regex tests): JSON
 * can carry a key named toString or valueOf, and a program can send one where a string belongs.
 */
export const POISON_OBJECTS: readonly unknown[] = [
  { toString: 0 },
  { toString: "x", valueOf: "y" },
  { valueOf: 0, toString: null },
  [{ toString: 0 }],
  { length: 2, 0: "a" },
  {},
  [],
];

export const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: stringArb() },
  { weight: 2, arbitrary: fc.constantFrom(...SENTINELS) },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: NUMBER },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(...POISON_OBJECTS) },
);

// ---------------------------------------------------------------------------------------------
// IAM documents
// ---------------------------------------------------------------------------------------------

const maybeUnknownList = <T>(item: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 3, arbitrary: item },
    { weight: 3, arbitrary: fc.array(item, { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.oneof(item, fc.constant(UNKNOWN_STRING)), { minLength: 1, maxLength: 4 }),
    },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...SENTINELS, null, 5, true, {}, [], [[]], [{}]) },
  );

const principalArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>("*", UNKNOWN_STRING, "arn:aws:iam::123456789012:root", {}, [], null, {
    AWS: UNKNOWN_STRING,
  }),
  fc.dictionary(
    fc.constantFrom("AWS", "Service", "Federated", "CanonicalUser", "aws", "Bogus"),
    maybeUnknownList(PRINCIPAL_ID),
    { maxKeys: 3 },
  ),
);

const conditionArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.dictionary(
      CONDITION_OPERATOR,
      fc.oneof(
        {
          weight: 5,
          arbitrary: fc.dictionary(
            CONDITION_KEY,
            maybeUnknownList(
              fc.oneof(fc.string({ maxLength: 20 }), PRINCIPAL_ID, fc.boolean(), fc.integer()),
            ),
            { maxKeys: 3 },
          ),
        },
        { weight: 1, arbitrary: leafArb },
      ),
      { maxKeys: 3 },
    ),
  },
  { weight: 1, arbitrary: leafArb },
);

const RESOURCE_ENTRY = fc.oneof(
  arnArb,
  fc.constantFrom(
    "*",
    "arn:aws:s3:::b/${aws:username}/*",
    "arn:aws:s3:::*/*",
    "arn:aws:iam::123456789012:role/*",
  ),
);

/** Exactly one of a pair of elements (Action/NotAction...), or neither when allowed. */
const oneOf = (pair: [string, string], item: fc.Arbitrary<unknown>, optional: boolean) =>
  fc
    .tuple(fc.constantFrom(...(optional ? [0, 1, 2] : [0, 1])), item)
    .map(([which, value]) => (which === 2 ? {} : { [pair[which]]: value }));

/** A statement IAM would accept: the policies' real decisions are made on these. */
const wellFormedStatementArb: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.record(
      {
        Sid: fc.stringMatching(/^[A-Za-z0-9]{0,10}$/),
        Effect: fc.constantFrom("Allow", "Allow", "Deny"),
        Condition: fc.dictionary(
          CONDITION_OPERATOR,
          fc.dictionary(
            CONDITION_KEY,
            maybeUnknownList(fc.oneof(fc.string({ maxLength: 20 }), PRINCIPAL_ID, fc.boolean())),
            { minKeys: 1, maxKeys: 2 },
          ),
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: ["Effect"] },
    ),
    oneOf(
      ["Action", "NotAction"],
      fc.oneof(
        ACTION,
        fc.array(ACTION, { minLength: 1, maxLength: 4 }),
        fc.constant(UNKNOWN_STRING),
        fc.array(fc.oneof(ACTION, fc.constant(UNKNOWN_STRING)), { minLength: 1, maxLength: 3 }),
      ),
      false,
    ),
    oneOf(
      ["Resource", "NotResource"],
      fc.oneof(
        RESOURCE_ENTRY,
        fc.array(RESOURCE_ENTRY, { minLength: 1, maxLength: 3 }),
        fc.constant(UNKNOWN_STRING),
      ),
      true,
    ),
    oneOf(["Principal", "NotPrincipal"], principalArb, true),
  )
  .map((parts) => Object.assign({}, ...parts));

/** Anything in a statement's place, well formed or not. */
export const statementArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: wellFormedStatementArb },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        Sid: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom<unknown>(UNKNOWN_STRING, 3, null)),
        Effect: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom("Allow", "Deny") },
          { weight: 1, arbitrary: fc.constantFrom<unknown>("allow", "", UNKNOWN_STRING, 1, null, ["Allow"]) },
        ),
        Action: maybeUnknownList(ACTION),
        NotAction: maybeUnknownList(ACTION),
        Resource: maybeUnknownList(RESOURCE_ENTRY),
        NotResource: maybeUnknownList(arnArb),
        Principal: principalArb,
        NotPrincipal: principalArb,
        Condition: conditionArb,
        Extra: leafArb,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: leafArb },
);

const anyDocumentObjectArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    Version: fc.oneof(
      { weight: 5, arbitrary: fc.constant("2012-10-17") },
      { weight: 1, arbitrary: fc.constantFrom<unknown>("2008-10-17", 1, UNKNOWN_STRING, null) },
    ),
    Id: fc.string({ maxLength: 8 }),
    Statement: fc.oneof(
      { weight: 8, arbitrary: fc.array(statementArb, { maxLength: 5 }) },
      { weight: 3, arbitrary: statementArb },
      {
        weight: 1,
        arbitrary: fc.array(fc.oneof(statementArb, fc.constant(UNKNOWN_STRING)), {
          minLength: 1,
          maxLength: 4,
        }),
      },
      { weight: 1, arbitrary: leafArb },
    ),
    statement: leafArb,
  },
  { requiredKeys: [] },
);

/** Mostly documents IAM would accept (Version and Statement only), sometimes anything. */
export const documentObjectArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      Version: fc.constant("2012-10-17"),
      Statement: fc.oneof(
        { weight: 4, arbitrary: fc.array(wellFormedStatementArb, { minLength: 1, maxLength: 4 }) },
        { weight: 1, arbitrary: wellFormedStatementArb },
      ),
    }),
  },
  { weight: 3, arbitrary: anyDocumentObjectArb },
);

/** JSON text in which the `nth` object visited repeats its first key (with another value). */
export function jsonWithDuplicateKey(value: unknown, nth: number, duplicate: unknown): string {
  let visited = 0;
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
    if (typeof v === "object" && v !== null) {
      const entries = Object.entries(v).map(([k, inner]) => `${JSON.stringify(k)}:${write(inner)}`);
      const keys = Object.keys(v);
      if (visited++ === nth && keys.length > 0)
        entries.push(`${JSON.stringify(keys[0])}:${write(duplicate)}`);
      return `{${entries.join(",")}}`;
    }
    return JSON.stringify(v) ?? "null";
  };
  return write(value);
}

/** An IAM document as a program can write it: an object, JSON text, JSON with duplicated keys, broken JSON. */
export const documentArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: documentObjectArb },
  { weight: 4, arbitrary: documentObjectArb.map((d) => JSON.stringify(d)) },
  { weight: 1, arbitrary: documentObjectArb.map((d) => JSON.stringify(d, null, 2)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        documentObjectArb,
        fc.nat({ max: 6 }),
        fc.constantFrom<unknown>("Deny", "Allow", "*", [], { AWS: "*" }, UNKNOWN_STRING),
      )
      .map(([d, nth, dup]) => jsonWithDuplicateKey(d, nth, dup)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(documentObjectArb, fc.nat()).map(([d, cut]) => {
      const text = JSON.stringify(d);
      return text.slice(0, cut % (text.length + 1));
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      "",
      "{}",
      "null",
      "[]",
      '"x"',
      "1",
      UNKNOWN_STRING,
      '{"Statement": []}',
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// Values, objects, huge and deep
// ---------------------------------------------------------------------------------------------

export function keyArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...packDictionary().keys) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).filter((k) => !k.startsWith("__")) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "constructor",
        "toString",
        "hasOwnProperty",
        "length",
        "0",
        "__proto__x",
        "Statement",
        "tags",
        "tagsAll",
      ),
    },
  );
}

const assetArb: fc.Arbitrary<unknown> = fc.constantFrom(
  { [SIG_KEY]: ASSET_SIG, text: "exports.handler = async () => 1;" },
  { [SIG_KEY]: ASSET_SIG, path: "./index.js" },
  { [SIG_KEY]: ASSET_SIG, uri: "https://example.com/a.zip" },
  { [SIG_KEY]: ARCHIVE_SIG, path: "./app" },
  { [SIG_KEY]: ARCHIVE_SIG, uri: "https://example.com/a.zip" },
  { [SIG_KEY]: ARCHIVE_SIG, assets: { "index.js": { [SIG_KEY]: ASSET_SIG, text: "x" } } },
);

/** Deeply nested: `depth` levels of objects and arrays around a leaf. */
export const deepArb: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.integer({ min: 16, max: 64 }),
    leafArb,
    fc.array(fc.constantFrom(...["tags", "rules", "policy", "kmsKeyId", "0", "Statement"]), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([depth, leaf, keys]) => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i++) value = i % 3 === 2 ? [value] : { [keys[i % keys.length]]: value };
    return value;
  });

/** Large: long lists, long strings, wide objects. */
export const hugeArb: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(leafArb, fc.integer({ min: 1000, max: 5000 }))
    .map(([leaf, n]) => Array.from({ length: n }, () => leaf)),
  fc
    .tuple(fc.constantFrom("a", "*", "-test", "é", "\u{1F600}"), fc.integer({ min: 10_000, max: 100_000 }))
    .map(([c, n]) => c.repeat(n)),
  fc
    .integer({ min: 500, max: 3000 })
    .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Key${i}`, `v${i}`]))),
  fc.integer({ min: 200, max: 600 }).map((n) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: Array.from({ length: n }, (_, i) => ({
        Effect: "Allow",
        Action: `s3:Get${i}`,
        Resource: "*",
      })),
    }),
  ),
);

/** Any wire value: leaves, lists, objects keyed from the dictionary, secrets, assets, documents. */
export const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 10, arbitrary: leafArb },
    { weight: 3, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 4, arbitrary: fc.dictionary(keyArb(), tie("value"), { maxKeys: 5 }) },
    { weight: 2, arbitrary: tie("value").map(secretOf) },
    { weight: 2, arbitrary: documentArb },
    { weight: 1, arbitrary: assetArb },
  ),
})).value;

/** Inputs that hold IAM documents (see policy-pack/policies/iam/document-locations.ts). */
const documentPropsArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    policy: documentArb,
    assumeRolePolicy: documentArb,
    policyDocument: documentArb,
    inlinePolicies: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.array(
          fc.record({ name: fc.string({ maxLength: 8 }), policy: documentArb }, { requiredKeys: [] }),
          { maxLength: 3 },
        ),
      },
      { weight: 1, arbitrary: valueArb },
    ),
    managedPolicyArns: fc.array(arnArb, { maxLength: 3 }),
    policyArn: arnArb,
  },
  { requiredKeys: [] },
);

export const propsArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(keyArb(), valueArb, { maxKeys: 10 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.dictionary(keyArb(), valueArb, { maxKeys: 4 }), documentPropsArb)
      .map(([props, documents]) => ({ ...props, ...documents })),
  },
);

// ---------------------------------------------------------------------------------------------
// Structure-aware mutation of realistic inputs
// ---------------------------------------------------------------------------------------------

type Mutation =
  | { kind: "replace"; at: number; value: unknown }
  | { kind: "unknown"; at: number; sentinel: string }
  | { kind: "secret"; at: number }
  | { kind: "delete"; at: number }
  | { kind: "wrap-array"; at: number }
  | { kind: "stringify"; at: number }
  | { kind: "parse"; at: number }
  | { kind: "add-key"; at: number; key: string; value: unknown }
  | { kind: "huge"; at: number; value: unknown }
  | { kind: "document"; at: number; value: unknown }
  | { kind: "deep"; at: number; value: unknown };

/** `heavy`: also huge and deeply nested values (costly to serialise: rarer in stacks). */
const mutationArb = (heavy: boolean): fc.Arbitrary<Mutation> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value: valueArb }),
    },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant("unknown" as const),
        at: fc.nat(),
        sentinel: fc.constantFrom(...SENTINELS),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("secret" as const), at: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("wrap-array" as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("stringify" as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("parse" as const), at: fc.nat() }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("add-key" as const),
        at: fc.nat(),
        key: keyArb(),
        value: valueArb,
      }),
    },
    {
      weight: heavy ? 1 : 0,
      arbitrary: fc.record({ kind: fc.constant("huge" as const), at: fc.nat(), value: hugeArb }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("document" as const), at: fc.nat(), value: documentArb }),
    },
    {
      weight: heavy ? 1 : 0,
      arbitrary: fc.record({ kind: fc.constant("deep" as const), at: fc.nat(), value: deepArb }),
    },
  );

interface Slot {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
}

/**
 * Every place a value sits in `root` (an object), depth first, down to a depth and up to a count.
 * Secrets are entered through their `value` only and assets not at all: the engine never sends a
 * broken signature object (the SDK's deserializer rejects one before any policy runs).
 */
function slotsOf(root: Record<string, unknown>, limit = 400, maxDepth = 40): Slot[] {
  const slots: Slot[] = [];
  const visit = (value: unknown, depth: number) => {
    if (slots.length >= limit || depth > maxDepth) return;
    if (Array.isArray(value)) {
      value.forEach((inner, index) => {
        slots.push({ holder: value, key: index });
        visit(inner, depth + 1);
      });
    } else if (isPlainObject(value)) {
      const signature = value[SIG_KEY];
      if (signature !== undefined) {
        if (signature === SECRET_SIG && "value" in value) {
          slots.push({ holder: value, key: "value" });
          visit(value.value, depth + 1);
        }
        return;
      }
      for (const [key, inner] of Object.entries(value)) {
        slots.push({ holder: value, key });
        visit(inner, depth + 1);
      }
    }
  };
  visit(root, 0);
  return slots;
}

function applyMutation(root: Record<string, unknown>, mutation: Mutation): void {
  const slots = slotsOf(root);
  if (mutation.kind === "add-key") {
    const objects = [root, ...slots.map((s) => getSlot(s)).filter(isPlainObject)].filter(
      (o) => o[SIG_KEY] === undefined,
    );
    objects[mutation.at % objects.length][mutation.key] = structuredClone(mutation.value);
    return;
  }
  if (slots.length === 0) return;
  const slot = slots[mutation.at % slots.length];
  const current = getSlot(slot);
  switch (mutation.kind) {
    case "replace":
    case "document":
    case "huge":
    case "deep":
      // A copy: generated values may be shared constants, and later mutations edit in place.
      return setSlot(slot, structuredClone(mutation.value));
    case "unknown":
      return setSlot(slot, mutation.sentinel);
    case "secret":
      return setSlot(slot, secretOf(current));
    case "delete":
      if (isPlainObject(slot.holder) && slot.holder[SIG_KEY] !== undefined) return setSlot(slot, null);
      if (Array.isArray(slot.holder)) slot.holder.splice(slot.key as number, 1);
      else delete slot.holder[slot.key as string];
      return;
    case "wrap-array":
      return setSlot(slot, [current]);
    case "stringify":
      return setSlot(slot, JSON.stringify(current) ?? "null");
    case "parse":
      if (typeof current === "string") {
        try {
          setSlot(slot, JSON.parse(current));
        } catch {
          setSlot(slot, Number(current));
        }
      }
      return;
  }
}

const getSlot = (slot: Slot): unknown => (slot.holder as Record<string | number, unknown>)[slot.key];
const setSlot = (slot: Slot, value: unknown): void => {
  (slot.holder as Record<string | number, unknown>)[slot.key] = value;
};
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `props` after the mutations (on a deep copy). */
export function mutate(
  props: Record<string, unknown>,
  mutations: readonly Mutation[],
): Record<string, unknown> {
  const copy = structuredClone(props);
  for (const mutation of mutations) applyMutation(copy, mutation);
  return copy;
}

export const mutationsArb = (max = 6, heavy = true) => fc.array(mutationArb(heavy), { maxLength: max });

/** Realistic props: a corpus resource's inputs (or outputs), mutated. */
export function mutatedCorpusProps(
  pick: (corpus: CorpusResource[]) => CorpusResource[],
  side: "inputs" | "outputs",
): fc.Arbitrary<Record<string, unknown>> {
  const pool = pick(loadCorpus());
  const all = pool.length > 0 ? pool : loadCorpus();
  return fc
    .tuple(fc.constantFrom(...all), mutationsArb())
    .map(([resource, mutations]) => mutate(resource[side], mutations));
}

// ---------------------------------------------------------------------------------------------
// Names, URNs and types
// ---------------------------------------------------------------------------------------------

export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...loadCorpus().map((r) => r.name)) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}(-test|-prod|-dev)?$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "-",
      "test",
      "TEST",
      "a::b",
      "x$y",
      "name-test",
      "名前-test",
      "a".repeat(500),
    ),
  },
);

export function urnArb(type: fc.Arbitrary<string>, name: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(type, name).map(([t, n]) => `urn:pulumi:test::finguard-fuzz::${t}::${n}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom("my:component:Thing", "finguard:components:Kms", "pulumi:pulumi:Stack"),
          type,
          name,
        )
        .map(([parent, t, n]) => `urn:pulumi:test::finguard-fuzz::${parent}$${t}::${n}`),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        "urn:pulumi:::::",
        "urn:pulumi:test::p::::",
        "urn:pulumi:a::b::c::d::e::f",
        "::",
        "urn:pulumi:test::p::aws:s3/bucket:Bucket::",
      ),
    },
  );
}

/** Type tokens an engine may send, apart from a policy's own. */
export const otherTypeArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...new Set(loadCorpus().map((r) => r.type))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "pulumi:pulumi:Stack",
      "pulumi:providers:aws",
      "pulumi:providers:random",
      "my:component:Thing",
      "awsx:ec2:Vpc",
      "aws:s3/bucket:Bucket2",
      "aws:unknown/thing:Thing",
      "aws:",
      "aws:*",
      "*",
      "",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Provider inputs: the corpus providers', mutated, or defaultTags in every shape. */
export const providerPropsArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {
    weight: 4,
    arbitrary: mutatedCorpusProps((c) => c.filter((r) => r.type.startsWith("pulumi:providers:")), "inputs"),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        region: fc.oneof(REGION, fc.constantFrom<unknown>(UNKNOWN_STRING, 1)),
        defaultTags: fc.oneof(
          fc
            .record({
              tags: fc.oneof(
                fc.dictionary(
                  fc.constantFrom("Environment", "Owner", "CostCenter", "DataClassification", "x"),
                  leafArb,
                ),
                leafArb,
              ),
            })
            .map((d) => JSON.stringify(d)),
          fc.record({
            tags: fc.oneof(
              fc.dictionary(
                fc.constantFrom("Environment", "Owner", "CostCenter", "DataClassification", "x"),
                leafArb,
              ),
              leafArb,
            ),
          }),
          valueArb,
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: propsArb },
);
