import type { PolicyDefinition } from "../../lib/policy";
import { tagsRequired } from "./tags-required";

export const tagPolicies: PolicyDefinition[] = [tagsRequired as PolicyDefinition];
