import type { PolicyDefinition } from "../../lib/policy";

export const networkPolicies: PolicyDefinition[] = [];
