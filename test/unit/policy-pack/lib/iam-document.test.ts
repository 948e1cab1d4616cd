import assert from "node:assert/strict";
import fc from "fast-check";
import {
  duplicateKeys,
  hasWildcard,
  isAccountRoot,
  isAnyonePrincipal,
  parsePolicyDocument,
  type PolicyDocument,
  type Statement,
} from "../../../../policy-pack/lib/iam-document";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";

const statementsOf = (document: PolicyDocument): Statement[] => {
  assert.equal(document.kind, "parsed", JSON.stringify(document));
  return (document as Extract<PolicyDocument, { kind: "parsed" }>).statements;
};
const problemsOf = (document: PolicyDocument): string[] => {
  assert.equal(document.kind, "malformed", JSON.stringify(document));
  return (document as Extract<PolicyDocument, { kind: "malformed" }>).problems;
};
const doc = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const allow = (extra: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Action: "s3:GetObject",
  Resource: "*",
  ...extra,
});

describe("lib/iam-document", () => {
  describe("parsePolicyDocument", () => {
    it("reads a JSON string and an object the same way", () => {
      const object = doc(allow({ Sid: "Read", Condition: { Bool: { "aws:SecureTransport": "true" } } }));
      assert.deepEqual(parsePolicyDocument(JSON.stringify(object)), parsePolicyDocument(object));
      const [statement] = statementsOf(parsePolicyDocument(object));
      assert.equal(statement.sid, "Read");
      assert.equal(statement.effect, "Allow");
      assert.deepEqual(statement.action, { known: ["s3:GetObject"], unknown: false });
      assert.deepEqual(statement.condition.entries, [
        { operator: "Bool", key: "aws:securetransport", values: { known: ["true"], unknown: false } },
      ]);
    });

    it("accepts a single statement object and string or list elements", () => {
      const [single] = statementsOf(parsePolicyDocument({ Version: "2012-10-17", Statement: allow() }));
      const [listed] = statementsOf(
        parsePolicyDocument(doc(allow({ Action: ["s3:GetObject"], Resource: ["*"] }))),
      );
      assert.deepEqual(single, listed);
    });

    it('normalises Principal "*", {AWS: "*"} and typed principals', () => {
      const statements = statementsOf(
        parsePolicyDocument(
          doc(
            allow({ Principal: "*" }),
            allow({ Principal: { AWS: "*" } }),
            allow({
              Principal: {
                AWS: ["arn:aws:iam::111122223333:root", "444455556666"],
                Service: "sns.amazonaws.com",
              },
            }),
          ),
        ),
      );
      assert.deepEqual(statements[0].principal, {
        entries: [{ type: "*", value: "*" }],
        unknown: false,
        opaque: false,
      });
      assert.ok(statements[0].principal?.entries.every(isAnyonePrincipal));
      assert.ok(statements[1].principal?.entries.every(isAnyonePrincipal));
      const third = statements[2].principal?.entries ?? [];
      assert.deepEqual(
        third.map((e) => [e.type, isAccountRoot(e), isAnyonePrincipal(e)]),
        [
          ["AWS", true, false],
          ["AWS", true, false],
          ["Service", false, false],
        ],
      );
    });

    it("turns boolean and number condition values into strings", () => {
      const [statement] = statementsOf(
        parsePolicyDocument(
          doc(
            allow({
              Condition: { Bool: { "aws:SecureTransport": false }, NumericLessThan: { "s3:max-keys": 10 } },
            }),
          ),
        ),
      );
      assert.deepEqual(
        statement.condition.entries.map((e) => e.values.known),
        [["false"], ["10"]],
      );
    });

    it("treats absent, null and empty documents as absent", () => {
      for (const raw of [undefined, null, ""]) assert.deepEqual(parsePolicyDocument(raw), { kind: "absent" });
    });
  });

  describe("unknown during preview", () => {
    it("cannot read a whole unknown string or object", () => {
      assert.deepEqual(parsePolicyDocument(UNKNOWN), { kind: "unknown" });
      assert.deepEqual(parsePolicyDocument(UNKNOWN_OBJECT), { kind: "unknown" });
    });

    it("keeps known values next to unknown ones", () => {
      const [statement] = statementsOf(
        parsePolicyDocument(
          doc(allow({ Action: ["s3:*", UNKNOWN], Resource: UNKNOWN, Principal: { AWS: [UNKNOWN, "*"] } })),
        ),
      );
      assert.deepEqual(statement.action, { known: ["s3:*"], unknown: true });
      assert.deepEqual(statement.resource, { known: [], unknown: true });
      assert.deepEqual(statement.principal, {
        entries: [{ type: "AWS", value: "*" }],
        unknown: true,
        opaque: false,
      });
      const [opaque] = statementsOf(parsePolicyDocument(doc(allow({ Principal: UNKNOWN_OBJECT }))));
      assert.deepEqual(opaque.principal, { entries: [], unknown: true, opaque: true });
    });

    it("marks unknown statements, effects and conditions", () => {
      const document = parsePolicyDocument(
        doc(UNKNOWN_OBJECT, allow({ Effect: UNKNOWN, Condition: UNKNOWN_OBJECT })),
      );
      assert.equal(document.kind === "parsed" && document.unknownStatements, true);
      const [statement] = statementsOf(document);
      assert.equal(statement.index, 1);
      assert.equal(statement.effect, "unknown");
      assert.equal(statement.condition.unknown, true);
      assert.equal(
        (parsePolicyDocument({ Version: "2012-10-17", Statement: UNKNOWN }) as { unknownStatements: boolean })
          .unknownStatements,
        true,
      );
    });
  });

  describe("malformed documents", () => {
    it("reports invalid JSON without throwing", () => {
      assert.match(problemsOf(parsePolicyDocument('{"Statement": [')).join(), /not valid JSON/);
    });

    it("reports duplicated keys, which JSON.parse would silently resolve to the last one", () => {
      const text =
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
      assert.deepEqual(problemsOf(parsePolicyDocument(text)), [
        "key 'Statement[1].Effect' appears more than once",
      ]);
      assert.deepEqual(duplicateKeys('{"a":{"b":1,"c":"}\\"b","b":2},"a":[{"x":1,"x":2}]}'), [
        "'a.b'",
        "'a'",
        "'a[0].x'",
      ]);
    });

    it("names wrong shapes, misspelt elements and missing or conflicting elements", () => {
      const cases: Array<[unknown, RegExp]> = [
        [[allow()], /it must be an object, got an array/],
        ["42", /it must be an object, got number 42/],
        [{ Version: "2012-10-17" }, /it has no 'Statement'/],
        [{ Statement: [], Statements: [] }, /unknown element 'Statements'/],
        [doc("Allow"), /Statement\[0\] must be an object/],
        [doc(allow({ Actions: "s3:*" })), /Statement\[0\] has an unknown element 'Actions'/],
        [
          doc(allow({ Effect: "allow" })),
          /Statement\[0\].Effect must be "Allow" or "Deny", got string "allow"/,
        ],
        [doc({ Effect: "Allow", Resource: "*" }), /has neither Action nor NotAction/],
        [doc(allow({ NotAction: "iam:*" })), /has both Action and NotAction/],
        [doc(allow({ NotResource: "x" })), /has both Resource and NotResource/],
        [
          doc(allow({ Action: ["s3:GetObject", 3] })),
          /Statement\[0\].Action must be a string or a list of strings/,
        ],
        [doc(allow({ Principal: "arn:aws:iam::111122223333:root" })), /Principal must be "\*" or an object/],
        [doc(allow({ Principal: { Aws: "*" } })), /unknown principal type 'Aws'/],
        [doc(allow({ Condition: ["aws:SourceArn"] })), /Condition must be an object of operators/],
        [
          doc(allow({ Condition: { StringEquals: "x" } })),
          /Condition.StringEquals must be an object of condition keys/,
        ],
        [doc(allow({ Sid: 7 })), /Sid must be a string/],
      ];
      for (const [raw, expected] of cases) {
        assert.match(problemsOf(parsePolicyDocument(raw)).join("; "), expected, JSON.stringify(raw));
      }
    });
  });

  describe("helpers", () => {
    it("does not mistake policy variables for wildcards", () => {
      assert.equal(hasWildcard("arn:aws:s3:::bucket/${aws:username}/file"), false);
      assert.equal(hasWildcard("arn:aws:s3:::bucket/${*}"), false);
      assert.equal(hasWildcard("arn:aws:s3:::bucket/${aws:username}/*"), true);
      assert.equal(hasWildcard("s3:Get?bject"), true);
    });

    it("recognises account roots only", () => {
      const aws = (value: string) => ({ type: "AWS", value });
      assert.ok(isAccountRoot(aws("arn:aws-us-gov:iam::111122223333:root")));
      assert.ok(!isAccountRoot(aws("arn:aws:iam::111122223333:role/root")));
      assert.ok(!isAccountRoot({ type: "Service", value: "111122223333" }));
    });
  });

  describe("properties", () => {
    const action = fc.constantFrom("s3:GetObject", "s3:*", "*", "iam:PassRole", "kms:Decrypt");
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Deny"),
      Action: fc.oneof(action, fc.array(action, { minLength: 1, maxLength: 3 })),
      Resource: fc.oneof(
        fc.constant("*"),
        fc.array(fc.constantFrom("*", "arn:aws:s3:::b/${aws:username}"), { minLength: 1 }),
      ),
    });

    it("a string element equals the one-element list", () => {
      fc.assert(
        fc.property(action, (name) => {
          const asString = statementsOf(parsePolicyDocument(doc(allow({ Action: name }))));
          const asList = statementsOf(parsePolicyDocument(doc(allow({ Action: [name] }))));
          assert.deepEqual(asString, asList);
        }),
      );
    });

    it("a document reads the same as an object, as JSON, and with a single statement unwrapped", () => {
      fc.assert(
        fc.property(statement, (s) => {
          const expected = parsePolicyDocument(doc(s));
          assert.deepEqual(parsePolicyDocument(JSON.stringify(doc(s))), expected);
          assert.deepEqual(parsePolicyDocument({ Version: "2012-10-17", Statement: s }), expected);
        }),
      );
    });

    it("never throws, whatever the input", () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.json(), fc.string()), (raw) => {
          const kind = parsePolicyDocument(raw).kind;
          assert.ok(["absent", "unknown", "malformed", "parsed"].includes(kind));
        }),
        { numRuns: 500 },
      );
    });

    it("finds no duplicated keys in what JSON.stringify writes", () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) =>
          assert.deepEqual(duplicateKeys(JSON.stringify(value) ?? "null"), []),
        ),
      );
    });
  });
});
