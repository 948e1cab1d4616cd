/**
 * An IAM role with a narrow trust policy and an inline policy given as data (PCI DSS 7.2.1,
 * 7.2.2, 7.2.5). The documents are built from known values and checked by `assertLeastPrivilege`
 * before anything is registered.
 *
 * Trust is either a set of AWS service principals (with optional confused-deputy conditions) or
 * principals of the same account (for people and workloads assuming the role, e.g. ABAC roles
 * with session tags), which always requires conditions.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScenarioContext } from "./context";
import {
  assertLeastPrivilege,
  isForbiddenManagedPolicy,
  LeastPrivilegeError,
  policyJson,
  type PolicyConditions,
  type PolicyStatement,
} from "./iam";
import { resourceTags } from "./tagging";

export type RoleTrust =
  | {
      /** Service principals, e.g. `["lambda.amazonaws.com"]`. */
      services: string[];
      conditions?: PolicyConditions;
    }
  | {
      /** Principals of this account (the account root delegates to IAM policies). */
      sameAccount: true;
      /** Default `["sts:AssumeRole"]`; add `sts:TagSession` for session tags. */
      actions?: string[];
      /** Required: who may assume, with which session tags, MFA... */
      conditions: PolicyConditions;
    };

export interface LeastPrivilegeRoleArgs {
  context: ScenarioContext;
  /** Kind of the role; the role name is `<scope>-<kind>-<suffix>` (<= 64 characters). */
  kind: string;
  description: string;
  trust: RoleTrust;
  /** Inline policy statements (may be empty when only managed policies are attached). */
  statements: PolicyStatement[];
  /** Extra actions this role may use with `Resource: "*"` (beyond the built-in list). */
  wildcardResourceActions?: string[];
  /** AWS-managed or customer-managed policy ARNs; admin / FullAccess policies are rejected. */
  managedPolicyArns?: string[];
  /** Seconds, 3600-43200 (default 3600). */
  maxSessionDuration?: number;
  tags?: Record<string, string>;
}

export class LeastPrivilegeRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly policy?: aws.iam.RolePolicy;
  readonly attachments: aws.iam.RolePolicyAttachment[] = [];
  readonly roleName: string;
  /** `arn:<partition>:iam::<account>:role/<name>`, known during preview. */
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: LeastPrivilegeRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:components:LeastPrivilegeRole", name, {}, opts);
    const ctx = args.context;
    ctx.requireSuffix(name, "Logical name");
    this.roleName = ctx.name(args.kind);
    if (this.roleName.length > 64) {
      throw new LeastPrivilegeError(`Role name ${this.roleName} is longer than 64 characters.`);
    }
    this.roleArn = ctx.arn("iam", `role/${this.roleName}`, { region: false });

    const trustStatements = trustPolicyStatements(ctx, args.trust);
    assertLeastPrivilege(trustStatements, { context: `trust policy of ${this.roleName}` });
    assertLeastPrivilege(args.statements, {
      context: `policy of ${this.roleName}`,
      wildcardResourceActions: args.wildcardResourceActions,
    });
    for (const arn of args.managedPolicyArns ?? []) {
      if (isForbiddenManagedPolicy(arn)) {
        throw new LeastPrivilegeError(
          `${this.roleName}: managed policy ${arn} grants administrator/full access.`,
        );
      }
    }

    this.role = new aws.iam.Role(
      this.roleName,
      {
        name: this.roleName,
        description: args.description,
        assumeRolePolicy: policyJson(trustStatements),
        maxSessionDuration: args.maxSessionDuration ?? 3600,
        forceDetachPolicies: true,
        tags: resourceTags(this.roleName, args.tags),
      },
      { parent: this },
    );
    if (args.statements.length > 0) {
      this.policy = new aws.iam.RolePolicy(
        `${this.roleName}-policy`,
        { name: `${this.roleName}-policy`, role: this.role.name, policy: policyJson(args.statements) },
        { parent: this },
      );
    }
    (args.managedPolicyArns ?? []).forEach((policyArn, index) => {
      this.attachments.push(
        new aws.iam.RolePolicyAttachment(
          `${this.roleName}-attachment-${index}`,
          { role: this.role.name, policyArn },
          { parent: this },
        ),
      );
    });
    this.registerOutputs({ roleName: this.roleName, roleArn: this.roleArn });
  }

  /** The role and its policies: depend on this before a service uses the role. */
  get readyDependencies(): pulumi.Resource[] {
    return [this.role, ...(this.policy ? [this.policy] : []), ...this.attachments];
  }
}

export function trustPolicyStatements(ctx: ScenarioContext, trust: RoleTrust): PolicyStatement[] {
  if ("services" in trust) {
    if (trust.services.length === 0)
      throw new LeastPrivilegeError("A service trust needs at least one service.");
    return [
      {
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: trust.services },
        Action: "sts:AssumeRole",
        ...(trust.conditions ? { Condition: trust.conditions } : {}),
      },
    ];
  }
  if (Object.keys(trust.conditions).length === 0) {
    throw new LeastPrivilegeError(
      "A same-account trust needs conditions (session tags, MFA, principal tags...).",
    );
  }
  return [
    {
      Sid: "TrustSameAccount",
      Effect: "Allow",
      Principal: { AWS: ctx.accountRootArn },
      Action: trust.actions ?? ["sts:AssumeRole"],
      Condition: trust.conditions,
    },
  ];
}
