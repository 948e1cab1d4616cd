/**
 * Customer-managed KMS keys rotate automatically within the configured cryptoperiod (PCI DSS
 * 3.7.4: keys are changed at the end of their cryptoperiod; 3.6.1).
 *
 * AWS KMS rotates only symmetric ENCRYPT_DECRYPT keys held in AWS KMS itself. Asymmetric, HMAC and
 * custom key store keys cannot rotate automatically (AWS rejects `enableKeyRotation` for them):
 * their cryptoperiod is met by replacing the key, which a static check cannot see. They pass by
 * default; `allowNonRotatableKeys: false` makes them violations for teams that forbid them.
 *
 * A resource policy: everything it needs is in the key's own inputs. It defers only when the
 * rotation setting itself, or (without rotation) the key's type, is unknown during preview.
 */
import { readBoolean, readNumber, type RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isUnknown, undecidable, type Props } from "../../lib/values";
import { describeValue } from "./key-references";

/** AWS rotates every 365 days when `rotationPeriodInDays` is not set. */
export const AWS_DEFAULT_ROTATION_DAYS = 365;

export interface KeyRotationConfig {
  maxRotationPeriodInDays: number;
  allowNonRotatableKeys: boolean;
}

function parseConfig(raw: RawConfig): KeyRotationConfig {
  return {
    maxRotationPeriodInDays: readNumber(raw, "maxRotationPeriodInDays", { min: 90, max: 2560 }),
    allowNonRotatableKeys: readBoolean(raw, "allowNonRotatableKeys"),
  };
}

/** Settings (with their AWS defaults) that make a key impossible to rotate automatically. */
const NON_ROTATABLE_WHEN: ReadonlyArray<{ path: string; rotatable(value: unknown): boolean }> = [
  { path: "keyUsage", rotatable: (v) => v === undefined || v === "ENCRYPT_DECRYPT" },
  { path: "customerMasterKeySpec", rotatable: (v) => v === undefined || v === "SYMMETRIC_DEFAULT" },
  { path: "customKeyStoreId", rotatable: (v) => v === undefined || v === "" },
  { path: "xksKeyId", rotatable: (v) => v === undefined || v === "" },
];

export type Rotatability =
  { kind: "rotatable" } | { kind: "not-rotatable"; reason: string } | { kind: "unknown"; path: string };

/** Whether AWS can rotate the key automatically, from its usage, spec and key store. */
export function rotatability(props: Props): Rotatability {
  let unknownPath: string | undefined;
  for (const { path, rotatable } of NON_ROTATABLE_WHEN) {
    const value = props[path] ?? undefined;
    if (isUnknown(value)) unknownPath ??= path;
    else if (!rotatable(value))
      return { kind: "not-rotatable", reason: `${path} is ${describeValue(value)}` };
  }
  return unknownPath ? { kind: "unknown", path: unknownPath } : { kind: "rotatable" };
}

function checkRotationPeriod(props: Props, max: number): Finding[] {
  const period = props.rotationPeriodInDays ?? undefined;
  if (isUnknown(period)) return undecidable("rotationPeriodInDays", period);
  const days = period ?? AWS_DEFAULT_ROTATION_DAYS;
  if (typeof days !== "number" || !Number.isFinite(days)) {
    return [
      {
        id: "rotationPeriodInDays",
        message: `rotationPeriodInDays is ${describeValue(period)}; expected a number of days <= ${max}.`,
      },
    ];
  }
  if (days <= max) return [];
  const shown = period === undefined ? `not set (AWS default ${AWS_DEFAULT_ROTATION_DAYS} days)` : `${days}`;
  return [
    {
      id: "rotationPeriodInDays",
      message: `rotationPeriodInDays is ${shown}; expected at most ${max} days.`,
    },
  ];
}

export function checkKeyRotation({ props, config }: ResourceCheckInput<KeyRotationConfig>): Finding[] {
  const rotation = props.enableKeyRotation;
  const support = rotatability(props);
  if (support.kind === "not-rotatable") {
    if (config.allowNonRotatableKeys) return [];
    return [
      {
        id: "nonRotatable",
        message: `${support.reason}: AWS KMS cannot rotate this key automatically; expected a symmetric ENCRYPT_DECRYPT key in AWS KMS (allowNonRotatableKeys is false).`,
      },
    ];
  }
  if (rotation === true) return checkRotationPeriod(props, config.maxRotationPeriodInDays);
  if (isUnknown(rotation)) return undecidable("enableKeyRotation", rotation);
  if (support.kind === "unknown") return undecidable(support.path, props[support.path]);
  return [
    {
      id: "enableKeyRotation",
      message: `enableKeyRotation is ${describeValue(rotation)}; expected true (automatic rotation at most every ${config.maxRotationPeriodInDays} days).`,
    },
  ];
}

export const encryptionKmsKeyRotation: ResourcePolicyDefinition<KeyRotationConfig> = {
  kind: "resource",
  name: "encryption-kms-key-rotation",
  displayName: "KMS keys rotate automatically",
  description:
    "Symmetric customer-managed KMS keys have automatic rotation enabled, with a rotation period within the configured cryptoperiod.",
  area: "encryption",
  severity: "high",
  pci: ["3.7.4", "3.6.1"],
  remediationSteps:
    "Set `enableKeyRotation: true` on the `aws.kms.Key`, and `rotationPeriodInDays` (90-2560) no longer than the " +
    "configured maximum. Keys that cannot rotate automatically (asymmetric, HMAC, custom key stores) must be " +
    "replaced at the end of their cryptoperiod by a documented procedure.",
  appliesTo: new Set(["aws:kms/key:Key"]),
  configProperties: {
    maxRotationPeriodInDays: {
      type: "number",
      minimum: 90,
      maximum: 2560,
      default: AWS_DEFAULT_ROTATION_DAYS,
      description: "Longest accepted rotation period (the cryptoperiod), in days.",
    },
    allowNonRotatableKeys: {
      type: "boolean",
      default: true,
      description: "Accept keys that AWS cannot rotate automatically (asymmetric, HMAC, custom key stores).",
    },
  },
  parseConfig,
  examples: {
    compliant: `new aws.kms.Key("data-key-test", { enableKeyRotation: true, rotationPeriodInDays: 180 });`,
    violating: `new aws.kms.Key("data-key-test", {}); // rotation disabled by default`,
  },
  check: checkKeyRotation,
};
