import type { PolicyDefinition } from "../../lib/policy";

export const iamPolicies: PolicyDefinition[] = [];
