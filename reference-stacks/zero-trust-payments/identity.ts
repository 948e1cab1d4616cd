/**
 * IAM ABAC concern: the payments data-access role. Callers assume it with session tags
 * Environment, DataClassification and CostCenter; its policy grants S3, DynamoDB and Secrets
 * Manager access only where the resource's (or object's) tags equal the session's tags.
 */
import * as pulumi from "@pulumi/pulumi";
import { LeastPrivilegeRole, type KmsKey, type ScenarioContext } from "../components";
import { abacTrust, principalTag, resourceTagsMatchSession } from "./abac";
import type { ZtpData } from "./data";

export interface ZtpIdentityArgs {
  context: ScenarioContext;
  data: ZtpData;
  s3Key: KmsKey;
  dataKey: KmsKey;
  secretsKey: KmsKey;
}

export class ZtpIdentity extends pulumi.ComponentResource {
  readonly dataAccessRole: LeastPrivilegeRole;

  constructor(name: string, args: ZtpIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:zero-trust-payments:Identity", name, {}, opts);
    const ctx = args.context;
    const scope = ctx.naming.scope ?? "";
    const suffix = ctx.naming.environmentSuffix;
    const bucket = args.data.bucket;
    // The bucket's Environment and CostCenter come from the provider's default tags.
    const sessionMatchesBucket = {
      "aws:PrincipalTag/Environment": ctx.tags.Environment,
      "aws:PrincipalTag/CostCenter": ctx.tags.CostCenter,
    };

    this.dataAccessRole = new LeastPrivilegeRole(
      ctx.name("payments-data-access-role"),
      {
        context: ctx,
        kind: "payments-data-access-role",
        description: "Payments data access decided by session tags (ABAC)",
        trust: abacTrust(ctx, { requireMfa: false }),
        maxSessionDuration: 3600,
        statements: [
          {
            Sid: "ReadObjectsOfOwnClassification",
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: pulumi.interpolate`${bucket.bucketArn}/*`,
            Condition: {
              StringEquals: {
                ...sessionMatchesBucket,
                "s3:ExistingObjectTag/DataClassification": principalTag("DataClassification"),
              },
            },
          },
          {
            Sid: "WriteObjectsTaggedWithOwnClassification",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:PutObjectTagging"],
            Resource: pulumi.interpolate`${bucket.bucketArn}/*`,
            Condition: {
              StringEquals: {
                ...sessionMatchesBucket,
                "s3:RequestObjectTag/DataClassification": principalTag("DataClassification"),
              },
            },
          },
          {
            Sid: "ListPaymentDataBucket",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: bucket.bucketArn,
            Condition: { StringEquals: sessionMatchesBucket },
          },
          {
            Sid: "TablesWithMatchingTags",
            Effect: "Allow",
            Action: [
              "dynamodb:GetItem",
              "dynamodb:BatchGetItem",
              "dynamodb:Query",
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:ConditionCheckItem",
              "dynamodb:DescribeTable",
            ],
            Resource: [
              ctx.arn("dynamodb", `table/${scope}-*-${suffix}`),
              ctx.arn("dynamodb", `table/${scope}-*-${suffix}/index/*`),
            ],
            Condition: { StringEquals: resourceTagsMatchSession() },
          },
          {
            Sid: "SecretsWithMatchingTags",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: ctx.arn("secretsmanager", `secret:${scope}-*-${suffix}-??????`),
            Condition: { StringEquals: resourceTagsMatchSession() },
          },
          args.s3Key.useStatement(
            "UsePaymentDataKeyThroughS3",
            ["kms:Decrypt", "kms:GenerateDataKey"],
            ["s3"],
          ),
          args.dataKey.useStatement("UseTableKeyThroughDynamoDB", ["kms:Decrypt"], ["dynamodb"]),
          args.secretsKey.useStatement(
            "UseSecretsKeyThroughSecretsManager",
            ["kms:Decrypt"],
            ["secretsmanager"],
          ),
        ],
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
