/**
 * Audit logs are encrypted with a customer-managed KMS key (PCI DSS 10.3.2: audit logs are
 * protected from unauthorized modification, and a key policy restricts who can read them; 3.5.1
 * when logs may carry account data; 3.6.1). CloudWatch Logs without `kmsKeyId` uses
 * service-owned keys; CloudTrail without `kmsKeyId` relies on its bucket's SSE only.
 */
import { cmkPolicy, CMK_REMEDIATION } from "./cmk-policy";
import type { EncryptionSpec } from "./encryption-specs";

export const LOG_SPECS: readonly EncryptionSpec[] = [
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    parts: [{ key: "kmsKeyId", withoutKey: "CloudWatch Logs encrypts with service-owned keys" }],
  },
  {
    type: "aws:cloudtrail/trail:Trail",
    parts: [
      { key: "kmsKeyId", withoutKey: "log files are protected only by the bucket's server-side encryption" },
    ],
  },
];

export const encryptionLogCmk = cmkPolicy(
  {
    name: "encryption-log-cmk",
    displayName: "Audit logs encrypted with a customer-managed KMS key",
    description: "CloudWatch log groups and CloudTrail trails encrypt logs with a customer-managed KMS key.",
    severity: "medium",
    pci: ["10.3.2", "3.5.1", "3.6.1"],
    remediationSteps:
      CMK_REMEDIATION +
      " The key policy must allow the service principal (logs.<region>.amazonaws.com or cloudtrail.amazonaws.com) to use the key.",
    examples: {
      compliant: `const key = new aws.kms.Key("logs-key-test", { enableKeyRotation: true, policy: logsKeyPolicy });
new aws.cloudwatch.LogGroup("app-logs-test", { retentionInDays: 365, kmsKeyId: key.arn });`,
      violating: `new aws.cloudwatch.LogGroup("app-logs-test", { retentionInDays: 365 }); // service-owned keys`,
    },
  },
  LOG_SPECS,
);
