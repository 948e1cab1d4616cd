/**
 * What the capture stage hands to the analyzer host: every resource a program registered, as the
 * Pulumi engine would have seen it during `pulumi preview`.
 *
 * Property values are plain JSON in the engine's wire conventions, so they can be sent to a pack
 * unchanged: unknown values are the engine's sentinel strings (see UNKNOWN_* below), secrets are
 * `{ [SECRET_SIG]: SECRET_SIG_VALUE, value }` objects, and resource references are reduced to
 * their id (custom resources) or URN (components).
 */

/** Options the engine passes to analyzers, plus the ones CrossGuard never sees (retainOnDelete). */
export interface CapturedOptions {
  protect: boolean;
  /** Not part of the analyzer protocol: only the evaluator can check it. */
  retainOnDelete: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
  deleteBeforeReplaceDefined: boolean;
  additionalSecretOutputs: string[];
  aliases: string[];
  /** Seconds, as the analyzer protocol carries them. */
  customTimeouts?: { create?: number; update?: number; delete?: number };
}

export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  /** true for custom (provider-backed) resources, false for components. */
  custom: boolean;
  /** true for multi-language components whose children only a plugin can construct. */
  remote: boolean;
  parent?: string;
  /** Provider reference as the engine writes it: `<provider urn>::<provider id>`. */
  provider?: string;
  /** Resource inputs (what Analyze receives). */
  inputs: Record<string, unknown>;
  /** Outputs as the mocks produced them (what AnalyzeStack receives); equals inputs plus mock outputs. */
  outputs: Record<string, unknown>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  options: CapturedOptions;
}

export interface CapturedStack {
  project: string;
  stack: string;
  organization: string;
  /** Stack configuration as `namespace:key` -> string, the shape of PULUMI_CONFIG. */
  config: Record<string, string>;
  /** Config keys whose values are secrets (never decrypted by the evaluator). */
  secretKeys: string[];
  /** In registration order, providers included (default providers synthesized like the engine). */
  resources: CapturedResource[];
  /** Stack outputs exported by the program (may contain unknown sentinels). */
  outputs: Record<string, unknown>;
  /** Things the evaluator had to approximate (unanswered invokes, remote components...). */
  warnings: string[];
}

/** Engine sentinels for values not known during preview (pulumi/sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
