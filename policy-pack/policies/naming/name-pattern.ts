/**
 * Naming conventions: regular-expression templates with a `{suffix}` placeholder (the environment
 * suffix) and an optional `{type}` placeholder (the resource type's short name, e.g. `queue`,
 * `security-group`), matched against a whole name. Three presets cover the usual conventions; any
 * other `pattern` is a custom template.
 *
 * AWS naming rules are absorbed here rather than reported: matching ignores case unless asked not
 * to (S3, RDS and others accept only lowercase, stack names often are not), and the separators
 * inside a suffix are interchangeable (`eu-west` matches `eu_west`, since S3 forbids `_` and Glue
 * forbids `-`).
 */
import { PolicyConfigError, compilePattern } from "../../lib/config";

const SEPARATOR = "[-_./]";
const SUFFIX_SEPARATORS = /[-_.]+/;

export const PRESETS = {
  "suffix-token": `(?:^|${SEPARATOR}){suffix}(?:$|${SEPARATOR})`,
  "ends-with-suffix": `(?:^|${SEPARATOR}){suffix}$`,
  "resource-type-suffix": `^(?:.+${SEPARATOR})?{type}${SEPARATOR}{suffix}$`,
} as const;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const DEFAULT_PRESET: PresetName = "suffix-token";

export interface NamingConvention {
  /** The preset, or undefined for a custom template. */
  preset?: PresetName;
  template: string;
  caseSensitive: boolean;
  /** Type token -> an extra short name `{type}` accepts (e.g. `sg` for security groups). */
  typeNames: ReadonlyMap<string, string>;
}

/** A preset name or a custom template, validated once when the config is read. */
export function parseConvention(
  pattern: string,
  caseSensitive: boolean,
  typeNames: ReadonlyMap<string, string>,
): NamingConvention {
  if (Object.hasOwn(PRESETS, pattern)) {
    const preset = pattern as PresetName;
    return { preset, template: PRESETS[preset], caseSensitive, typeNames };
  }
  if (!pattern.includes("{suffix}")) {
    throw new PolicyConfigError(
      `'pattern' must be one of ${PRESET_NAMES.join(", ")} or a regular expression containing {suffix}, got ${JSON.stringify(pattern)}`,
    );
  }
  compilePattern(substitute(pattern, "suffix", "type"), "pattern");
  return { template: pattern, caseSensitive, typeNames };
}

/** The suffix-token preset with the same case rule: prefixes are checked with it (see the policy). */
export function tokenConvention(convention: NamingConvention): NamingConvention {
  return { ...convention, preset: DEFAULT_PRESET, template: PRESETS[DEFAULT_PRESET] };
}

/** A convention applied to one suffix and one resource type. */
export class NameMatcher {
  private readonly regex: RegExp;
  private readonly typeForms: string[];

  constructor(
    private readonly convention: NamingConvention,
    private readonly suffix: string,
    type: string,
  ) {
    this.typeForms = typeShortNames(type, convention.typeNames.get(type));
    const pattern = substitute(
      convention.template,
      suffixRegex(suffix),
      `(?:${this.typeForms.map(escapeRegExp).join("|")})`,
    );
    this.regex = new RegExp(pattern, convention.caseSensitive ? "" : "i");
  }

  matches(name: string): boolean {
    return this.regex.test(name);
  }

  /** What a name must do, for messages ("must <expectation>"). */
  get expectation(): string {
    const suffix = `'${this.suffix}'`;
    switch (this.convention.preset) {
      case "suffix-token":
        return `contain the environment suffix ${suffix} as a separate token (delimited by -, _, ., / or an end of the name)`;
      case "ends-with-suffix":
        return `end with the environment suffix ${suffix} as a separate token`;
      case "resource-type-suffix":
        return `follow <name>-<type>-<suffix> with type ${this.typeForms.map((t) => `'${t}'`).join(" or ")} and suffix ${suffix}`;
      default:
        return `match the naming pattern /${this.regex.source}/ (environment suffix ${suffix})`;
    }
  }

  /** True when appending the suffix to a name satisfies the convention, so messages can suggest it. */
  get suggestsAppending(): boolean {
    return this.convention.preset === "suffix-token" || this.convention.preset === "ends-with-suffix";
  }
}

/** `aws:ec2/securityGroup:SecurityGroup` -> securitygroup, security-group, security_group, SecurityGroup (+ alias). */
export function typeShortNames(type: string, alias?: string): string[] {
  const className = type.split(":")[2] ?? type;
  const words = className.split(/(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
  const forms = [words.join(""), words.join("-"), words.join("_"), className, ...(alias ? [alias] : [])];
  return [...new Set(forms)];
}

/** The suffix as a regex where each run of separators matches any one separator. */
function suffixRegex(suffix: string): string {
  return suffix
    .split(SUFFIX_SEPARATORS)
    .filter((part) => part !== "")
    .map(escapeRegExp)
    .join("[-_.]");
}

function substitute(template: string, suffix: string, type: string): string {
  // Replacer functions: a replacement string would give `$&` and friends a meaning.
  return template.replaceAll("{suffix}", () => suffix).replaceAll("{type}", () => type);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
