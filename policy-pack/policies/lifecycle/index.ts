import type { PolicyDefinition } from "../../lib/policy";
import { destroyableData } from "./destroyable-data";
import { noDeletionProtection } from "./no-deletion-protection";
import { noProtect } from "./no-protect";

export const lifecyclePolicies: PolicyDefinition[] = [
  noProtect as PolicyDefinition,
  noDeletionProtection as PolicyDefinition,
  destroyableData as PolicyDefinition,
];
