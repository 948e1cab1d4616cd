/**
 * Every S3 bucket is encrypted by default with a customer-managed KMS key (PCI DSS 3.5.1, 3.5.1.2,
 * 3.6.1, 3.6.1.3).
 *
 * With @pulumi/aws v7 the encryption of a bucket is usually a separate
 * `BucketServerSideEncryptionConfiguration` resource (or its deprecated `...V2` token), tied to the
 * bucket through the propertyDependencies of its `bucket` input (or the bucket's literal name).
 * Checking only the bucket's inline setting gives false "compliant" and "violating" results, and a
 * resource policy cannot see the link, so this is a stack policy:
 * - each configuration resource is checked where it is (SSE-KMS with a customer key);
 * - a bucket targeted by a configuration resource is governed by it: its own inline setting (an
 *   output that may show the AWS default until refreshed) is ignored;
 * - any other bucket must carry a compliant inline configuration, and a bucket with none at all is
 *   a violation: omitting the configuration resource cannot dodge the rule.
 */
import type { StackGraph } from "../../lib/graph";
import type { StackCheckResult, StackPolicyDefinition } from "../../lib/policy";
import { isUnknown } from "../../lib/values";
import {
  CMK_CONFIG_PROPERTIES,
  CMK_REMEDIATION,
  parseCmkConfig,
  toCheckResult,
  type CmkConfig,
} from "./cmk-policy";
import { evaluateParts, mustBeOneOf, type EncryptedPart } from "./encryption-specs";
import { KeyResolver } from "./key-references";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const SSE_CONFIGURATION_TYPES = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;

const SSE_S3 = "S3 applies SSE-S3 (AES256)";

/** One default-encryption block: SSE-KMS (or dual-layer DSSE-KMS) under a customer key. */
const sseKmsDefault = (at: string, missing: string): EncryptedPart => ({
  at,
  missing,
  requires: [mustBeOneOf("sseAlgorithm", ["aws:kms", "aws:kms:dsse"])],
  key: "kmsMasterKeyId",
  withoutKey: "the AWS managed key aws/s3 is used",
});

const noConfiguration = (inline: string) =>
  "the bucket has no server-side encryption configuration: no aws:s3/bucketServerSideEncryptionConfiguration " +
  `resource targets it through its \`bucket\` input and its inline ${inline} sets no default encryption, so ${SSE_S3}`;

const CONFIGURATION_PARTS = [
  sseKmsDefault(
    "rules.applyServerSideEncryptionByDefault",
    `no rule sets applyServerSideEncryptionByDefault, so ${SSE_S3}`,
  ),
];

/** The buckets' legacy inline configuration, checked only when no configuration resource targets the bucket. */
const INLINE_PARTS: Readonly<Record<string, readonly EncryptedPart[]>> = {
  [BUCKET_TYPES[0]]: [
    sseKmsDefault(
      "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault",
      noConfiguration("serverSideEncryptionConfiguration"),
    ),
  ],
  [BUCKET_TYPES[1]]: [
    sseKmsDefault(
      "serverSideEncryptionConfigurations.rules.applyServerSideEncryptionByDefaults",
      noConfiguration("serverSideEncryptionConfigurations"),
    ),
  ],
};

/** URNs of the stack's buckets that a configuration resource targets (by dependency or literal name). */
export function configuredBuckets(graph: StackGraph): Set<string> {
  const buckets = graph.ofType(...BUCKET_TYPES);
  const byName = new Map(
    buckets.flatMap((b) => (knownString(b.props.bucket) ? [[b.props.bucket, b.urn] as const] : [])),
  );
  const configured = new Set<string>();
  for (const configuration of graph.ofType(...SSE_CONFIGURATION_TYPES)) {
    for (const source of graph.propertySources(configuration, "bucket")) {
      if ((BUCKET_TYPES as readonly string[]).includes(source.type)) configured.add(source.urn);
    }
    const name = configuration.props.bucket;
    const named = knownString(name) ? byName.get(name) : undefined;
    if (named) configured.add(named);
  }
  return configured;
}

function knownString(value: unknown): value is string {
  return typeof value === "string" && value !== "" && !isUnknown(value);
}

function checkS3(graph: StackGraph, config: CmkConfig): StackCheckResult {
  const resolver = new KeyResolver(graph, config.allowedKeys);
  const configured = configuredBuckets(graph);
  const unconfiguredBuckets = graph.ofType(...BUCKET_TYPES).filter((bucket) => !configured.has(bucket.urn));
  const findings = [
    ...graph
      .ofType(...SSE_CONFIGURATION_TYPES)
      .flatMap((c) => evaluateParts(c, CONFIGURATION_PARTS, resolver)),
    ...unconfiguredBuckets.flatMap((bucket) => evaluateParts(bucket, INLINE_PARTS[bucket.type], resolver)),
  ];
  return toCheckResult(findings, config);
}

export const encryptionS3Cmk: StackPolicyDefinition<CmkConfig> = {
  kind: "stack",
  name: "encryption-s3-cmk",
  displayName: "S3 buckets encrypted with a customer-managed KMS key",
  description:
    "Every S3 bucket has default encryption SSE-KMS (or DSSE-KMS) with a customer-managed key, through a " +
    "BucketServerSideEncryptionConfiguration resource or its inline configuration; a bucket without any is a violation.",
  area: "encryption",
  severity: "high",
  pci: ["3.5.1", "3.5.1.2", "3.6.1", "3.6.1.3"],
  remediationSteps:
    "Add an `aws.s3.BucketServerSideEncryptionConfiguration` with `bucket: bucket.id` and a rule " +
    '`applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }` (consider ' +
    "`bucketKeyEnabled: true` to reduce KMS requests). " +
    CMK_REMEDIATION,
  appliesTo: new Set([...BUCKET_TYPES, ...SSE_CONFIGURATION_TYPES]),
  configProperties: CMK_CONFIG_PROPERTIES,
  parseConfig: parseCmkConfig,
  examples: {
    compliant: `const key = new aws.kms.Key("bucket-key-test", { enableKeyRotation: true });
const bucket = new aws.s3.Bucket("statements-test");
new aws.s3.BucketServerSideEncryptionConfiguration("statements-sse-test", {
  bucket: bucket.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
});`,
    violating: `const bucket = new aws.s3.Bucket("statements-test"); // no encryption configuration at all
new aws.s3.BucketServerSideEncryptionConfiguration("statements-sse-test", {
  bucket: bucket.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});`,
  },
  check: ({ graph, config }) => checkS3(graph, config),
};
