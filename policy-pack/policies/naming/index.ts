import type { PolicyDefinition } from "../../lib/policy";

export const namingPolicies: PolicyDefinition[] = [];
