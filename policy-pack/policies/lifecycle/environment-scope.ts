/**
 * Which environments the destroyability policies apply to. Destroyability is hygiene for
 * ephemeral and non-production stacks, and it pulls against keeping production data and logs
 * (PCI DSS 10.5.1), so every lifecycle policy takes `environments`: glob patterns (`*`, `?`)
 * matched against the environment name. The name is the policy's `environment` setting, else the
 * stack config `environmentSuffix` (the naming convention's suffix), else the stack name.
 */
import { readString, readStringArray, type RawConfig } from "../../lib/config";
import { globToRegExp } from "../../lib/exemptions";
import type { Finding, JsonSchema, ResourceCheckInput } from "../../lib/policy";
import type { StackContext } from "../../lib/stack-context";

export interface EnvironmentScope {
  environments: RegExp[];
  /** Environment name set in the policy config; empty: derived from the stack. */
  environment: string;
}

export const ENVIRONMENT_SCOPE_SCHEMA: Record<string, JsonSchema> = {
  environments: {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: ["*"],
    description:
      'Environments the policy applies to: glob patterns (* and ?, case-sensitive), e.g. ["dev", "test", "pr-*"].',
  },
  environment: {
    type: "string",
    default: "",
    description: "This stack's environment name; empty: stack config environmentSuffix, else the stack name.",
  },
};

export function readEnvironmentScope(raw: RawConfig): EnvironmentScope {
  return {
    environments: readStringArray(raw, "environments").map(globToRegExp),
    environment: readString(raw, "environment") ?? "",
  };
}

export function environmentName(scope: EnvironmentScope, stack: StackContext): string {
  return scope.environment || stack.config("environmentSuffix") || stack.stack;
}

export function inScope(scope: EnvironmentScope, stack: StackContext): boolean {
  const name = environmentName(scope, stack);
  return scope.environments.some((pattern) => pattern.test(name));
}

/** Runs a resource check only in the environments the policy applies to. */
export function scoped<C extends EnvironmentScope>(
  check: (input: ResourceCheckInput<C>) => Finding[],
): (input: ResourceCheckInput<C>) => Finding[] {
  return (input) => (inScope(input.config, input.stack) ? check(input) : []);
}
