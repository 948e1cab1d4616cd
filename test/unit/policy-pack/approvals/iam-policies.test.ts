/**
 * Exact outputs of the IAM policies (and the KMS key policy check) over a table of documents:
 * each document is judged by every IAM policy, at every location an IAM document can live
 * (identity, resource, trust, inline). See approval.ts.
 */
import { UNKNOWN, approveAll, type Case } from "./approval";

const ACCOUNT_ROOT = "arn:aws:iam::123456789012:root";
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const allow = (extra: Record<string, unknown>) => ({ Effect: "Allow", ...extra });

/** [label, document] pairs; documents are objects unless written as text on purpose. */
const DOCUMENTS: Array<[string, unknown]> = [
  ["Action *", doc(allow({ Action: "*", Resource: "*" }))],
  ["Action s3:*", doc(allow({ Action: "s3:*", Resource: "arn:aws:s3:::b/*" }))],
  ["Action k*:*", doc(allow({ Action: "k*:*", Resource: "*" }))],
  ["Action s3:Get*", doc(allow({ Action: ["s3:Get*"], Resource: "arn:aws:s3:::b/*" }))],
  ["Action s3:List* (read-only)", doc(allow({ Action: "s3:List*", Resource: "*" }))],
  ["Action ec2:Describe* (read-only)", doc(allow({ Action: "ec2:Describe*", Resource: "*" }))],
  ["Action unknownsvc:*", doc(allow({ Action: "unknownsvc:*", Resource: "*" }))],
  ["Action with a wildcard service", doc(allow({ Action: "*3:GetObject", Resource: "*" }))],
  ["Action s3:GetObject on *", doc(allow({ Action: "s3:GetObject", Resource: "*" }))],
  ["Action sts:GetCallerIdentity on *", doc(allow({ Action: "sts:GetCallerIdentity", Resource: "*" }))],
  [
    "Actions mixed on *",
    doc(allow({ Action: ["s3:GetObject", "s3:ListAllMyBuckets", "ec2:DescribeInstances"], Resource: "*" })),
  ],
  ["Action s3:getobject lower case on *", doc(allow({ Action: "s3:getobject", Resource: "*" }))],
  ["Action iam:PassRole on *", doc(allow({ Action: "iam:PassRole", Resource: "*" }))],
  [
    "Action iam:Pass* on a role",
    doc(allow({ Action: "iam:Pass*", Resource: "arn:aws:iam::123456789012:role/app" })),
  ],
  [
    "Action iam:PassRole on role/*",
    doc(allow({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/*" })),
  ],
  [
    "Action iam:PassRole on role/app-*",
    doc(allow({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app-*" })),
  ],
  [
    "Action iam:PassRole on a wildcard account",
    doc(allow({ Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/app" })),
  ],
  [
    "Action iam:PassRole on a user",
    doc(allow({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:user/*" })),
  ],
  ["Action iam:PassRole on an unknown role", doc(allow({ Action: "iam:PassRole", Resource: UNKNOWN }))],
  [
    "Action iam:PassRole with a PassedToService condition",
    doc(
      allow({
        Action: "iam:PassRole",
        Resource: "arn:aws:iam::123456789012:role/app",
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      }),
    ),
  ],
  [
    "Action iam:PassRole with a ForAnyValue:StringLike condition",
    doc(
      allow({
        Action: "iam:PassRole",
        Resource: "arn:aws:iam::123456789012:role/app",
        Condition: { "ForAnyValue:StringLike": { "iam:PassedToService": "ecs*" } },
      }),
    ),
  ],
  [
    "Action iam:PassRole with an ArnLike condition",
    doc(
      allow({
        Action: "iam:PassRole",
        Resource: "arn:aws:iam::123456789012:role/app",
        Condition: { ArnLike: { "iam:PassedToService": "x" } },
      }),
    ),
  ],
  [
    "Action iam:PassRole with an unknown condition",
    doc(
      allow({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app", Condition: UNKNOWN }),
    ),
  ],
  ["Action unknown", doc(allow({ Action: UNKNOWN, Resource: "*" }))],
  ["Actions partly unknown", doc(allow({ Action: ["s3:GetObject", UNKNOWN], Resource: "*" }))],
  ["NotAction", doc(allow({ NotAction: "iam:*", Resource: "*" }))],
  ["NotAction unknown", doc(allow({ NotAction: UNKNOWN, Resource: "*" }))],
  ["NotResource", doc(allow({ Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }))],
  [
    "NotResource and NotAction",
    doc(
      allow({
        NotAction: "s3:DeleteObject",
        NotResource: ["arn:aws:s3:::a", "arn:aws:s3:::b", "arn:aws:s3:::c", "arn:aws:s3:::d"],
      }),
    ),
  ],
  ["Deny with wildcards", doc({ Effect: "Deny", NotAction: "*", Resource: "*", Principal: "*" })],
  ["Effect unknown", doc({ Effect: UNKNOWN, Action: "*", Resource: "*", Principal: "*" })],
  ["Statement unknown", { Version: "2012-10-17", Statement: UNKNOWN }],
  ["one statement unknown", doc(UNKNOWN, allow({ Action: "s3:GetObject", Resource: "*" }))],
  ["single statement object", { Version: "2012-10-17", Statement: allow({ Action: "*", Resource: "*" }) }],
  ["document unknown", UNKNOWN],
  ["document absent", ""],
  ["document as JSON text", JSON.stringify(doc(allow({ Sid: "All", Action: "*", Resource: "*" })))],
  [
    "document with duplicated keys",
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Action":"*","Resource":"*"}]}',
  ],
  ["document invalid JSON", '{"Version":"2012-10-17",'],
  ["document a list", [allow({ Action: "*" })]],
  ["document with an unknown element", { Version: "2012-10-17", Statement: [], Extra: 1 }],
  [
    "statement with many problems",
    doc({ Effect: "allow", Action: 5, Resource: ["*", 3], Principal: "x", Bogus: true, Sid: 3 }),
  ],
  [
    "statement with both Action and NotAction",
    doc(allow({ Action: "s3:GetObject", NotAction: "s3:PutObject", Resource: "*" })),
  ],
  ["statement without action", doc(allow({ Resource: "*" }))],
  ["Principal *", doc(allow({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }))],
  [
    "Principal AWS *",
    doc(allow({ Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
  ],
  [
    "Principal AWS * in a list",
    doc(
      allow({
        Principal: { AWS: ["arn:aws:iam::123456789012:role/x", "*"] },
        Action: "s3:GetObject",
        Resource: "*",
      }),
    ),
  ],
  [
    "Principal * scoped by SourceArn",
    doc(
      allow({
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/x" } },
      }),
    ),
  ],
  [
    "Principal * scoped by a wildcard-only SourceAccount",
    doc(
      allow({
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": "*" } },
      }),
    ),
  ],
  [
    "Principal * scoped by an unknown SourceAccount",
    doc(
      allow({
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": UNKNOWN } },
      }),
    ),
  ],
  [
    "Principal * with SecureTransport only",
    doc(
      allow({
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": true } },
      }),
    ),
  ],
  [
    "Principal * with an unknown condition",
    doc(allow({ Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: UNKNOWN })),
  ],
  ["Principal unknown", doc(allow({ Principal: UNKNOWN, Action: "s3:GetObject", Resource: "*" }))],
  [
    "Principal AWS unknown",
    doc(allow({ Principal: { AWS: UNKNOWN }, Action: "s3:GetObject", Resource: "*" })),
  ],
  [
    "Principal service",
    doc(allow({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" })),
  ],
  [
    "Principal federated",
    doc(
      allow({
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
      }),
    ),
  ],
  [
    "Principal an account root",
    doc(allow({ Principal: { AWS: ACCOUNT_ROOT }, Action: "kms:*", Resource: "*" })),
  ],
  [
    "Principal a bare account id",
    doc(allow({ Principal: { AWS: "123456789012" }, Action: "kms:*", Resource: "*" })),
  ],
  [
    "Principal a role, kms:*",
    doc(
      allow({ Principal: { AWS: "arn:aws:iam::123456789012:role/admin" }, Action: "kms:*", Resource: "*" }),
    ),
  ],
  [
    "Principal a role, kms:Decrypt",
    doc(
      allow({
        Principal: { AWS: "arn:aws:iam::123456789012:role/app" },
        Action: "kms:Decrypt",
        Resource: "*",
      }),
    ),
  ],
  [
    "Principal root and a role, kms:*",
    doc(
      allow({
        Principal: { AWS: [ACCOUNT_ROOT, "arn:aws:iam::123456789012:role/admin"] },
        Action: ["kms:*"],
        Resource: "*",
      }),
    ),
  ],
  ["Principal unknown, kms:*", doc(allow({ Principal: { AWS: UNKNOWN }, Action: "kms:*", Resource: "*" }))],
  ["kms:* without principal", doc(allow({ Action: "kms:*", Resource: "*" }))],
  [
    "NotPrincipal",
    doc(
      allow({
        NotPrincipal: { AWS: ["arn:aws:iam::123456789012:role/x"] },
        Action: "s3:GetObject",
        Resource: "*",
      }),
    ),
  ],
  [
    "NotPrincipal with Deny",
    doc({ Effect: "Deny", NotPrincipal: { AWS: ACCOUNT_ROOT }, Action: "s3:*", Resource: "*" }),
  ],
  [
    "Principal with an unknown type",
    doc(allow({ Principal: { Bogus: "x" }, Action: "s3:GetObject", Resource: "*" })),
  ],
  ["Condition malformed", doc(allow({ Action: "s3:GetObject", Resource: "*", Condition: "always" }))],
  [
    "Condition operator malformed",
    doc(allow({ Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: "x" } })),
  ],
  [
    "Condition with numbers and booleans",
    doc(
      allow({
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { NumericLessThan: { "s3:max-keys": 10 }, Bool: { "aws:PrincipalIsAWSService": false } },
      }),
    ),
  ],
  [
    "Condition values malformed",
    doc(
      allow({
        Principal: "*",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": [{}] } },
      }),
    ),
  ],
  [
    "policy variables in Resource",
    doc(allow({ Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username}/*" })),
  ],
  [
    "a wildcard in a policy variable's neighbour",
    doc(allow({ Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username}*" })),
  ],
  [
    "many statements",
    doc(
      ...Array.from({ length: 7 }, (_, i) => allow({ Sid: `S${i}`, Action: `s3:Get${i}*`, Resource: "*" })),
    ),
  ],
];

/** Where a document is put: [type, property], inline policies as a list of one. */
const LOCATIONS: Array<[string, string]> = [
  ["aws:iam/policy:Policy", "policy"],
  ["aws:s3/bucketPolicy:BucketPolicy", "policy"],
  ["aws:iam/role:Role", "assumeRolePolicy"],
  ["aws:iam/role:Role", "inlinePolicies"],
  ["aws:kms/key:Key", "policy"],
  ["aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "policyDocument"],
];

const IAM_POLICIES = [
  "iam-no-wildcard-actions",
  "iam-no-not-action-not-resource",
  "iam-resource-wildcard-scoped",
  "iam-passrole-scoped",
  "iam-no-public-principal",
  "iam-unknown-actions",
  "encryption-kms-key-policy-restricted",
];

const appliesTo: Record<string, readonly string[]> = {
  "iam-resource-wildcard-scoped": ["aws:iam/policy:Policy", "aws:iam/role:Role"],
  "iam-passrole-scoped": ["aws:iam/policy:Policy", "aws:iam/role:Role"],
  "encryption-kms-key-policy-restricted": ["aws:kms/key:Key"],
};

const documentCases: Case[] = IAM_POLICIES.flatMap((policy) =>
  LOCATIONS.filter(([type]) => (appliesTo[policy] ?? [type]).includes(type)).flatMap(([type, property]) =>
    DOCUMENTS.map(([label, document]) => ({
      policy,
      type,
      title: `${type} ${property}: ${label}`,
      props: {
        [property]: property === "inlinePolicies" ? [{ name: "inline", policy: document }] : document,
      },
    })),
  ),
);

const inlineShapes: Array<[string, unknown]> = [
  ["absent", undefined],
  ["null", null],
  ["unknown", UNKNOWN],
  ["an object", { name: "x", policy: "{}" }],
  ["a list with an unknown entry", [UNKNOWN]],
  ["a list with a string", ["x"]],
  [
    "a list of two",
    [
      { name: "a", policy: doc(allow({ Action: "*", Resource: "*" })) },
      { name: "b", policy: UNKNOWN },
    ],
  ],
];
const inlineCases: Case[] = ["iam-no-wildcard-actions", "iam-unknown-actions"].flatMap((policy) =>
  inlineShapes.map(([label, inlinePolicies]) => ({
    policy,
    type: "aws:iam/role:Role",
    title: `inlinePolicies ${label}`,
    props: inlinePolicies === undefined ? {} : { inlinePolicies },
  })),
);

const configCases: Case[] = [
  ...[true, false].flatMap((allowReadOnlyWildcards) =>
    ["s3:List*", "s3:Get*", "ec2:Describe*", "kms:*", "unknownsvc:Get*", "*3:List*"].map((action) => ({
      policy: "iam-no-wildcard-actions",
      type: "aws:iam/policy:Policy",
      title: `allowReadOnlyWildcards ${allowReadOnlyWildcards}: ${action}`,
      props: { policy: doc(allow({ Action: action, Resource: "*" })) },
      config: { allowReadOnlyWildcards },
    })),
  ),
  ...[true, false].flatMap((allowAccountRootDelegation) =>
    [
      ["root", { AWS: ACCOUNT_ROOT }],
      ["bare account", { AWS: "123456789012" }],
      ["root and a role", { AWS: [ACCOUNT_ROOT, "arn:aws:iam::123456789012:role/x"] }],
      ["unknown", { AWS: UNKNOWN }],
      ["none", undefined],
      ["empty", {}],
    ].map(([label, Principal]) => ({
      policy: "iam-no-wildcard-actions",
      type: "aws:kms/key:Key",
      title: `allowAccountRootDelegation ${allowAccountRootDelegation}: ${label}`,
      props: { policy: doc(allow({ Principal, Action: "kms:*", Resource: "*" })) },
      config: { allowAccountRootDelegation },
    })),
  ),
  ...["aws:iam/policy:Policy", "aws:iam/role:Role"].map((type) => ({
    policy: "iam-passrole-scoped",
    type,
    title: `requirePassedToService on ${type}`,
    props: {
      [type === "aws:iam/role:Role" ? "inlinePolicies" : "policy"]:
        type === "aws:iam/role:Role"
          ? [
              {
                policy: doc(
                  allow({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app" }),
                ),
              },
            ]
          : doc(allow({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app" })),
    },
    config: { requirePassedToService: true },
  })),
  {
    policy: "iam-no-public-principal",
    type: "aws:s3/bucketPolicy:BucketPolicy",
    title: "scopingConditionKeys narrowed",
    props: {
      policy: doc(
        allow({
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }),
      ),
    },
    config: { scopingConditionKeys: ["aws:SourceArn"] },
  },
  ...[
    ["kms key, root and an allowed admin", { allowedPrincipals: ["arn:aws:iam::123456789012:role/admin"] }],
    ["kms key, a glob", { allowedPrincipals: ["arn:aws:iam::123456789012:role/*"] }],
  ].map(([label, config]) => ({
    policy: "encryption-kms-key-policy-restricted",
    type: "aws:kms/key:Key",
    title: label as string,
    props: {
      policy: doc(
        allow({ Principal: { AWS: "arn:aws:iam::123456789012:role/admin" }, Action: "kms:*", Resource: "*" }),
      ),
    },
    config: config as Record<string, unknown>,
  })),
  {
    policy: "encryption-kms-key-policy-restricted",
    type: "aws:kms/keyPolicy:KeyPolicy",
    title: "key policy resource",
    props: {
      policy: JSON.stringify(doc(allow({ Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }))),
    },
  },
];

const LAMBDA = "aws:lambda/permission:Permission";
const lambdaCases: Case[] = [
  ...[
    ["principal *", { principal: "*" }],
    ["principal * with sourceArn", { principal: "*", sourceArn: "arn:aws:s3:::b" }],
    ["principal * with an empty sourceAccount", { principal: "*", sourceAccount: "" }],
    ["principal * with principalOrgId", { principal: "*", principalOrgId: "o-123" }],
    ["principal * with an unknown sourceArn", { principal: "*", sourceArn: UNKNOWN }],
    ["principal a service", { principal: "s3.amazonaws.com" }],
    ["principal unknown", { principal: UNKNOWN }],
    ["principal absent", {}],
    ["principal a number", { principal: 5 }],
  ].map(([label, props]) => ({
    policy: "iam-no-public-principal",
    type: LAMBDA,
    title: label as string,
    props: props as Record<string, unknown>,
  })),
];

const ADMIN = "iam-no-admin-managed-policies";
const adminArns: Array<[string, unknown]> = [
  ["AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess"],
  ["AdministratorAccess-Amplify", "arn:aws:iam::aws:policy/AdministratorAccess-Amplify"],
  ["PowerUserAccess", "arn:aws:iam::aws:policy/PowerUserAccess"],
  ["AmazonS3FullAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess"],
  ["job function", "arn:aws:iam::aws:policy/job-function/SystemAdministrator"],
  ["GovCloud admin", "arn:aws-us-gov:iam::aws:policy/AdministratorAccess"],
  ["read only", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
  ["customer-managed admin name", "arn:aws:iam::123456789012:policy/AdministratorAccess"],
  ["unknown", UNKNOWN],
  ["absent", undefined],
  ["null", null],
  ["a number", 5],
  ["a list with a number", ["arn:aws:iam::aws:policy/ReadOnlyAccess", 5]],
  ["a list with unknown and admin", [UNKNOWN, "arn:aws:iam::aws:policy/AdministratorAccess"]],
];
const adminCases: Case[] = [
  ...[
    ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "policyArn"],
    ["aws:iam/role:Role", "managedPolicyArns"],
    ["aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "policyArns"],
  ].flatMap(([type, property]) =>
    adminArns.map(([label, value]) => ({
      policy: ADMIN,
      type,
      title: `${type} ${property}: ${label}`,
      props: value === undefined ? {} : { [property]: value },
    })),
  ),
  {
    policy: ADMIN,
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    title: "allowedPolicyArns",
    props: { policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
    config: { allowedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] },
  },
  {
    policy: ADMIN,
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    title: "deniedPolicyNames custom",
    props: { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
    config: { deniedPolicyNames: ["Read*"] },
  },
  {
    policy: ADMIN,
    type: "aws:sqs/queue:Queue",
    title: "not an attachment",
    props: { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
  },
];

describe("approved outputs: IAM policies, exact outputs", () => {
  approveAll("iam-policies", [
    ...documentCases,
    ...inlineCases,
    ...configCases,
    ...lambdaCases,
    ...adminCases,
  ]);
});
