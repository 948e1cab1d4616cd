/**
 * Naming convention of the reference stacks: `resource-type-environment-suffix`.
 *
 * Every explicit physical name and every Pulumi logical name carries the environment suffix, so
 * several copies of a stack (one per pull request, `pr-123`) can share an account without clashing
 * and every resource can be traced back to its environment (PCI DSS 6.5.3/6.5.4 evidence; naming is
 * evidence of separation, not separation by itself).
 *
 * An optional `scope` (the scenario's short name, e.g. `trading`) is put in front of the kind so
 * that two scenarios deployed with the same suffix in one account do not collide on account-global
 * names (IAM roles, S3 buckets): `name("vpc")` -> `trading-vpc-dev`.
 */

/** Lower-case letters, digits and single hyphens; must start with a letter. */
const SEGMENT = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** The suffix may start with a digit (`123`, `pr-42`). */
const SUFFIX = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface NamingArgs {
  /** The environment suffix (`dev`, `pr-123`...): every name ends with it. */
  environmentSuffix: string;
  /** Optional scenario scope put in front of every kind. */
  scope?: string;
}

export class NamingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NamingError";
  }
}

export class Naming {
  readonly environmentSuffix: string;
  readonly scope?: string;

  constructor(args: NamingArgs) {
    Naming.validateSegment(args.environmentSuffix, "environmentSuffix", SUFFIX);
    if (args.scope !== undefined) Naming.validateSegment(args.scope, "scope");
    this.environmentSuffix = args.environmentSuffix;
    this.scope = args.scope;
  }

  /** `<scope>-<kind>-<suffix>` (or `<kind>-<suffix>` without a scope). */
  name(kind: string): string {
    Naming.validateSegment(kind, "kind");
    return [this.scope, kind, this.environmentSuffix].filter((s) => s !== undefined).join("-");
  }

  /**
   * A name for globally unique namespaces (S3 buckets): the kind, the account and region, then the
   * suffix, e.g. `trading-flowlogs-123456789012-us-east-2-dev`. Validated against S3's 63-character
   * limit.
   */
  globalName(kind: string, accountId: string, region: string): string {
    Naming.validateSegment(kind, "kind");
    const name = [this.scope, kind, accountId, region, this.environmentSuffix]
      .filter((s) => s !== undefined)
      .join("-");
    if (name.length > 63) {
      throw new NamingError(`Global name '${name}' is ${name.length} characters long; the limit is 63.`);
    }
    return name;
  }

  /** A hierarchical name (SSM parameters, log groups): `/<scope>-<kind>-<suffix>/<segments...>`. */
  path(kind: string, ...segments: string[]): string {
    segments.forEach((s) => Naming.validateSegment(s, "path segment"));
    return ["", this.name(kind), ...segments].join("/");
  }

  /** True when `value` carries this stack's suffix (the check the naming guardrail performs). */
  carriesSuffix(value: string): boolean {
    return value.includes(this.environmentSuffix);
  }

  private static validateSegment(value: string, what: string, pattern: RegExp = SEGMENT): void {
    if (typeof value !== "string" || !pattern.test(value)) {
      const start = pattern === SUFFIX ? "" : ", starting with a letter";
      throw new NamingError(
        `Invalid ${what} ${JSON.stringify(value)}: use lower-case letters, digits and single hyphens${start}.`,
      );
    }
  }
}
