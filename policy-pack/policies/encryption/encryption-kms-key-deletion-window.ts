/**
 * A customer-managed KMS key scheduled for deletion waits the configured window first (PCI DSS
 * 3.7.5: keys are retired or destroyed by a controlled procedure; 3.6.1). Deleting a key destroys
 * every piece of data encrypted under it: the window is the time left to notice and cancel a
 * mistaken or malicious deletion. AWS accepts 7-30 days and uses 30 when the input is not set.
 */
import { PolicyConfigError, readNumber, type RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isUnknown, undecidable } from "../../lib/values";
import { describeValue, KMS_KEY_TYPES } from "./key-references";

export const AWS_DEFAULT_DELETION_WINDOW_DAYS = 30;

export interface DeletionWindowConfig {
  minDeletionWindowInDays: number;
  maxDeletionWindowInDays: number;
}

function parseConfig(raw: RawConfig): DeletionWindowConfig {
  const min = readNumber(raw, "minDeletionWindowInDays", { min: 7, max: 30 });
  const max = readNumber(raw, "maxDeletionWindowInDays", { min: 7, max: 30 });
  if (min > max)
    throw new PolicyConfigError(
      `'minDeletionWindowInDays' (${min}) must be <= 'maxDeletionWindowInDays' (${max})`,
    );
  return { minDeletionWindowInDays: min, maxDeletionWindowInDays: max };
}

export function checkDeletionWindow({ props, config }: ResourceCheckInput<DeletionWindowConfig>): Finding[] {
  const window = props.deletionWindowInDays ?? undefined;
  if (isUnknown(window)) return undecidable("deletionWindowInDays", window);
  const days = window ?? AWS_DEFAULT_DELETION_WINDOW_DAYS;
  const { minDeletionWindowInDays: min, maxDeletionWindowInDays: max } = config;
  if (typeof days === "number" && Number.isInteger(days) && days >= min && days <= max) return [];
  const shown =
    window === undefined
      ? `not set (AWS default ${AWS_DEFAULT_DELETION_WINDOW_DAYS} days)`
      : describeValue(window);
  return [
    {
      message: `deletionWindowInDays is ${shown}; expected a whole number of days between ${min} and ${max}.`,
    },
  ];
}

export const encryptionKmsKeyDeletionWindow: ResourcePolicyDefinition<DeletionWindowConfig> = {
  kind: "resource",
  name: "encryption-kms-key-deletion-window",
  displayName: "KMS key deletion window",
  description:
    "Customer-managed KMS keys (including replica and imported-material keys) keep a deletion window within the configured range.",
  area: "encryption",
  severity: "medium",
  pci: ["3.7.5", "3.6.1"],
  remediationSteps:
    "Set `deletionWindowInDays` on the key within the configured range (AWS allows 7-30; the default is 30), " +
    "and alarm on ScheduleKeyDeletion so a deletion can be cancelled within the window.",
  appliesTo: KMS_KEY_TYPES,
  configProperties: {
    minDeletionWindowInDays: {
      type: "number",
      minimum: 7,
      maximum: 30,
      default: 7,
      description: "Shortest accepted deletion window, in days.",
    },
    maxDeletionWindowInDays: {
      type: "number",
      minimum: 7,
      maximum: 30,
      default: 30,
      description: "Longest accepted deletion window, in days.",
    },
  },
  parseConfig,
  examples: {
    compliant: `new aws.kms.Key("data-key-test", { enableKeyRotation: true, deletionWindowInDays: 30 });`,
    violating: `new aws.kms.Key("data-key-test", { enableKeyRotation: true, deletionWindowInDays: 3 });`,
  },
  check: checkDeletionWindow,
};
