/**
 * Block, file, image and backup storage encrypts data at rest with a customer-managed KMS key
 * (PCI DSS 3.5.1, 3.5.1.2: a key whose policy the organisation controls, not transparent disk
 * encryption under an AWS key; 3.6.1, 3.6.1.3).
 *
 * EC2 root volumes: an instance without `rootBlockDevice` gets the AMI snapshot's encryption (often
 * none), so it must say how its root volume is encrypted, unless it is launched from a launch
 * template, whose own mappings this policy checks. Account-level EBS default encryption is not
 * taken into account: a preview cannot see it, and the evidence belongs on the resource.
 */
import { isUnknown } from "../../lib/values";
import { cmkPolicy, CMK_REMEDIATION } from "./cmk-policy";
import { flaggedKey, mustBeOneOf, type Applicability, type EncryptionSpec } from "./encryption-specs";

const AWS_EBS_KEY = "the AWS managed key aws/ebs (or the account's default EBS key) is used";

/** The instance's root volume is its own to configure unless a launch template provides it. */
const rootVolumeConfiguredHere: Applicability = {
  describe: "the instance sets rootBlockDevice or has no launchTemplate",
  test: (read) => {
    if (read("rootBlockDevice") !== undefined) return true;
    const template = read("launchTemplate");
    return isUnknown(template) ? "unknown" : template === undefined || template === null;
  },
};

const hasEbs: Applicability = {
  describe: "the mapping sets ebs",
  test: (read) => {
    const ebs = read("ebs");
    return ebs !== undefined && ebs !== null;
  },
};

export const STORAGE_SPECS: readonly EncryptionSpec[] = [
  { type: "aws:ebs/volume:Volume", parts: [flaggedKey("encrypted", "kmsKeyId", AWS_EBS_KEY)] },
  {
    type: "aws:ec2/instance:Instance",
    parts: [
      {
        ...flaggedKey("rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId", AWS_EBS_KEY),
        appliesWhen: rootVolumeConfiguredHere,
      },
      { at: "ebsBlockDevices", ...flaggedKey("encrypted", "kmsKeyId", AWS_EBS_KEY) },
    ],
  },
  {
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    parts: [
      {
        at: "blockDeviceMappings",
        appliesWhen: hasEbs,
        missing:
          "no blockDeviceMappings entry sets ebs, so volumes take the AMI snapshots' encryption (often none)",
        ...flaggedKey("ebs.encrypted", "ebs.kmsKeyId", AWS_EBS_KEY),
      },
    ],
  },
  {
    type: "aws:efs/fileSystem:FileSystem",
    parts: [flaggedKey("encrypted", "kmsKeyId", "the AWS managed key aws/elasticfilesystem is used")],
  },
  {
    type: "aws:ecr/repository:Repository",
    parts: [
      {
        at: "encryptionConfigurations",
        missing: "encryptionConfigurations is not set, so ECR encrypts images with AES256",
        requires: [mustBeOneOf("encryptionType", ["KMS", "KMS_DSSE"])],
        key: "kmsKey",
        withoutKey: "the AWS managed key aws/ecr is used",
      },
    ],
  },
  {
    type: "aws:backup/vault:Vault",
    parts: [{ key: "kmsKeyArn", withoutKey: "the AWS managed key aws/backup is used" }],
  },
];

export const encryptionStorageCmk = cmkPolicy(
  {
    name: "encryption-storage-cmk",
    displayName: "Volumes, file systems, images and backups encrypted with a customer-managed KMS key",
    description:
      "EBS volumes, EC2 root and EBS block devices, launch template EBS mappings, EFS file systems, ECR repositories " +
      "and Backup vaults encrypt data at rest with a customer-managed KMS key.",
    severity: "high",
    pci: ["3.5.1", "3.5.1.2", "3.6.1", "3.6.1.3"],
    remediationSteps: CMK_REMEDIATION,
    examples: {
      compliant: `const key = new aws.kms.Key("data-key-test", { enableKeyRotation: true });
new aws.ec2.Instance("app-test", { rootBlockDevice: { encrypted: true, kmsKeyId: key.arn }, /* ... */ });
new aws.ecr.Repository("images-test", { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }] });`,
      violating: `new aws.ebs.Volume("data-test", { availabilityZone: "us-east-1a", size: 10, encrypted: true /* aws/ebs */ });
new aws.ecr.Repository("images-test", {}); // AES256`,
    },
  },
  STORAGE_SPECS,
);
