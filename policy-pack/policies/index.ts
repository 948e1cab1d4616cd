/** The registry: every FinGuard policy, grouped by guardrail area. Order is the report order. */
import type { PolicyDefinition } from "../lib/policy";
import { componentPolicies } from "./components";
import { encryptionPolicies } from "./encryption";
import { iamPolicies } from "./iam";
import { lifecyclePolicies } from "./lifecycle";
import { loggingPolicies } from "./logging";
import { namingPolicies } from "./naming";
import { networkPolicies } from "./network";
import { tagPolicies } from "./tags";

export const ALL_POLICIES: readonly PolicyDefinition[] = [
  ...tagPolicies,
  ...namingPolicies,
  ...encryptionPolicies,
  ...networkPolicies,
  ...componentPolicies,
  ...loggingPolicies,
  ...lifecyclePolicies,
  ...iamPolicies,
];
