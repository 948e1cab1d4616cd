import assert from "node:assert/strict";
import { computePolicyDocument } from "../../../../evaluator/capture/policy-document";

describe("computePolicyDocument", () => {
  it("writes the provider's indented JSON, collapsing one-element sets and defaulting Version and Effect", () => {
    const result = computePolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["*"] }] });
    assert.equal(
      result.json,
      [
        "{",
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        "    {",
        '      "Effect": "Allow",',
        '      "Action": "s3:GetObject",',
        '      "Resource": "*"',
        "    }",
        "  ]",
        "}",
      ].join("\n"),
    );
    assert.equal(
      result.minifiedJson,
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    );
    assert.match(result.id, /^\d+$/);
  });

  it("deduplicates and reverse-sorts string sets but keeps condition values in order", () => {
    const doc = JSON.parse(
      computePolicyDocument({
        statements: [
          {
            actions: ["kms:Decrypt", "kms:Encrypt", "kms:Decrypt"],
            resources: ["arn:b", "arn:a"],
            conditions: [{ test: "StringEquals", variable: "aws:SourceVpce", values: ["vpce-2", "vpce-1"] }],
          },
        ],
      }).json,
    );
    assert.deepEqual(doc.Statement[0].Action, ["kms:Encrypt", "kms:Decrypt"]);
    assert.deepEqual(doc.Statement[0].Resource, ["arn:b", "arn:a"]);
    assert.deepEqual(doc.Statement[0].Condition, {
      StringEquals: { "aws:SourceVpce": ["vpce-2", "vpce-1"] },
    });
  });

  it('groups principals by type and collapses only {"*": ["*"]} to "*"', () => {
    const principalsOf = (principals: { type: string; identifiers: string[] }[]) =>
      JSON.parse(computePolicyDocument({ statements: [{ actions: ["sts:AssumeRole"], principals }] }).json)
        .Statement[0].Principal;
    assert.equal(principalsOf([{ type: "*", identifiers: ["*"] }]), "*");
    assert.deepEqual(principalsOf([{ type: "AWS", identifiers: ["*"] }]), { AWS: "*" });
    assert.deepEqual(
      principalsOf([
        { type: "Service", identifiers: ["lambda.amazonaws.com"] },
        { type: "AWS", identifiers: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
        { type: "Service", identifiers: ["ec2.amazonaws.com"] },
      ]),
      {
        AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::111111111111:root"],
        Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"],
      },
    );
  });

  it("escapes HTML characters like Go's encoding/json and turns &{...} into IAM policy variables", () => {
    const { json } = computePolicyDocument({
      statements: [
        {
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::bucket/&{aws:username}/*"],
          conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["a&b<c>"] }],
        },
      ],
    });
    assert.ok(json.includes('"arn:aws:s3:::bucket/${aws:username}/*"'), json);
    assert.ok(json.includes('"a\\u0026b\\u003cc\\u003e"'), json);
  });

  it("merges source documents, then its own statements, then overrides, replacing statements by Sid", () => {
    const source = JSON.stringify({
      Version: "2008-10-17",
      Statement: [
        {
          Sid: "Keep",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "*",
          Principal: { AWS: ["b", "a"] },
        },
        { Sid: "Replace", Effect: "Allow", Action: "s3:*", Resource: "*" },
        {
          Sid: "Override",
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": true } },
        },
      ],
    });
    const override = JSON.stringify({
      Statement: [{ Sid: "Override", Effect: "Deny", Action: "s3:PutObject", Resource: "*" }],
    });
    const doc = JSON.parse(
      computePolicyDocument({
        policyId: "card-data",
        sourcePolicyDocuments: [source],
        statements: [{ sid: "Replace", actions: ["s3:GetObject"], resources: ["*"] }],
        overridePolicyDocuments: [override],
      }).json,
    );
    assert.equal(doc.Version, "2012-10-17");
    assert.equal(doc.Id, "card-data");
    assert.deepEqual(doc.Statement, [
      {
        Sid: "Keep",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: "*",
        Principal: { AWS: ["b", "a"] },
      },
      { Sid: "Replace", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
      { Sid: "Override", Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
    ]);
  });

  it("omits Statement when there is none", () => {
    assert.equal(computePolicyDocument({}).minifiedJson, '{"Version":"2012-10-17"}');
  });
});
