/**
 * Policies on multi-language (remote) components, whose children only a plugin can build: they
 * judge the component's inputs while the children are not in the stack (offline), and stay silent
 * once the children are (under the Pulumi CLI the network policies judge those).
 */
import type { PolicyDefinition } from "../../lib/policy";
import { networkAwsxLbInternal } from "./network-awsx-lb-internal";
import { networkAwsxVpcPrivate } from "./network-awsx-vpc-private";

export const componentPolicies: PolicyDefinition[] = [
  networkAwsxVpcPrivate,
  networkAwsxLbInternal,
] as PolicyDefinition[];
