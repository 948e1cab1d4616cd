/**
 * Secure access concern: Session Manager instead of SSH keys and bastions. A session document
 * (logs to CloudWatch and S3, KMS-encrypted sessions, no run-as), an SSM-managed workload
 * instance without key pair or public IP (IMDSv2, encrypted root volume), and an operator role
 * that may start sessions only on instances whose tags match its session tags.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LeastPrivilegeRole, resourceTags, type KmsKey, type ScenarioContext } from "../components";
import { abacTrust, resourceTagsMatchSession } from "./abac";
import { RESTRICTED } from "./data";
import type { ZtpMonitoring } from "./monitoring";
import type { ZtpNetworking } from "./networking";

export const AL2023_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
export const SESSION_S3_PREFIX = "sessions";

export interface ZtpAccessArgs {
  context: ScenarioContext;
  networking: ZtpNetworking;
  monitoring: ZtpMonitoring;
  logsKey: KmsKey;
  s3Key: KmsKey;
  dataKey: KmsKey;
  createWorkloadInstance: boolean;
  instanceType: string;
}

export class ZtpAccess extends pulumi.ComponentResource {
  readonly sessionDocument: aws.ssm.Document;
  readonly sessionDocumentName: string;
  readonly instanceRole: LeastPrivilegeRole;
  readonly instanceProfile: aws.iam.InstanceProfile;
  readonly instance?: aws.ec2.Instance;
  readonly operatorRole: LeastPrivilegeRole;

  constructor(name: string, args: ZtpAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:zero-trust-payments:Access", name, {}, opts);
    const ctx = args.context;
    const child = { parent: this };
    const audit = args.monitoring.auditBucket;
    const sessionLogs = args.monitoring.sessionLogGroup;

    this.sessionDocumentName = ctx.name("session-preferences");
    const sessionDocumentArn = ctx.arn("ssm", `document/${this.sessionDocumentName}`);
    this.sessionDocument = new aws.ssm.Document(
      this.sessionDocumentName,
      {
        name: this.sessionDocumentName,
        documentType: "Session",
        documentFormat: "JSON",
        content: pulumi.jsonStringify({
          schemaVersion: "1.0",
          description: "Payments Session Manager preferences: logged to CloudWatch and S3, KMS-encrypted",
          sessionType: "Standard_Stream",
          inputs: {
            s3BucketName: audit.bucketName,
            s3KeyPrefix: SESSION_S3_PREFIX,
            s3EncryptionEnabled: true,
            cloudWatchLogGroupName: sessionLogs.logGroupName,
            cloudWatchEncryptionEnabled: true,
            cloudWatchStreamingEnabled: true,
            kmsKeyId: args.logsKey.arn,
            runAsEnabled: false,
            runAsDefaultUser: "",
            idleSessionTimeout: "20",
            maxSessionDuration: "60",
            shellProfile: { linux: "", windows: "" },
          },
        }),
        tags: resourceTags(this.sessionDocumentName),
      },
      { parent: this, dependsOn: [...audit.readyDependencies, sessionLogs] },
    );

    // The instance's minimal Session Manager permissions (AWS's "Session Manager only" policy),
    // instead of AmazonSSMManagedInstanceCore, which also reads every parameter of the account.
    this.instanceRole = new LeastPrivilegeRole(
      ctx.name("workload-instance-role"),
      {
        context: ctx,
        kind: "workload-instance-role",
        description: "Payments workload instance: Session Manager and session logging only",
        trust: { services: [ctx.servicePrincipal("ec2")] },
        statements: [
          {
            Sid: "RegisterWithSystemsManager",
            Effect: "Allow",
            Action: ["ssm:UpdateInstanceInformation"],
            Resource: ctx.arn("ec2", "instance/*"),
          },
          {
            Sid: "SessionChannels",
            Effect: "Allow",
            Action: [
              "ssmmessages:CreateControlChannel",
              "ssmmessages:CreateDataChannel",
              "ssmmessages:OpenControlChannel",
              "ssmmessages:OpenDataChannel",
              "ec2messages:AcknowledgeMessage",
              "ec2messages:DeleteMessage",
              "ec2messages:FailMessage",
              "ec2messages:GetEndpoint",
              "ec2messages:GetMessages",
              "ec2messages:SendReply",
            ],
            Resource: "*",
          },
          {
            Sid: "WriteSessionTranscriptsToS3",
            Effect: "Allow",
            Action: ["s3:PutObject"],
            Resource: pulumi.interpolate`${audit.bucketArn}/${SESSION_S3_PREFIX}/*`,
          },
          {
            Sid: "CheckAuditBucketEncryption",
            Effect: "Allow",
            Action: ["s3:GetEncryptionConfiguration"],
            Resource: audit.bucketArn,
          },
          {
            Sid: "StreamSessionsToCloudWatch",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [sessionLogs.logGroupArn, sessionLogs.streamsArn],
          },
          { Sid: "FindSessionLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
          args.logsKey.useStatement("DecryptSessionData", ["kms:Decrypt"]),
          args.s3Key.useStatement("EncryptSessionTranscripts", ["kms:GenerateDataKey"], ["s3"]),
        ],
      },
      child,
    );
    const profileName = ctx.name("workload-instance-profile");
    this.instanceProfile = new aws.iam.InstanceProfile(
      profileName,
      { name: profileName, role: this.instanceRole.role.name, tags: resourceTags(profileName) },
      { parent: this, dependsOn: this.instanceRole.readyDependencies },
    );

    if (args.createWorkloadInstance) {
      const ami = aws.ssm.getParameterOutput({ name: AL2023_AMI_PARAMETER }, { parent: this });
      const instanceName = ctx.name("payments-workload");
      this.instance = new aws.ec2.Instance(
        instanceName,
        {
          ami: pulumi.unsecret(ami.value),
          instanceType: args.instanceType,
          subnetId: args.networking.vpc.subnetIds[0],
          vpcSecurityGroupIds: [args.networking.workloadSecurityGroup.id],
          iamInstanceProfile: this.instanceProfile.name,
          associatePublicIpAddress: false,
          monitoring: true,
          disableApiTermination: false,
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
          rootBlockDevice: {
            encrypted: true,
            kmsKeyId: args.dataKey.arn,
            volumeType: "gp3",
            volumeSize: 8,
            deleteOnTermination: true,
          },
          tags: resourceTags(instanceName, { DataClassification: RESTRICTED }),
          volumeTags: resourceTags(instanceName, { DataClassification: RESTRICTED }),
        },
        { parent: this, dependsOn: [...args.networking.endpoints.all, this.sessionDocument] },
      );
    }

    // Operators: MFA, session tags required; sessions only on instances whose tags match theirs,
    // only through the logged session document.
    this.operatorRole = new LeastPrivilegeRole(
      ctx.name("session-operator-role"),
      {
        context: ctx,
        kind: "session-operator-role",
        description: "Session Manager operators (ABAC on session tags, logged sessions only)",
        trust: abacTrust(ctx, { requireMfa: true }),
        maxSessionDuration: 3600,
        statements: [
          {
            Sid: "StartSessionsOnMatchingInstances",
            Effect: "Allow",
            Action: ["ssm:StartSession"],
            Resource: ctx.arn("ec2", "instance/*"),
            Condition: {
              StringEquals: resourceTagsMatchSession("ssm:resourceTag"),
              BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" },
            },
          },
          {
            Sid: "UseLoggedSessionDocument",
            Effect: "Allow",
            Action: ["ssm:StartSession"],
            Resource: sessionDocumentArn,
          },
          {
            Sid: "ManageOwnSessions",
            Effect: "Allow",
            Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
            Resource: ctx.arn("ssm", "session/${aws:userid}-*"),
          },
          {
            Sid: "ConnectionStatusOfMatchingInstances",
            Effect: "Allow",
            Action: ["ssm:GetConnectionStatus"],
            Resource: ctx.arn("ec2", "instance/*"),
            Condition: { StringEquals: resourceTagsMatchSession("ssm:resourceTag") },
          },
          {
            Sid: "ListSessionsAndInstances",
            Effect: "Allow",
            Action: [
              "ssm:DescribeSessions",
              "ssm:DescribeInstanceInformation",
              "ssm:DescribeInstanceProperties",
            ],
            Resource: "*",
          },
          args.logsKey.useStatement("EncryptSessionData", ["kms:GenerateDataKey"]),
        ],
      },
      child,
    );
    this.registerOutputs({ sessionDocumentName: this.sessionDocumentName });
  }
}
