/**
 * Shared building blocks of the FinGuard reference stacks. Every component:
 * - takes a `ScenarioContext` (naming, tags, provider, account/region for known ARNs),
 * - names every resource `<scope>-<kind>-<environmentSuffix>` (logical and physical),
 * - parents its children to itself (pass `{ provider: ctx.provider }` at the top level),
 * - builds policy documents from values known during preview and checks them for least privilege.
 */
export * from "./api-gateway-account";
export * from "./context";
export * from "./iam";
export * from "./kms-key";
export * from "./least-privilege-role";
export * from "./log-group";
export * from "./naming";
export * from "./network-acl";
export * from "./node-function";
export * from "./private-vpc";
export * from "./secure-bucket";
export * from "./tagging";
export * from "./vpc-endpoints";
