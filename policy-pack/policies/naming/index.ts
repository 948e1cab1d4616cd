import type { PolicyDefinition } from "../../lib/policy";
import { namingEnvironmentSuffix } from "./naming-environment-suffix";

export const namingPolicies: PolicyDefinition[] = [namingEnvironmentSuffix as PolicyDefinition];
