/**
 * What a pack knows about the stack it evaluates. The CLI starts one pack process per stack and
 * passes the stack's identity and configuration in the environment (PULUMI_NODEJS_* and
 * PULUMI_CONFIG), so it is read once per process.
 */
export interface StackContext {
  organization: string;
  project: string;
  stack: string;
  dryRun: boolean;
  /** Stack config by `namespace:key`; a bare key is looked up in the project's namespace. */
  config(key: string): string | undefined;
}

export function readStackContext(env: NodeJS.ProcessEnv = process.env): StackContext {
  const project = env.PULUMI_NODEJS_PROJECT ?? "";
  const values = parseConfig(env.PULUMI_CONFIG);
  return {
    organization: env.PULUMI_NODEJS_ORGANIZATION ?? "",
    project,
    stack: env.PULUMI_NODEJS_STACK ?? "",
    dryRun: env.PULUMI_NODEJS_DRY_RUN === "true",
    config: (key) => values[key.includes(":") ? key : `${project}:${key}`],
  };
}

function parseConfig(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    // A malformed PULUMI_CONFIG is the host's fault; policies then fall back to their own config.
    return {};
  }
}

let cached: StackContext | undefined;

export function currentStack(): StackContext {
  cached ??= readStackContext();
  return cached;
}
