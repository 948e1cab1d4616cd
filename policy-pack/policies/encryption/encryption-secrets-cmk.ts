/**
 * Secrets are encrypted with a customer-managed KMS key: SSM SecureString parameters, Secrets
 * Manager secrets (and their replicas) and Lambda environment variables (PCI DSS 3.6.1.2: secret
 * and private keys are stored encrypted with a key-encrypting key whose access is controlled;
 * 3.6.1, 3.6.1.3, 3.5.1). An AWS managed key (aws/ssm, aws/secretsmanager, aws/lambda) lets any
 * principal of the account with access to the service decrypt.
 *
 * SSM parameters of type String/StringList are not encrypted at all and are out of scope here.
 */
import { cmkPolicy, CMK_REMEDIATION } from "./cmk-policy";
import { whenEquals, whenHasEntries, type EncryptionSpec } from "./encryption-specs";

export const SECRETS_SPECS: readonly EncryptionSpec[] = [
  {
    type: "aws:ssm/parameter:Parameter",
    parts: [
      {
        appliesWhen: whenEquals("type", "SecureString"),
        key: "keyId",
        withoutKey: "the AWS managed key aws/ssm is used",
      },
    ],
  },
  {
    type: "aws:secretsmanager/secret:Secret",
    parts: [
      { key: "kmsKeyId", withoutKey: "the AWS managed key aws/secretsmanager is used" },
      {
        at: "replicas",
        key: "kmsKeyId",
        withoutKey: "the replica uses the AWS managed key aws/secretsmanager of its region",
      },
    ],
  },
  {
    type: "aws:lambda/function:Function",
    parts: [
      {
        appliesWhen: whenHasEntries("environment.variables"),
        key: "kmsKeyArn",
        withoutKey: "environment variables are encrypted with the AWS managed key aws/lambda",
      },
    ],
  },
];

export const encryptionSecretsCmk = cmkPolicy(
  {
    name: "encryption-secrets-cmk",
    displayName: "Secrets encrypted with a customer-managed KMS key",
    description:
      "SSM SecureString parameters, Secrets Manager secrets and their replicas, and Lambda functions with " +
      "environment variables use a customer-managed KMS key.",
    severity: "high",
    pci: ["3.6.1.2", "3.6.1", "3.6.1.3", "3.5.1"],
    remediationSteps: CMK_REMEDIATION,
    examples: {
      compliant: `const key = new aws.kms.Key("secrets-key-test", { enableKeyRotation: true });
new aws.ssm.Parameter("db-password-test", { type: "SecureString", value: password, keyId: key.arn });
new aws.secretsmanager.Secret("api-token-test", { kmsKeyId: key.arn });`,
      violating: `new aws.ssm.Parameter("db-password-test", { type: "SecureString", value: password }); // aws/ssm
new aws.lambda.Function("worker-test", { environment: { variables: { MODE: "x" } }, /* no kmsKeyArn */ });`,
    },
  },
  SECRETS_SPECS,
);
