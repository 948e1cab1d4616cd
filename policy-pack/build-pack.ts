/**
 * Typed configuration for platform teams that build their own pack on top of FinGuard:
 *
 * ```ts
 * import { PolicyPack } from "@pulumi/policy";
 * import { buildPolicies } from "@finguard/aws-pci-policies/library";
 *
 * new PolicyPack("acme-pci", {
 *   policies: buildPolicies({
 *     minSeverity: "medium",
 *     exclude: ["naming-environment-suffix"],
 *     policies: {
 *       "tags-required": { requiredTags: ["Owner", "CostCenter"] },
 *       "logging-log-group-retention": { enforcementLevel: "advisory", minimumDays: 365 },
 *     },
 *   }),
 * });
 * ```
 *
 * A setting in code becomes the policy's default, in the config schema the pack publishes (so the
 * Pulumi CLI, Pulumi Cloud and the FinGuard evaluator fill it in) and in the adapter's own defaults
 * (so any other host gets the same). A `--policy-pack-config` file or a Pulumi Cloud policy group
 * can still override it, shallowly per property, as the engine merges config.
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyConfigSchema,
  ResourceValidation,
  ResourceValidationPolicy,
  Severity,
  StackValidation,
  StackValidationPolicy,
} from "@pulumi/policy";
import { EXEMPTIONS_SCHEMA, exemptionProblem, type Exemption } from "./lib/exemptions";
import { defaultsOf, toPulumiPolicy, type GuardrailArea, type PolicyDefinition } from "./lib/policy";
import { ALL_POLICIES } from "./policies";

/** A policy without configuration besides `exemptions`. */
export type NoConfig = Record<never, never>;

/** Customer-managed key policies: which keys of other stacks count, and unknown key references. */
export interface KeyReferenceConfig {
  /**
   * Keys of other stacks accepted as customer-managed: key ARNs, alias ARNs or alias names, where `*`
   * matches any run of characters (e.g. `arn:aws:kms:*:111122223333:key/*`). AWS managed aliases
   * (`alias/aws/*`) are never accepted.
   * @default []
   */
  allowedKeyArns: readonly string[];
  /**
   * A key reference unknown during preview and not built from a KMS key of this stack (e.g. a
   * StackReference output): report a violation, or defer (reported as deferred).
   * @default "violation"
   */
  unverifiedKeyReferences: "violation" | "defer";
}

/** Network exposure policies: the VPCs allowed to face the internet. */
export interface DmzConfig {
  /**
   * URN globs (* and ?) of the aws:ec2/vpc:Vpc resources that form an authorized DMZ (PCI DSS 1.4.2);
   * resources in them may face the internet. Empty: no VPC may.
   * @default []
   */
  authorizedDmzVpcs: readonly string[];
}

/** Policies on awsx components: the VPCs allowed to face the internet. */
export interface ComponentDmzConfig {
  /**
   * URN globs (* and ?) of the VPCs that form an authorized DMZ (PCI DSS 1.4.2). For an awsx Vpc, the
   * glob may match the aws:ec2/vpc:Vpc it creates (…::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::<name>) or the
   * component itself; keep it in step with the network policies' authorizedDmzVpcs. Empty: no VPC may
   * face the internet.
   * @default []
   */
  authorizedDmzVpcs: readonly string[];
}

/** Destroyability policies: the environments they apply to. */
export interface EnvironmentScopeConfig {
  /**
   * Environments the policy applies to: glob patterns (* and ?, case-sensitive), e.g. ["dev", "test",
   * "pr-*"].
   * @default ["*"]
   */
  environments: readonly string[];
  /**
   * This stack's environment name; empty: stack config environmentSuffix, else the stack name.
   * @default ""
   */
  environment: string;
}

/**
 * Every FinGuard policy's configuration as the pack receives it (all defaults filled in), without
 * the `exemptions` every policy also takes. Kept equal to the policies' JSON schemas (names, types,
 * descriptions and `@default`s) by test/unit/policy-pack/build-pack.test.ts.
 */
export interface FinGuardPolicyConfigs {
  /** Mandatory tags */
  "tags-required": {
    /**
     * Tag keys every taggable resource must carry.
     * @default ["Environment","Owner","CostCenter","DataClassification"]
     */
    requiredTags: readonly string[];
    /**
     * Tag key -> regular expression the value must match.
     * @default {}
     */
    allowedValues: Record<string, string>;
    /**
     * When tags are unknown during preview and provider defaults do not cover them: defer (advisory) or
     * pass.
     * @default "defer"
     */
    whenUnknown: "defer" | "pass";
  };
  /** Environment suffix in resource names */
  "naming-environment-suffix": {
    /**
     * The suffix names must carry. Blank: the stack config 'environmentSuffix', else the stack name.
     * @default ""
     */
    environmentSuffix: string;
    /**
     * Naming convention: suffix-token, ends-with-suffix, resource-type-suffix, or a regular expression over
     * the whole name with {suffix} (required) and {type} (the type's short name, e.g. queue or
     * security-group) placeholders. Prefix inputs (namePrefix...) are always checked for the suffix as a
     * token.
     * @default "suffix-token"
     */
    pattern: string;
    /**
     * Compare case-sensitively (lowercase-only names such as S3 buckets are then compared to the lowercased
     * suffix).
     * @default false
     */
    caseSensitive: boolean;
    /**
     * Type token -> an extra short name {type} accepts, e.g. {"aws:ec2/securityGroup:SecurityGroup": "sg"}.
     * @default {}
     */
    typeNames: Record<string, string>;
    /**
     * Globs (* and ?) of aws:* type tokens not to judge. Components, providers and the stack are never
     * judged.
     * @default []
     */
    skipTypes: readonly string[];
    /**
     * Type token -> the inputs holding its physical name (inputs ending in 'Prefix' are prefixes),
     * replacing the built-in entry for that type or adding a type the built-in table lacks.
     * @default {}
     */
    nameProperties: Record<string, readonly string[]>;
    /**
     * When a physical name is unknown during preview: judge by the logical name, or defer (advisory) if
     * nothing else failed.
     * @default "logical-name"
     */
    whenNameUnknown: "logical-name" | "defer";
  };
  /** KMS keys rotate automatically */
  "encryption-kms-key-rotation": {
    /**
     * Longest accepted rotation period (the cryptoperiod), in days.
     * @default 365
     */
    maxRotationPeriodInDays: number;
    /**
     * Accept keys that AWS cannot rotate automatically (asymmetric, HMAC, custom key stores).
     * @default true
     */
    allowNonRotatableKeys: boolean;
  };
  /** KMS key deletion window */
  "encryption-kms-key-deletion-window": {
    /**
     * Shortest accepted deletion window, in days.
     * @default 7
     */
    minDeletionWindowInDays: number;
    /**
     * Longest accepted deletion window, in days.
     * @default 30
     */
    maxDeletionWindowInDays: number;
  };
  /** KMS key policies grant kms:* only to the account root */
  "encryption-kms-key-policy-restricted": {
    /**
     * Principal ARNs besides account roots allowed to hold kms:* (e.g. a break-glass key custodian role).
     * @default []
     */
    allowedPrincipals: readonly string[];
  };
  /** S3 buckets encrypted with a customer-managed KMS key */
  "encryption-s3-cmk": KeyReferenceConfig;
  /** Databases encrypted with a customer-managed KMS key */
  "encryption-database-cmk": KeyReferenceConfig;
  /** Volumes, file systems, images and backups encrypted with a customer-managed KMS key */
  "encryption-storage-cmk": KeyReferenceConfig;
  /** Secrets encrypted with a customer-managed KMS key */
  "encryption-secrets-cmk": KeyReferenceConfig;
  /** Topics, queues and streams encrypted with a customer-managed KMS key */
  "encryption-messaging-cmk": KeyReferenceConfig;
  /** Audit logs encrypted with a customer-managed KMS key */
  "encryption-log-cmk": KeyReferenceConfig;
  /** No internet gateway outside an authorized DMZ */
  "network-no-internet-gateway": DmzConfig;
  /** No route to an internet gateway outside an authorized DMZ */
  "network-no-internet-route": DmzConfig;
  /** No public NAT gateway outside an authorized DMZ */
  "network-no-nat-gateway": DmzConfig;
  /** No public subnet outside an authorized DMZ */
  "network-no-public-subnet": DmzConfig;
  /** No public IP address on instances outside an authorized DMZ */
  "network-no-public-ip": DmzConfig;
  /** No internet-facing load balancer outside an authorized DMZ */
  "network-no-internet-facing-lb": DmzConfig;
  /** No security group ingress from the whole internet */
  "network-no-open-ingress": DmzConfig & {
    /**
     * TCP/UDP ports that security groups in an authorized DMZ VPC may open to 0.0.0.0/0 or ::/0.
     * @default [443]
     */
    dmzIngressPorts: readonly number[];
  };
  /** No publicly accessible database */
  "network-no-public-database": NoConfig;
  /** Every VPC has a flow log of all traffic */
  "network-vpc-flow-logs": NoConfig;
  /** awsx Vpc: no internet gateway, public subnet or NAT gateway outside an authorized DMZ */
  "network-awsx-vpc-private": ComponentDmzConfig;
  /** awsx load balancer: internal, and not behind awsx's open default security group */
  "network-awsx-lb-internal": ComponentDmzConfig;
  /** Log group retention */
  "logging-log-group-retention": {
    /**
     * minimum: at least minimumDays; exact: exactly minimumDays; range: between minimumDays and
     * maximumDays.
     * @default "minimum"
     */
    mode: "minimum" | "exact" | "range";
    /**
     * Days logs must be kept at least. 90 covers only PCI DSS 10.5.1's immediately available part; the
     * standard wants 12 months in total.
     * @default 90
     */
    minimumDays: number;
    /**
     * Longest retention accepted in range mode (data minimisation).
     * @default 3653
     */
    maximumDays: number;
    /**
     * Accept logs that never expire (no retention set). Off: retention must be explicit and finite.
     * @default false
     */
    allowNeverExpire: boolean;
  };
  /** Log bucket lifecycle */
  "logging-log-bucket-lifecycle": {
    /**
     * Days logs must be kept at least. 90 covers only PCI DSS 10.5.1's immediately available part; the
     * standard wants 12 months in total.
     * @default 90
     */
    minimumDays: number;
    /**
     * Total retention (hot plus archive) that every expiration must reach, e.g. 365 for PCI DSS 10.5.1; 0:
     * off.
     * @default 0
     */
    archiveDays: number;
    /**
     * Accept logs that never expire (no retention set). Off: retention must be explicit and finite.
     * @default false
     */
    allowNeverExpire: boolean;
  };
  /** No protect option */
  "lifecycle-no-protect": EnvironmentScopeConfig;
  /** No deletion protection */
  "lifecycle-no-deletion-protection": EnvironmentScopeConfig;
  /** Data goes away on destroy */
  "lifecycle-destroyable-data": EnvironmentScopeConfig & {
    /**
     * Longest Secrets Manager recovery window accepted (AWS: 0, or 7 to 30; 30 when unset).
     * @default 7
     */
    maxSecretRecoveryWindowDays: number;
  };
  /** No wildcard actions in IAM policies */
  "iam-no-wildcard-actions": {
    /**
     * Allow partial wildcards (e.g. ec2:Describe*) whose every matching action is Read or List in the IAM
     * action catalog.
     * @default false
     */
    allowReadOnlyWildcards: boolean;
    /**
     * In resource policies, skip statements whose principals are all account roots: they delegate to that
     * account's IAM policies (the default KMS key policy).
     * @default true
     */
    allowAccountRootDelegation: boolean;
  };
  /** No Allow with NotAction or NotResource */
  "iam-no-not-action-not-resource": NoConfig;
  /** Resource '*' only for actions without resource-level permissions */
  "iam-resource-wildcard-scoped": NoConfig;
  /** iam:PassRole scoped to specific roles */
  "iam-passrole-scoped": {
    /**
     * Also require an iam:PassedToService condition on every statement that grants iam:PassRole.
     * @default false
     */
    requirePassedToService: boolean;
  };
  /** No public principal in resource and trust policies */
  "iam-no-public-principal": {
    /**
     * Condition keys that scope a wildcard principal to known callers (compared case-insensitively).
     * @default ["aws:SourceArn","aws:SourceAccount","aws:SourceOwner","aws:SourceOrgID","aws:SourceOrgPaths","aws:PrincipalArn","aws:PrincipalAccount","aws:PrincipalOrgID","aws:PrincipalOrgPaths","aws:SourceVpc","aws:SourceVpce","kms:CallerAccount"]
     */
    scopingConditionKeys: readonly string[];
  };
  /** No AWS-managed administrator or FullAccess policies */
  "iam-no-admin-managed-policies": {
    /**
     * Globs (`*` = any characters) over AWS-managed policy names that must not be attached.
     * @default ["AdministratorAccess*","PowerUserAccess","*FullAccess*","*Administrator"]
     */
    deniedPolicyNames: readonly string[];
    /**
     * AWS-managed policy ARNs accepted even though their name matches deniedPolicyNames.
     * @default []
     */
    allowedPolicyArns: readonly string[];
  };
  /** IAM actions exist */
  "iam-unknown-actions": NoConfig;
}

/** The name of a FinGuard policy. */
export type PolicyName = keyof FinGuardPolicyConfigs;

/** Levels a FinGuard policy can run at (no FinGuard policy remediates). */
export type FinGuardEnforcementLevel = Exclude<EnforcementLevel, "remediate">;

/** A UTC day, YYYY-MM-DD. */
export type IsoDate = `${number}-${number}-${number}`;

/** An exemption written in code: the `exemptions` entries of a config file, typed. */
export type FinGuardExemption = {
  /** Why the violation is accepted. */
  reason: string;
  /** Last day (UTC) on which the exemption applies. */
  expires: IsoDate;
  /** Change or risk ticket that approved it. */
  ticket?: string;
  /** Restrict to some finding ids of the policy (e.g. `Action::s3:*`); all findings when absent. */
  findings?: readonly string[];
} & (
  | {
      /** Exact resource URN. */
      urn: string;
      urnPattern?: string;
    }
  | {
      urn?: string;
      /** Glob over the whole URN: `*` any run of characters, `?` one character. */
      urnPattern: string;
    }
);

/**
 * One policy's settings: a `--policy-pack-config` entry, typed. Either a level, or an object with an
 * optional level, any of the policy's properties, and exemptions.
 */
export type PolicySettings<P extends PolicyName> =
  | FinGuardEnforcementLevel
  | (Partial<FinGuardPolicyConfigs[P]> & {
      enforcementLevel?: FinGuardEnforcementLevel;
      exemptions?: readonly FinGuardExemption[];
    });

export type PolicySettingsMap = { [P in PolicyName]?: PolicySettings<P> };

/**
 * What to build. Selection: a policy is in the pack when it passes every filter given (`areas`,
 * `minSeverity`), or is named in `include`; `exclude` then removes policies. With no filter, every
 * policy passes, unless `include` is given: then the pack is exactly `include` (minus `exclude`).
 */
export interface BuildPoliciesOptions {
  /** Keep the policies of these guardrail areas. */
  areas?: readonly GuardrailArea[];
  /** Keep the policies of this severity or higher (low < medium < high < critical). */
  minSeverity?: Severity;
  /** Policies to add whatever the filters say (or, without filters, the only policies). */
  include?: readonly PolicyName[];
  /** Policies to leave out. A policy may not be both included and excluded. */
  exclude?: readonly PolicyName[];
  /** A level for every selected policy (a config file's "all"); a policy's own setting wins. */
  enforcementLevel?: FinGuardEnforcementLevel;
  /** Per-policy levels, properties and exemptions of selected policies; they become the policies' defaults. */
  policies?: PolicySettingsMap;
}

/** A mistake in buildPolicies' options; thrown when the pack is built, so it fails at start-up. */
export class BuildPoliciesError extends Error {
  constructor(message: string) {
    super(`buildPolicies: ${message}`);
    this.name = "BuildPoliciesError";
  }
}

const OPTION_KEYS: ReadonlySet<string> = new Set<keyof BuildPoliciesOptions>([
  "areas",
  "minSeverity",
  "include",
  "exclude",
  "enforcementLevel",
  "policies",
]);
const LEVELS: readonly FinGuardEnforcementLevel[] = ["advisory", "mandatory", "disabled"];
const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The FinGuard policies selected and configured by `options`, ready for `new PolicyPack`. */
export function buildPolicies(options: BuildPoliciesOptions = {}): Policies {
  return configuredPolicies(options).map(({ definition, exemptions }) =>
    withDefaultExemptions(toPulumiPolicy(definition), exemptions),
  );
}

interface ConfiguredPolicy {
  /** The registry's definition with the level and property defaults of the options. */
  definition: PolicyDefinition;
  /** Default exemptions (the adapter adds `exemptions` to every schema itself, so they travel apart). */
  exemptions: Exemption[];
}

function configuredPolicies(options: BuildPoliciesOptions): ConfiguredPolicy[] {
  if (typeof options !== "object" || options === null)
    throw new BuildPoliciesError("options must be an object");
  const unknownOptions = Object.keys(options).filter((key) => !OPTION_KEYS.has(key));
  if (unknownOptions.length > 0) {
    throw new BuildPoliciesError(
      `unknown option(s) ${unknownOptions.map((k) => `'${k}'`).join(", ")}; expected ${[...OPTION_KEYS].join(", ")}`,
    );
  }
  const known = new Map(ALL_POLICIES.map((p) => [p.name, p]));
  const include = new Set(policyNames(options.include, "include", known));
  const exclude = new Set(policyNames(options.exclude, "exclude", known));
  const both = [...include].filter((name) => exclude.has(name));
  if (both.length > 0) throw new BuildPoliciesError(`${quoted(both)} both included and excluded`);
  const areas = options.areas === undefined ? undefined : new Set(knownAreas(options.areas));
  const minSeverity = options.minSeverity === undefined ? undefined : severityRank(options.minSeverity);
  if (options.enforcementLevel !== undefined) assertLevel(options.enforcementLevel, "enforcementLevel");

  const filtered = areas !== undefined || minSeverity !== undefined;
  const passes = (p: PolicyDefinition) =>
    (areas === undefined || areas.has(p.area)) &&
    (minSeverity === undefined || SEVERITY_RANK[p.severity] >= minSeverity);
  const selected = ALL_POLICIES.filter(
    (p) => !exclude.has(p.name) && (include.has(p.name) || (filtered ? passes(p) : include.size === 0)),
  );
  if (selected.length === 0) throw new BuildPoliciesError("the options select no policy");

  const settings = options.policies ?? {};
  if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
    throw new BuildPoliciesError("'policies' must map policy names to settings");
  }
  const unselected = policyNames(Object.keys(settings), "policies", known).filter(
    (name) => !selected.some((p) => p.name === name),
  );
  if (unselected.length > 0) {
    throw new BuildPoliciesError(
      `'policies' sets ${quoted(unselected)}, which the options do not select (add to 'include' or drop the settings)`,
    );
  }
  return selected.map((definition) =>
    configure(
      definition,
      options.enforcementLevel,
      (settings as Record<string, PolicySettings<PolicyName> | undefined>)[definition.name],
    ),
  );
}

function configure(
  definition: PolicyDefinition,
  allLevel: FinGuardEnforcementLevel | undefined,
  settings: PolicySettings<PolicyName> | undefined,
): ConfiguredPolicy {
  const where = `policy '${definition.name}'`;
  const entry = typeof settings === "string" ? { enforcementLevel: settings } : (settings ?? {});
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new BuildPoliciesError(`${where}: settings must be an enforcement level or an object`);
  }
  const { enforcementLevel, exemptions, ...properties } = entry as Record<string, unknown>;
  if (enforcementLevel !== undefined) assertLevel(enforcementLevel, `${where}: enforcementLevel`);

  const unknownProperties = Object.keys(properties).filter(
    (key) => !Object.hasOwn(definition.configProperties, key),
  );
  if (unknownProperties.length > 0) {
    const expected = Object.keys(definition.configProperties);
    throw new BuildPoliciesError(
      `${where} has no ${quoted(unknownProperties)} setting; it takes ` +
        (expected.length > 0 ? quoted(expected) : "none") +
        " besides enforcementLevel and exemptions",
    );
  }
  const configProperties = Object.fromEntries(
    Object.entries(definition.configProperties).map(([key, schema]) =>
      properties[key] !== undefined
        ? [key, { ...schema, default: structuredClone(properties[key]) }]
        : [key, schema],
    ),
  );
  const configured = {
    ...definition,
    enforcementLevel:
      (enforcementLevel as FinGuardEnforcementLevel | undefined) ?? allLevel ?? definition.enforcementLevel,
    configProperties,
  } as PolicyDefinition;
  try {
    // The policy's own parser: types, bounds and cross-property rules, as the pack applies them.
    configured.parseConfig(defaultsOf(configured));
  } catch (error) {
    throw new BuildPoliciesError(`${where}: ${(error as Error).message}`);
  }
  return { definition: configured, exemptions: readExemptions(exemptions, where) };
}

/** Checks code exemptions against the schema the engine validates them with (EXEMPTIONS_SCHEMA). */
function readExemptions(value: unknown, where: string): Exemption[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new BuildPoliciesError(`${where}: exemptions must be an array`);
  const allowed = new Set(Object.keys(EXEMPTIONS_SCHEMA.items.properties));
  return value.map((exemption: unknown, index) => {
    const fail = (problem: string) => new BuildPoliciesError(`${where}: exemptions[${index}] ${problem}`);
    if (typeof exemption !== "object" || exemption === null || Array.isArray(exemption)) {
      throw fail("must be an object");
    }
    const e = exemption as Record<string, unknown>;
    const extra = Object.keys(e).filter((key) => !allowed.has(key));
    if (extra.length > 0) throw fail(`has unknown field(s) ${quoted(extra)}`);
    if (!isNonEmptyString(e.urn) && !isNonEmptyString(e.urnPattern))
      throw fail("needs a urn or a urnPattern");
    for (const key of ["urn", "urnPattern", "ticket"]) {
      if (e[key] !== undefined && typeof e[key] !== "string") throw fail(`${key} must be a string`);
    }
    if (
      e.findings !== undefined &&
      (!Array.isArray(e.findings) || !e.findings.every((id) => isNonEmptyString(id)))
    ) {
      throw fail("findings must be an array of non-empty strings");
    }
    if (typeof e.reason === "string" && e.reason.length > 2048)
      throw fail("reason is longer than 2048 characters");
    // Expiry is judged on the evaluation day, not when the pack is built: only the form is checked here.
    const problem = exemptionProblem(e as unknown as Exemption, "0000-00-00");
    if (problem) throw fail(`is not valid: ${problem}`);
    return deepFreeze(structuredClone(e)) as unknown as Exemption;
  });
}

/** Code exemptions are shared by every evaluation: frozen, so no caller can change them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

type FinGuardPolicy = ResourceValidationPolicy | StackValidationPolicy;

/**
 * Makes `exemptions` default to the code's list: in the published schema (which the engine fills in)
 * and in what the policy reads when a host sends no exemptions. A config that sets `exemptions` for
 * the policy replaces the list, as it replaces any other default.
 */
function withDefaultExemptions(policy: FinGuardPolicy, exemptions: Exemption[]): FinGuardPolicy {
  if (exemptions.length === 0) return policy;
  const schema = policy.configSchema ?? { properties: {} };
  const configSchema = {
    ...schema,
    properties: {
      ...schema.properties,
      exemptions: {
        ...EXEMPTIONS_SCHEMA,
        default: exemptions,
      } as unknown as PolicyConfigSchema["properties"][string],
    },
  };
  const defaults = Object.freeze([...exemptions]);
  const withDefaults = <A extends { getConfig<T extends object>(): T }>(args: A): A => ({
    ...args,
    getConfig: <T extends object>() => ({ exemptions: defaults, ...args.getConfig<object>() }) as T,
  });
  if ("validateStack" in policy) {
    const validateStack: StackValidation = (args, report) => policy.validateStack(withDefaults(args), report);
    return { ...policy, configSchema, validateStack };
  }
  const wrap =
    (validate: ResourceValidation): ResourceValidation =>
    (args, report) =>
      validate(withDefaults(args), report);
  const { validateResource } = policy;
  return {
    ...policy,
    configSchema,
    validateResource: Array.isArray(validateResource)
      ? validateResource.map(wrap)
      : validateResource && wrap(validateResource),
  };
}

function policyNames(
  names: readonly string[] | undefined,
  option: string,
  known: ReadonlyMap<string, PolicyDefinition>,
): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) throw new BuildPoliciesError(`'${option}' must be an array of policy names`);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new BuildPoliciesError(
      `'${option}' names unknown polic${unknown.length === 1 ? "y" : "ies"} ${quoted(unknown)}; FinGuard has ${quoted([...known.keys()])}`,
    );
  }
  return [...names];
}

function knownAreas(areas: readonly GuardrailArea[]): GuardrailArea[] {
  if (!Array.isArray(areas)) throw new BuildPoliciesError("'areas' must be an array");
  const known = new Set(ALL_POLICIES.map((p) => p.area));
  const unknown = areas.filter((area) => !known.has(area));
  if (unknown.length > 0) {
    throw new BuildPoliciesError(`unknown area(s) ${quoted(unknown)}; FinGuard has ${quoted([...known])}`);
  }
  return [...areas];
}

function severityRank(severity: Severity): number {
  if (!Object.hasOwn(SEVERITY_RANK, severity)) {
    throw new BuildPoliciesError(
      `minSeverity must be one of ${Object.keys(SEVERITY_RANK).join(", ")}, got ${JSON.stringify(severity)}`,
    );
  }
  return SEVERITY_RANK[severity];
}

function assertLevel(level: unknown, what: string): void {
  if (!(LEVELS as readonly unknown[]).includes(level)) {
    throw new BuildPoliciesError(`${what} must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(level)}`);
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(", ");
}
