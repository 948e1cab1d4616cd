import type { PolicyDefinition } from "../../lib/policy";
import { logBucketLifecycle } from "./log-bucket-lifecycle";
import { logGroupRetention } from "./log-group-retention";

export const loggingPolicies: PolicyDefinition[] = [
  logGroupRetention as PolicyDefinition,
  logBucketLifecycle as PolicyDefinition,
];
