/**
 * Where IAM policy documents live in @pulumi/aws v7 inputs, and whom they speak to: identity
 * policies (attached to a principal, Resource names what it may touch), resource policies
 * (attached to one resource, Principal names who may touch it) and role trust policies.
 */
import { parsePolicyDocument, type PolicyDocument } from "../../lib/iam-document";
import { isRecord, isUnknown, type Props } from "../../lib/values";

export type Audience = "identity" | "resource" | "trust";

interface DocumentLocation {
  /** Input property; `inlinePolicies[].policy` is a list of documents. */
  property: string;
  audience: Audience;
}

const identity = (property = "policy"): DocumentLocation => ({ property, audience: "identity" });
const resource = (property = "policy"): DocumentLocation => ({ property, audience: "resource" });

const INLINE_POLICIES = "inlinePolicies[].policy";

export const DOCUMENT_LOCATIONS: ReadonlyMap<string, readonly DocumentLocation[]> = new Map([
  ["aws:iam/policy:Policy", [identity()]],
  ["aws:iam/rolePolicy:RolePolicy", [identity()]],
  ["aws:iam/userPolicy:UserPolicy", [identity()]],
  ["aws:iam/groupPolicy:GroupPolicy", [identity()]],
  ["aws:iam/role:Role", [{ property: "assumeRolePolicy", audience: "trust" }, identity(INLINE_POLICIES)]],
  ["aws:s3/bucketPolicy:BucketPolicy", [resource()]],
  ["aws:kms/key:Key", [resource()]],
  ["aws:kms/keyPolicy:KeyPolicy", [resource()]],
  ["aws:sqs/queue:Queue", [resource()]],
  ["aws:sqs/queuePolicy:QueuePolicy", [resource()]],
  ["aws:sns/topic:Topic", [resource()]],
  ["aws:sns/topicPolicy:TopicPolicy", [resource()]],
  ["aws:secretsmanager/secret:Secret", [resource()]],
  ["aws:secretsmanager/secretPolicy:SecretPolicy", [resource()]],
  ["aws:ecr/repositoryPolicy:RepositoryPolicy", [resource()]],
  ["aws:cloudwatch/logResourcePolicy:LogResourcePolicy", [resource("policyDocument")]],
] as const);

/** The resource types holding documents for any of the audiences. */
export function typesWithDocuments(...audiences: Audience[]): ReadonlySet<string> {
  return new Set(
    [...DOCUMENT_LOCATIONS]
      .filter(([, locations]) => locations.some((l) => audiences.includes(l.audience)))
      .map(([type]) => type),
  );
}

export interface LocatedDocument {
  /** The input path, e.g. `policy` or `inlinePolicies[1].policy`. */
  location: string;
  audience: Audience;
  document: PolicyDocument;
}

/** Every document of a resource, parsed; a list that is unknown or malformed as a whole is one document. */
export function documentsOf(type: string, props: Props): LocatedDocument[] {
  return (DOCUMENT_LOCATIONS.get(type) ?? []).flatMap((location) =>
    location.property === INLINE_POLICIES
      ? inlinePolicyDocuments(props.inlinePolicies)
      : [
          {
            location: location.property,
            audience: location.audience,
            document: parsePolicyDocument(props[location.property]),
          },
        ],
  );
}

function inlinePolicyDocuments(value: unknown): LocatedDocument[] {
  const located = (location: string, document: PolicyDocument): LocatedDocument => ({
    location,
    audience: "identity",
    document,
  });
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return [located("inlinePolicies", { kind: "unknown" })];
  if (!Array.isArray(value)) {
    return [
      located("inlinePolicies", {
        kind: "malformed",
        problems: ["'inlinePolicies' must be a list of {name, policy}"],
      }),
    ];
  }
  return value.map((entry, index) => {
    const at = `inlinePolicies[${index}]`;
    if (isUnknown(entry)) return located(at, { kind: "unknown" });
    if (!isRecord(entry))
      return located(at, { kind: "malformed", problems: [`'${at}' must be an object {name, policy}`] });
    return located(`${at}.policy`, parsePolicyDocument(entry.policy));
  });
}
