import type { PolicyDefinition } from "../../lib/policy";
import { encryptionDatabaseCmk } from "./encryption-database-cmk";
import { encryptionKmsKeyDeletionWindow } from "./encryption-kms-key-deletion-window";
import { encryptionKmsKeyRotation } from "./encryption-kms-key-rotation";
import { encryptionLogCmk } from "./encryption-log-cmk";
import { encryptionMessagingCmk } from "./encryption-messaging-cmk";
import { encryptionS3Cmk } from "./encryption-s3-cmk";
import { encryptionSecretsCmk } from "./encryption-secrets-cmk";
import { encryptionStorageCmk } from "./encryption-storage-cmk";
import { kmsKeyPolicyRestricted } from "./encryption-kms-key-policy-restricted";

export const encryptionPolicies: PolicyDefinition[] = [
  encryptionKmsKeyRotation as PolicyDefinition,
  encryptionKmsKeyDeletionWindow as PolicyDefinition,
  kmsKeyPolicyRestricted as PolicyDefinition,
  encryptionS3Cmk as PolicyDefinition,
  encryptionDatabaseCmk as PolicyDefinition,
  encryptionStorageCmk as PolicyDefinition,
  encryptionSecretsCmk as PolicyDefinition,
  encryptionMessagingCmk as PolicyDefinition,
  encryptionLogCmk as PolicyDefinition,
];
