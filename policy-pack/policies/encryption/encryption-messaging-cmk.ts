/**
 * Topics, queues and streams encrypt messages at rest with a customer-managed KMS key (PCI DSS
 * 3.5.1: account data in transit through a queue or stream is stored until consumed; 3.6.1,
 * 3.6.1.3). SQS-managed SSE (`sqsManagedSseEnabled`) uses SQS-owned keys: not customer-managed.
 *
 * A Firehose stream reading from a Kinesis stream cannot use server-side encryption: the source
 * stream's encryption (checked here too) protects that data.
 */
import { cmkPolicy, CMK_REMEDIATION } from "./cmk-policy";
import { mustBeOneOf, mustBeTrue, whenNotSet, type EncryptionSpec } from "./encryption-specs";

export const MESSAGING_SPECS: readonly EncryptionSpec[] = [
  {
    type: "aws:sns/topic:Topic",
    parts: [{ key: "kmsMasterKeyId", withoutKey: "messages are stored unencrypted" }],
  },
  {
    type: "aws:sqs/queue:Queue",
    parts: [
      {
        key: "kmsMasterKeyId",
        withoutKey: "messages use SQS-owned keys (sqsManagedSseEnabled) or no encryption",
      },
    ],
  },
  {
    type: "aws:kinesis/stream:Stream",
    parts: [
      {
        requires: [mustBeOneOf("encryptionType", ["KMS"])],
        key: "kmsKeyId",
        withoutKey: "records are not encrypted",
      },
    ],
  },
  {
    type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    parts: [
      {
        appliesWhen: whenNotSet("kinesisSourceConfiguration"),
        requires: [
          mustBeTrue("serverSideEncryption.enabled"),
          mustBeOneOf("serverSideEncryption.keyType", ["CUSTOMER_MANAGED_CMK"]),
        ],
        key: "serverSideEncryption.keyArn",
        withoutKey: "Firehose uses an AWS owned key",
      },
    ],
  },
];

export const encryptionMessagingCmk = cmkPolicy(
  {
    name: "encryption-messaging-cmk",
    displayName: "Topics, queues and streams encrypted with a customer-managed KMS key",
    description:
      "SNS topics, SQS queues, Kinesis streams and Firehose delivery streams encrypt messages at rest with a " +
      "customer-managed KMS key.",
    severity: "medium",
    pci: ["3.5.1", "3.6.1", "3.6.1.3"],
    remediationSteps: CMK_REMEDIATION,
    examples: {
      compliant: `const key = new aws.kms.Key("messaging-key-test", { enableKeyRotation: true });
new aws.sqs.Queue("payments-test", { kmsMasterKeyId: key.arn });
new aws.kinesis.Stream("events-test", { shardCount: 1, encryptionType: "KMS", kmsKeyId: key.arn });`,
      violating: `new aws.sqs.Queue("payments-test", { sqsManagedSseEnabled: true });
new aws.sns.Topic("alerts-test", { kmsMasterKeyId: "alias/aws/sns" });`,
    },
  },
  MESSAGING_SPECS,
);
