/** Building blocks for the encryption area's stack policy tests. */
import type { StackResourceCase } from "../../harness";
import { UNKNOWN, urnOf } from "../../harness";

export const KEY = "aws:kms/key:Key";
export const ALIAS = "aws:kms/alias:Alias";
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";
export const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const OTHER_ACCOUNT_KEY_ARN =
  "arn:aws:kms:us-east-1:999988887777:key/0000aaaa-0000-0000-0000-000000000000";

/** A KMS key of the stack, as a preview shows it before creation: its ARN unknown. */
export const stackKey = (name = "data-key"): StackResourceCase => ({
  type: KEY,
  name,
  props: { enableKeyRotation: true, arn: UNKNOWN, keyId: UNKNOWN },
});

export const stackAlias = (name: string, keyName: string): StackResourceCase => ({
  type: ALIAS,
  name,
  props: { name: `alias/${name}`, targetKeyId: UNKNOWN },
  propertyDependencies: { targetKeyId: [keyName] },
});

export const stackReference = (name = "central-keys"): StackResourceCase => ({
  type: STACK_REFERENCE,
  name,
  props: { name: "org/keys/prod", outputs: UNKNOWN },
});

/** A resource whose `property` input was built from the named cases. */
export const resource = (
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, string[]> = {},
): StackResourceCase => ({ type, name, props, propertyDependencies });

export const exemption = (type: string, name: string, extra: Record<string, unknown> = {}) => ({
  urn: urnOf(type, name),
  reason: "Migration to the central key in progress",
  expires: "2999-01-01",
  ticket: "RISK-7",
  ...extra,
});
