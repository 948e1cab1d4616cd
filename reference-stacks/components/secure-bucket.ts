/**
 * An S3 bucket with every guardrail built in: SSE-KMS with a customer-managed key through a
 * separate BucketServerSideEncryptionConfiguration (aws v7 style), bucket keys, all public access
 * blocked, ACLs disabled (BucketOwnerEnforced), versioning, a TLS-only bucket policy, a lifecycle
 * configuration, and `forceDestroy` so the stack can always be torn down.
 *
 * Log buckets (`purpose: "logs"`) must expire objects after at least 90 days (PCI DSS 10.5.1 keeps
 * three months immediately available; the remaining nine months belong in an archive tier or a
 * central log account, see the scenario docs).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import { assertLeastPrivilege, denyInsecureTransport, policyJson, type PolicyStatement } from "./iam";
import type { KmsKey } from "./kms-key";
import { resourceTags } from "./tagging";

/** Minimum expiration of log buckets (guardrail). */
export const MIN_LOG_RETENTION_DAYS = 90;

export interface BucketPolicyRefs {
  /** Bucket name, known during preview. */
  bucketName: pulumi.Output<string>;
  /** `arn:<partition>:s3:::<bucket>`, known during preview. */
  bucketArn: pulumi.Output<string>;
  /** `<bucketArn>/*`. */
  objectsArn: pulumi.Output<string>;
}

export interface SecureBucketArgs {
  context: ScenarioContext;
  /** Kind of the bucket; the name is `<scope>-<kind>-<account>-<region>-<suffix>`. */
  kind: string;
  /**
   * The bucket's customer-managed key, or `"SSE-S3"` where an AWS service delivers only to
   * S3-managed encryption (Elastic Load Balancing access logs). An SSE-S3 bucket fails the pack's
   * encryption-s3-cmk: it needs a scoped, expiring exemption in the scenario's policy config.
   */
  kmsKey: KmsKey | "SSE-S3";
  /** `logs` enforces an expiration of at least 90 days. */
  purpose: "logs" | "data";
  /** Days after which current objects expire. Required for log buckets; none for data by default. */
  expirationDays?: number;
  /** Days after which noncurrent versions expire (default: expirationDays, else 90). */
  noncurrentVersionExpirationDays?: number;
  /** Storage-class transitions of current objects (e.g. `INTELLIGENT_TIERING` after 0 days). */
  transitions?: BucketTransition[];
  /** Storage-class transitions of noncurrent versions (e.g. `GLACIER` after 30 days). */
  noncurrentVersionTransitions?: BucketTransition[];
  /** Additional bucket policy statements, built from the known refs. */
  policyStatements?: (refs: BucketPolicyRefs) => PolicyStatement[];
  tags?: Record<string, string>;
}

/** A lifecycle transition: objects (or noncurrent versions) move to `storageClass` after `days`. */
export interface BucketTransition {
  days: number;
  storageClass:
    "STANDARD_IA" | "ONEZONE_IA" | "INTELLIGENT_TIERING" | "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE";
}

export class SecureBucketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecureBucketError";
  }
}

export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly ownership: aws.s3.BucketOwnershipControls;
  readonly versioning: aws.s3.BucketVersioning;
  readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
  readonly policy: aws.s3.BucketPolicy;
  /** Bucket name, known during preview. */
  readonly bucketName: pulumi.Output<string>;
  /** Bucket ARN, known during preview. */
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:components:SecureBucket", name, {}, opts);
    const ctx = args.context;
    ctx.requireSuffix(name, "Logical name");
    const logicalName = ctx.name(args.kind);
    const expirationDays = args.expirationDays;
    if (args.purpose === "logs") {
      if (expirationDays === undefined || expirationDays < MIN_LOG_RETENTION_DAYS) {
        throw new SecureBucketError(
          `Log bucket ${logicalName} must expire objects after at least ${MIN_LOG_RETENTION_DAYS} days, got ${expirationDays}.`,
        );
      }
    }
    if (expirationDays !== undefined && (!Number.isInteger(expirationDays) || expirationDays < 1)) {
      throw new SecureBucketError(`expirationDays must be a positive integer, got ${expirationDays}.`);
    }
    const noncurrentDays = args.noncurrentVersionExpirationDays ?? expirationDays ?? MIN_LOG_RETENTION_DAYS;
    const checkTransitions = (transitions: BucketTransition[], expiresAfter: number | undefined) => {
      for (const t of transitions) {
        if (
          !Number.isInteger(t.days) ||
          t.days < 0 ||
          (expiresAfter !== undefined && t.days >= expiresAfter)
        ) {
          throw new SecureBucketError(
            `Transition to ${t.storageClass} after ${t.days} days must be a whole number below the expiration (${expiresAfter}).`,
          );
        }
      }
    };
    checkTransitions(args.transitions ?? [], expirationDays);
    checkTransitions(args.noncurrentVersionTransitions ?? [], noncurrentDays);

    this.bucketName = ctx.globalName(args.kind);
    this.bucketArn = pulumi.interpolate`arn:${ctx.partition}:s3:::${this.bucketName}`;
    const refs: BucketPolicyRefs = {
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      objectsArn: pulumi.interpolate`${this.bucketArn}/*`,
    };
    const child = { parent: this };

    this.bucket = new aws.s3.Bucket(
      logicalName,
      {
        bucket: this.bucketName,
        forceDestroy: true,
        objectLockEnabled: false,
        tags: resourceTags(logicalName, args.tags),
      },
      child,
    );
    const bucketId = this.bucket.id;
    this.ownership = new aws.s3.BucketOwnershipControls(
      `${logicalName}-ownership`,
      { bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${logicalName}-public-access-block`,
      {
        bucket: bucketId,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${logicalName}-encryption`,
      {
        bucket: bucketId,
        rules: [
          args.kmsKey === "SSE-S3"
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
            : {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: args.kmsKey.arn,
                },
                bucketKeyEnabled: true,
              },
        ],
      },
      child,
    );
    this.versioning = new aws.s3.BucketVersioning(
      `${logicalName}-versioning`,
      { bucket: bucketId, versioningConfiguration: { status: "Enabled" } },
      child,
    );
    this.lifecycle = new aws.s3.BucketLifecycleConfiguration(
      `${logicalName}-lifecycle`,
      {
        bucket: bucketId,
        rules: [
          {
            id:
              expirationDays !== undefined
                ? `expire-after-${expirationDays}-days`
                : "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            expiration: expirationDays !== undefined ? { days: expirationDays } : undefined,
            noncurrentVersionExpiration: { noncurrentDays },
            transitions: args.transitions?.map((t) => ({ days: t.days, storageClass: t.storageClass })),
            noncurrentVersionTransitions: args.noncurrentVersionTransitions?.map((t) => ({
              noncurrentDays: t.days,
              storageClass: t.storageClass,
            })),
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this, dependsOn: [this.versioning] },
    );

    const statements: PolicyStatement[] = [
      denyInsecureTransport([refs.bucketArn, refs.objectsArn]),
      ...(args.policyStatements?.(refs) ?? []),
    ];
    assertLeastPrivilege(statements, { context: `bucket policy of ${logicalName}` });
    this.policy = new aws.s3.BucketPolicy(
      `${logicalName}-policy`,
      { bucket: bucketId, policy: policyJson(statements) },
      { parent: this, dependsOn: [this.publicAccessBlock, this.ownership] },
    );
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }

  /** Resources that must exist before a service starts writing (policy, encryption, ownership). */
  get readyDependencies(): pulumi.Resource[] {
    return [this.policy, this.encryption, this.ownership, this.publicAccessBlock];
  }
}

/** Bucket policy statements that let the CloudTrail trail `trailArn` write to `cloudtrail/AWSLogs/<account>/`. */
export function cloudTrailDeliveryStatements(
  ctx: ScenarioContext,
  bucketArn: pulumi.Input<string>,
  trailArn: pulumi.Input<string>,
): PolicyStatement[] {
  return [
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: ctx.servicePrincipal("cloudtrail") },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: ctx.servicePrincipal("cloudtrail") },
      Action: "s3:PutObject",
      Resource: pulumi.interpolate`${bucketArn}/cloudtrail/AWSLogs/${ctx.accountId}/*`,
      Condition: {
        StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" },
      },
    },
  ];
}
