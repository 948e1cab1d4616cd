import type { PolicyDefinition } from "../../lib/policy";
import { iamNoAdminManagedPolicies } from "./iam-no-admin-managed-policies";
import { iamNoNotActionNotResource } from "./iam-no-not-action-not-resource";
import { iamNoPublicPrincipal } from "./iam-no-public-principal";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { iamPassRoleScoped } from "./iam-passrole-scoped";
import { iamResourceWildcardScoped } from "./iam-resource-wildcard-scoped";
import { iamUnknownActions } from "./iam-unknown-actions";

export const iamPolicies: PolicyDefinition[] = [
  iamNoWildcardActions as PolicyDefinition,
  iamNoNotActionNotResource as PolicyDefinition,
  iamResourceWildcardScoped as PolicyDefinition,
  iamPassRoleScoped as PolicyDefinition,
  iamNoPublicPrincipal as PolicyDefinition,
  iamNoAdminManagedPolicies as PolicyDefinition,
  iamUnknownActions as PolicyDefinition,
];
