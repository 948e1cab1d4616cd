/**
 * Everything a component needs to know about the stack it is in: naming, mandatory tags, the
 * tagged AWS provider, and the account/region/partition from which ARNs are built.
 *
 * Region and partition come from config (known strings); the account id comes from the
 * `aws:index/getCallerIdentity` invoke, which is answered during preview, so ARNs built with
 * `ctx.arn(...)` are known during preview and IAM guardrails can evaluate the documents.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Naming } from "./naming";
import { createTaggedProvider, tagsFromConfig, type MandatoryTags } from "./tagging";

/** Stack config namespace of the reference stacks (the Pulumi project name). */
export const CONFIG_NAMESPACE = "finguard-reference";

export interface ScenarioContextArgs {
  /** Scenario id, e.g. `trading-foundation` (becomes the `Scenario` tag). */
  scenario: string;
  naming: Naming;
  tags: MandatoryTags;
  region: string;
  /** Availability zones the scenario spreads over. */
  availabilityZones: string[];
  /** Provider carrying the default tags; undefined only in unit tests of pure helpers. */
  provider?: aws.Provider;
  /** Defaults to the getCallerIdentity invoke through `provider`. */
  accountId?: pulumi.Input<string>;
}

export interface ArnOptions {
  /** Omit the region (IAM, S3, global services). Default: include it. */
  region?: boolean;
  /** Omit the account (S3). Default: include it. */
  account?: boolean;
}

export class ScenarioContext {
  readonly scenario: string;
  readonly naming: Naming;
  readonly tags: MandatoryTags;
  readonly region: string;
  readonly partition: string;
  /** `amazonaws.com` (or `amazonaws.com.cn`): for service principals and endpoint names. */
  readonly dnsSuffix: string;
  readonly availabilityZones: string[];
  readonly provider?: aws.Provider;
  readonly accountId: pulumi.Output<string>;

  constructor(args: ScenarioContextArgs) {
    this.scenario = args.scenario;
    this.naming = args.naming;
    this.tags = args.tags;
    this.region = args.region;
    this.partition = partitionOf(args.region);
    this.dnsSuffix = this.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    this.availabilityZones = args.availabilityZones;
    this.provider = args.provider;
    this.accountId =
      args.accountId !== undefined
        ? pulumi.output(args.accountId)
        : aws.getCallerIdentityOutput({}, { provider: args.provider }).accountId;
  }

  /** Throws unless `value` (a logical or physical name) carries the environment suffix. */
  requireSuffix(value: string, what: string): void {
    if (!this.naming.carriesSuffix(value)) {
      throw new Error(
        `${what} '${value}' must contain the environment suffix '${this.naming.environmentSuffix}'.`,
      );
    }
  }

  /** Shorthand for `naming.name(kind)`. */
  name(kind: string): string {
    return this.naming.name(kind);
  }

  /** A globally unique bucket name, known during preview: `<scope>-<kind>-<account>-<region>-<suffix>`. */
  globalName(kind: string): pulumi.Output<string> {
    return this.accountId.apply((account) => this.naming.globalName(kind, account, this.region));
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`, known during preview. */
  arn(service: string, resource: string, options: ArnOptions = {}): pulumi.Output<string> {
    const region = options.region === false ? "" : this.region;
    return this.accountId.apply((account) => {
      const acct = options.account === false ? "" : account;
      return `arn:${this.partition}:${service}:${region}:${acct}:${resource}`;
    });
  }

  /** The account root principal ARN (key policies, same-account trust). */
  get accountRootArn(): pulumi.Output<string> {
    return this.arn("iam", "root", { region: false });
  }

  /** `<service>.amazonaws.com`, or the regional form `<service>.<region>.amazonaws.com`. */
  servicePrincipal(service: string, regional = false): string {
    return regional ? `${service}.${this.region}.${this.dnsSuffix}` : `${service}.${this.dnsSuffix}`;
  }

  /** `com.amazonaws.<region>.<service>`: a VPC endpoint service name. */
  endpointServiceName(service: string): string {
    return `com.amazonaws.${this.region}.${service}`;
  }
}

/** The AWS partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}

export interface ScenarioContextFromConfigArgs {
  scenario: string;
  /** Naming scope of the scenario (short, e.g. `trading`). */
  scope: string;
  /** Config namespace; default `finguard-reference`. */
  namespace?: string;
}

/**
 * Reads the stack config and builds the context, including the tagged provider (logical name
 * `<scope>-aws-<suffix>`). Config keys (namespace `finguard-reference`):
 * `environmentSuffix` (required), `environment`, `owner`, `costCenter`, `dataClassification`,
 * `extraTags`, `availabilityZones` (default `<region>a..c`); and `aws:region` (required).
 */
export function scenarioContextFromConfig(args: ScenarioContextFromConfigArgs): ScenarioContext {
  const config = new pulumi.Config(args.namespace ?? CONFIG_NAMESPACE);
  const region = new pulumi.Config("aws").get("region");
  if (region === undefined || region === "") {
    throw new Error("Stack config 'aws:region' is required (the reference stacks never guess a region).");
  }
  const naming = new Naming({ environmentSuffix: config.require("environmentSuffix"), scope: args.scope });
  const tags = tagsFromConfig(config, { Scenario: args.scenario, ManagedBy: "pulumi" });
  const availabilityZones =
    config.getObject<string[]>("availabilityZones") ?? ["a", "b", "c"].map((l) => region + l);
  const provider = createTaggedProvider(naming.name("aws"), { region, tags });
  return new ScenarioContext({ scenario: args.scenario, naming, tags, region, availabilityZones, provider });
}
