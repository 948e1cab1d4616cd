import type { PolicyDefinition } from "../../lib/policy";

export const encryptionPolicies: PolicyDefinition[] = [];
