import type { PolicyDefinition } from "../../lib/policy";

export const loggingPolicies: PolicyDefinition[] = [];
