/**
 * IAM policy documents as typed data, serialised from values known during preview.
 *
 * CrossGuard evaluates a policy document only when it is a known string. A document built with
 * `pulumi.jsonStringify` over an output of a resource being created (an ARN, an id) is entirely
 * unknown during preview and every IAM guardrail is deferred. The components therefore build
 * ARNs from the account id (an invoke, answered during preview), the region and partition (config)
 * and the explicit physical names they choose. Keep the real ordering with `dependsOn`.
 *
 * `assertLeastPrivilege` is a pre-flight check with the same rules as the guardrails, so a
 * mistake fails the program with a clear message instead of a policy violation later.
 */
import * as pulumi from "@pulumi/pulumi";

export type ConditionValue = pulumi.Input<string> | pulumi.Input<string>[] | boolean | number;
/** `{ operator: { conditionKey: value } }`, e.g. `{ StringEquals: { "aws:SourceAccount": accountId } }`. */
export type PolicyConditions = Record<string, Record<string, ConditionValue>>;

export type PolicyPrincipal =
  | "*"
  | {
      Service?: string | string[];
      AWS?: pulumi.Input<string> | pulumi.Input<string>[];
      Federated?: string | string[];
    };

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: PolicyPrincipal;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: PolicyConditions;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Serialises statements to a JSON policy document (an Output that is known when its inputs are). */
export function policyJson(statements: PolicyStatement[]): pulumi.Output<string> {
  const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  return pulumi.jsonStringify(pulumi.output(doc));
}

/**
 * Actions that have no resource-level permissions (`Resource: "*"` is the only possibility).
 * Checked against the AWS Service Authorization Reference; extend it when a component needs more.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DescribeVpcs",
  "ec2:DescribeSecurityGroups",
  "ec2messages:AcknowledgeMessage",
  "ec2messages:DeleteMessage",
  "ec2messages:FailMessage",
  "ec2messages:GetEndpoint",
  "ec2messages:GetMessages",
  "ec2messages:SendReply",
  "ecr:GetAuthorizationToken",
  "logs:DescribeLogGroups",
  "secretsmanager:GetRandomPassword",
  "ssm:DescribeInstanceInformation",
  "ssm:DescribeInstanceProperties",
  "ssm:DescribeSessions",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
]);

/** AWS-managed policies that grant administrator or full access; never attach them. */
export function isForbiddenManagedPolicy(arn: string): boolean {
  const name = arn.split("/").pop() ?? "";
  return (
    /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn) &&
    /(AdministratorAccess|FullAccess|PowerUserAccess)/.test(name)
  );
}

export class LeastPrivilegeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LeastPrivilegeError";
  }
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export interface LeastPrivilegeOptions {
  /** Where the document lives, for error messages (e.g. the role name). */
  context: string;
  /** Extra actions allowed with `Resource: "*"` in this document. */
  wildcardResourceActions?: string[];
  /** Key policies: `Resource: "*"` means "this key" and the root principal may use kms:*. */
  keyPolicy?: boolean;
}

/**
 * Throws when a statement breaks a least-privilege guardrail: `*` or `service:*` actions,
 * `NotAction` allows, `Resource: "*"` for actions with resource-level permissions, or a wildcard
 * principal without conditions. Only plain strings are checked (Outputs are ARNs we built).
 */
export function assertLeastPrivilege(statements: PolicyStatement[], options: LeastPrivilegeOptions): void {
  const allowedWildcard = new Set([
    ...ACTIONS_WITHOUT_RESOURCE_TYPES,
    ...(options.wildcardResourceActions ?? []),
  ]);
  statements.forEach((statement, index) => {
    const where = `${options.context}, statement ${statement.Sid ?? index}`;
    const actions = asArray(statement.Action);
    if (statement.Effect === "Allow" && statement.NotAction !== undefined) {
      throw new LeastPrivilegeError(`${where}: Allow with NotAction grants everything else.`);
    }
    const rootKeyAdmin = options.keyPolicy === true && isRootPrincipal(statement.Principal);
    for (const action of actions) {
      if (statement.Effect === "Allow" && (action === "*" || /^[a-z0-9-]+:\*$/i.test(action))) {
        if (!(rootKeyAdmin && action === "kms:*")) {
          throw new LeastPrivilegeError(`${where}: action '${action}' is a service-wide wildcard.`);
        }
      }
    }
    const resources = asArray(statement.Resource);
    if (statement.Effect === "Allow" && !options.keyPolicy && resources.some((r) => r === "*")) {
      const offending = actions.filter((a) => !allowedWildcard.has(a));
      if (offending.length > 0) {
        throw new LeastPrivilegeError(
          `${where}: Resource "*" is only for actions without resource-level permissions; scope ${offending.join(", ")} to ARNs.`,
        );
      }
    }
    if (
      statement.Effect === "Allow" &&
      hasWildcardPrincipal(statement.Principal) &&
      statement.Condition === undefined
    ) {
      throw new LeastPrivilegeError(`${where}: a wildcard principal needs a Condition.`);
    }
  });
}

function hasWildcardPrincipal(principal: PolicyPrincipal | undefined): boolean {
  if (principal === undefined) return false;
  if (principal === "*") return true;
  return asArray(principal.AWS).some((p) => p === "*");
}

function isRootPrincipal(principal: PolicyPrincipal | undefined): boolean {
  return (
    principal !== undefined &&
    principal !== "*" &&
    principal.AWS !== undefined &&
    principal.Service === undefined
  );
}

/** Deny every request that does not use TLS (bucket and queue policies). */
export function denyInsecureTransport(resources: pulumi.Input<string>[]): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
