import type { PolicyDefinition } from "../../lib/policy";

export const lifecyclePolicies: PolicyDefinition[] = [];
