/**
 * The environment suffix every name must carry, and where it came from (messages say so, because a
 * wrong suffix is usually a wrong source: a missing stack config, a stack renamed).
 *
 * Order: this policy's `environmentSuffix` config (one pack config for a fleet of stacks can pin
 * it), else the stack's own `<project>:environmentSuffix` config (what the programs use to build
 * names, so both agree), else the stack name (the usual `dev` / `staging` / `prod` convention).
 */
import { PolicyConfigError } from "../../lib/config";
import type { StackContext } from "../../lib/stack-context";

export const STACK_CONFIG_KEY = "environmentSuffix";

export interface EnvironmentSuffix {
  value: string;
  /** Where it was read, for messages: `stack config 'payments:environmentSuffix'`. */
  source: string;
}

export function resolveEnvironmentSuffix(
  configured: string | undefined,
  stack: StackContext,
): EnvironmentSuffix {
  const candidates = [
    { value: configured, source: "this policy's config 'environmentSuffix'" },
    { value: stack.config(STACK_CONFIG_KEY), source: `stack config '${stack.project}:${STACK_CONFIG_KEY}'` },
    { value: stack.stack, source: `the stack name` },
  ];
  const found = candidates.find(
    (candidate) => candidate.value !== undefined && candidate.value.trim() !== "",
  );
  if (!found) {
    throw new PolicyConfigError(
      `no environment suffix: set this policy's 'environmentSuffix' or the stack config '${STACK_CONFIG_KEY}', or name the stack`,
    );
  }
  const suffix = { value: (found.value as string).trim(), source: found.source };
  if (!/[A-Za-z0-9]/.test(suffix.value)) {
    throw new PolicyConfigError(
      `the environment suffix ${JSON.stringify(suffix.value)} from ${suffix.source} has no letter or digit`,
    );
  }
  return suffix;
}
