/**
 * Secure storage concern: the financial data bucket (SSE-KMS with the data key, versioning, old
 * versions to Glacier after 30 days, HTTPS-only, public access blocked, ACLs disabled) and the
 * data-steward role, the only human path to the data (MFA required).
 *
 * The bucket policy adds to SecureBucket's TLS-only statement: uploads must ask for SSE-KMS
 * (`s3:x-amz-server-side-encryption` = `aws:kms`), and object reads and writes are denied to every
 * principal other than the scanner and the steward role.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  LeastPrivilegeRole,
  SecureBucket,
  type KmsKey,
  type PolicyStatement,
  type ScenarioContext,
} from "../components";
import { RESTRICTED } from "./security";

export interface PiiStorageArgs {
  context: ScenarioContext;
  dataKey: KmsKey;
  glacierTransitionDays: number;
  noncurrentVersionExpirationDays: number;
  /** The role names allowed to read and write objects (besides the steward role created here). */
  readerRoleArns: pulumi.Input<string>[];
  stewardRoleArn: pulumi.Output<string>;
}

/** Kind (and so name) of the data-steward role; its ARN is needed before it exists (key and bucket policies). */
export const STEWARD_ROLE_KIND = "data-steward-role";

export class PiiStorage extends pulumi.ComponentResource {
  readonly dataBucket: SecureBucket;
  readonly stewardRole: LeastPrivilegeRole;

  constructor(name: string, args: PiiStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:financial-data-pii:Storage", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const namedRoles = [...args.readerRoleArns, args.stewardRoleArn];

    this.dataBucket = new SecureBucket(
      ctx.name("data"),
      {
        context: ctx,
        kind: "data",
        kmsKey: args.dataKey,
        purpose: "data",
        noncurrentVersionTransitions: [{ days: args.glacierTransitionDays, storageClass: "GLACIER" }],
        noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays,
        tags: { DataClassification: RESTRICTED },
        policyStatements: (refs): PolicyStatement[] => [
          {
            Sid: "DenyUnencryptedUploads",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: refs.objectsArn,
            Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
          },
          {
            Sid: "DenyObjectAccessToAllButNamedRoles",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            Resource: refs.objectsArn,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": namedRoles } },
          },
        ],
      },
      child,
    );

    this.stewardRole = new LeastPrivilegeRole(
      ctx.name(STEWARD_ROLE_KIND),
      {
        context: ctx,
        kind: STEWARD_ROLE_KIND,
        description: "Data stewards: upload and read financial data (MFA required)",
        trust: { sameAccount: true, conditions: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
        maxSessionDuration: 3600,
        statements: [
          {
            Sid: "ReadWriteFinancialData",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            Resource: pulumi.interpolate`${this.dataBucket.bucketArn}/*`,
          },
          {
            Sid: "ListFinancialData",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:ListBucketVersions"],
            Resource: this.dataBucket.bucketArn,
          },
          args.dataKey.useStatement(
            "UseDataKeyThroughS3",
            ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
            ["s3"],
          ),
        ],
      },
      child,
    );
    this.registerOutputs({ dataBucketName: this.dataBucket.bucketName });
  }
}
