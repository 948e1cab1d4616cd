/**
 * Secrets concern: the database credentials in Secrets Manager (secrets key), rotated every 30
 * days by a Lambda function implementing the four-step rotation protocol.
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NodeFunction, resourceTags, type KmsKey, type ScenarioContext } from "../components";
import type { DatabaseSettings } from "./config";
import { RESTRICTED } from "./data";
import { HTTPS_PORT, POSTGRES_PORT, type ZtpNetworking } from "./networking";

export const SECRET_ROTATION_HANDLER_ENTRY = path.join(__dirname, "functions", "rotate-db-secret.ts");

export interface ZtpSecretsArgs {
  context: ScenarioContext;
  networking: ZtpNetworking;
  secretsKey: KmsKey;
  logsKey: KmsKey;
  database: DatabaseSettings;
  databaseMode: "none" | "postgres";
  rotationDays: number;
  recoveryWindowInDays: number;
  logRetentionDays: number;
}

export class ZtpSecrets extends pulumi.ComponentResource {
  readonly secret: aws.secretsmanager.Secret;
  readonly secretName: string;
  /** `arn:...:secret:<name>-??????` (Secrets Manager appends 6 random characters). */
  readonly secretArnPattern: pulumi.Output<string>;
  readonly initialVersion: aws.secretsmanager.SecretVersion;
  readonly rotationFunction: NodeFunction;
  readonly rotation: aws.secretsmanager.SecretRotation;

  constructor(name: string, args: ZtpSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:zero-trust-payments:Secrets", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    if (
      args.recoveryWindowInDays !== 0 &&
      (args.recoveryWindowInDays < 7 || args.recoveryWindowInDays > 30)
    ) {
      throw new Error(`secretRecoveryWindowInDays must be 0 or 7-30, got ${args.recoveryWindowInDays}.`);
    }
    if (!Number.isInteger(args.rotationDays) || args.rotationDays < 1 || args.rotationDays > 1000) {
      throw new Error(`secretRotationDays must be an integer from 1 to 1000, got ${args.rotationDays}.`);
    }

    this.secretName = ctx.name("db-credentials");
    this.secretArnPattern = ctx.arn("secretsmanager", `secret:${this.secretName}-??????`);
    this.secret = new aws.secretsmanager.Secret(
      this.secretName,
      {
        name: this.secretName,
        description: "Payments database credentials (rotated every 30 days)",
        kmsKeyId: args.secretsKey.arn,
        recoveryWindowInDays: args.recoveryWindowInDays,
        tags: resourceTags(this.secretName, { DataClassification: RESTRICTED }),
      },
      child,
    );
    // Seed version; the first rotation (rotateImmediately) replaces the password right away, so
    // the value kept in Pulumi's (encrypted) state is never the live credential for long.
    this.initialVersion = new aws.secretsmanager.SecretVersion(
      ctx.name("db-credentials-initial"),
      {
        secretId: this.secret.id,
        secretString: pulumi.secret(
          JSON.stringify({
            engine: "postgres",
            ...args.database,
            password: randomBytes(24).toString("base64url"),
          }),
        ),
      },
      { parent: this, ignoreChanges: ["secretString", "versionStages"] },
    );

    const net = args.networking;
    this.rotationFunction = new NodeFunction(
      ctx.name("db-secret-rotation"),
      {
        context: ctx,
        kind: "db-secret-rotation",
        description: "Rotates the payments database credentials (Secrets Manager four-step protocol)",
        entry: SECRET_ROTATION_HANDLER_ENTRY,
        environment: { DATABASE_MODE: args.databaseMode, PASSWORD_LENGTH: "32" },
        environmentKey: args.secretsKey,
        logsKey: args.logsKey,
        logRetentionInDays: args.logRetentionDays,
        network: net.vpc,
        egress: [
          {
            description: "HTTPS to the Secrets Manager endpoint",
            protocol: "tcp",
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            cidrBlocks: [net.vpc.cidrBlock],
          },
          {
            description: "PostgreSQL",
            protocol: "tcp",
            fromPort: POSTGRES_PORT,
            toPort: POSTGRES_PORT,
            securityGroups: [net.databaseSecurityGroup.id],
          },
        ],
        statements: [
          {
            Sid: "RotateDatabaseSecret",
            Effect: "Allow",
            Action: [
              "secretsmanager:DescribeSecret",
              "secretsmanager:GetSecretValue",
              "secretsmanager:PutSecretValue",
              "secretsmanager:UpdateSecretVersionStage",
            ],
            Resource: this.secretArnPattern,
          },
          {
            Sid: "GenerateRandomPassword",
            Effect: "Allow",
            Action: ["secretsmanager:GetRandomPassword"],
            Resource: "*",
          },
          args.secretsKey.useStatement(
            "UseSecretsKey",
            ["kms:Decrypt", "kms:GenerateDataKey"],
            ["secretsmanager"],
          ),
        ],
        timeout: 30,
        dependsOn: net.endpoints.all,
      },
      child,
    );
    net.allowDatabaseFrom("secret-rotation", this.rotationFunction.securityGroup);
    const permission = this.rotationFunction.allowInvocation(
      "db-secret-rotation-invoke",
      ctx.servicePrincipal("secretsmanager"),
      this.secret.arn,
    );
    this.rotation = new aws.secretsmanager.SecretRotation(
      ctx.name("db-credentials-rotation"),
      {
        secretId: this.secret.id,
        rotationLambdaArn: this.rotationFunction.function.arn,
        rotationRules: { automaticallyAfterDays: args.rotationDays },
        rotateImmediately: true,
      },
      { parent: this, dependsOn: [permission, this.initialVersion] },
    );
    this.registerOutputs({ secretName: this.secretName });
  }
}
