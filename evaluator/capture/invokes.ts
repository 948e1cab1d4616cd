/**
 * Deterministic answers for the provider functions (data sources) programs commonly call during
 * preview. Region comes from the invoke's own `region` argument, else its provider, else
 * `aws:region` config. Every answer is derived from the inputs, the region and the fake account,
 * so two runs of the same program see the same values. Invokes not listed here are answered with
 * nothing (the recorder warns); docs/evaluating-your-programs.md lists what is answered.
 */
import { createHash } from "node:crypto";
import {
  arn,
  awsPartition,
  FAKE_ACCOUNT_ID,
  fakeId,
  str,
  type InvokeAnswer,
  type InvokeContext,
  type Properties,
} from "./invoke-support";
import { NETWORK_INVOKES } from "./invokes-network";
import { computePolicyDocument, type PolicyDocumentArgs } from "./policy-document";

export { awsPartition, FAKE_ACCOUNT_ID, type InvokeContext } from "./invoke-support";

const ANSWERS: Record<string, InvokeAnswer> = {
  "aws:index/getRegion:getRegion": getRegion,
  "aws:index/getAvailabilityZones:getAvailabilityZones": getAvailabilityZones,
  "aws:index/getCallerIdentity:getCallerIdentity": getCallerIdentity,
  "aws:index/getPartition:getPartition": (_inputs, region) => ({ ...awsPartition(region) }),
  "aws:index/getDefaultTags:getDefaultTags": getDefaultTags,
  "aws:ec2/getAmi:getAmi": getAmi,
  "aws:ec2/getAmiIds:getAmiIds": getAmiIds,
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => ({
    ...inputs,
    ...computePolicyDocument(inputs as PolicyDocumentArgs),
  }),
  "aws:iam/getRole:getRole": getRole,
  "aws:iam/getPolicy:getPolicy": getPolicy,
  "aws:ssm/getParameter:getParameter": getParameter,
  "aws:kms/getAlias:getAlias": getAlias,
  "aws:kms/getKey:getKey": getKey,
  "aws:route53/getZone:getZone": getZone,
  "aws:ecr/getAuthorizationToken:getAuthorizationToken": getAuthorizationToken,
  ...NETWORK_INVOKES,
};

/** Tokens answered offline, for the docs and the warning about unanswered ones. */
export const ANSWERED_INVOKES: readonly string[] = Object.keys(ANSWERS).sort();

/** The answer to a known invoke, or undefined when the evaluator cannot answer it. */
export function answerInvoke(
  token: string,
  inputs: Properties,
  context: string | InvokeContext,
): Properties | undefined {
  const ctx = typeof context === "string" ? { region: context } : context;
  const answer = ANSWERS[token];
  if (!answer) return undefined;
  const region = typeof inputs.region === "string" && inputs.region !== "" ? inputs.region : ctx.region;
  return answer(inputs, region, ctx);
}

function getRegion(inputs: Properties, region: string): Properties {
  const name = str(inputs.name, region);
  const { dnsSuffix } = awsPartition(name);
  return {
    ...inputs,
    id: name,
    name,
    region: name,
    description: name,
    endpoint: `ec2.${name}.${dnsSuffix}`,
  };
}

function getAvailabilityZones(inputs: Properties, region: string): Properties {
  const excluded = new Set([
    ...(Array.isArray(inputs.excludeNames) ? inputs.excludeNames : []),
    ...(Array.isArray(inputs.excludeZoneIds) ? inputs.excludeZoneIds : []),
  ]);
  const zones = ["a", "b", "c"]
    .map((letter, index) => ({
      name: `${region}${letter}`,
      zoneId: `${zoneIdPrefix(region)}-az${index + 1}`,
    }))
    .filter((zone) => !excluded.has(zone.name) && !excluded.has(zone.zoneId));
  return {
    ...inputs,
    id: region,
    region,
    names: zones.map((zone) => zone.name),
    zoneIds: zones.map((zone) => zone.zoneId),
    groupNames: [region],
  };
}

/** us-east-1 -> use1, ap-southeast-2 -> apse2: the prefix of AWS zone ids. */
function zoneIdPrefix(region: string): string {
  const [area, direction = "", number = ""] = region.split("-");
  const compass = direction
    .replace("north", "n")
    .replace("south", "s")
    .replace("east", "e")
    .replace("west", "w")
    .replace("central", "c");
  return `${area}${compass}${number}`;
}

function getCallerIdentity(inputs: Properties, region: string): Properties {
  const { partition } = awsPartition(region);
  return {
    ...inputs,
    id: FAKE_ACCOUNT_ID,
    accountId: FAKE_ACCOUNT_ID,
    arn: `arn:${partition}:iam::${FAKE_ACCOUNT_ID}:user/finguard-offline`,
    userId: "AIDAFINGUARDOFFLINE",
  };
}

/** The provider's own `defaultTags` (a JSON string in provider inputs), as the provider answers it. */
function getDefaultTags(inputs: Properties, region: string, context: InvokeContext): Properties {
  let defaultTags = context.providerInputs?.defaultTags;
  if (typeof defaultTags === "string") {
    try {
      defaultTags = JSON.parse(defaultTags);
    } catch {
      defaultTags = undefined;
    }
  }
  const tags = (defaultTags as { tags?: unknown } | undefined)?.tags;
  return { ...inputs, id: awsPartition(region).partition, tags: isPlainObject(tags) ? tags : {} };
}

/** One fake image per distinct query, so different filters give different ids. */
function getAmi(inputs: Properties, region: string): Properties {
  const imageId = fakeId(
    "ami",
    17,
    inputs.filters,
    inputs.owners,
    inputs.nameRegex,
    inputs.mostRecent,
    region,
  );
  const { partition } = awsPartition(region);
  return {
    ...inputs,
    id: imageId,
    imageId,
    arn: `arn:${partition}:ec2:${region}::image/${imageId}`,
    name: `finguard-offline-${imageId}`,
    ownerId:
      Array.isArray(inputs.owners) && typeof inputs.owners[0] === "string"
        ? inputs.owners[0]
        : FAKE_ACCOUNT_ID,
    architecture: "x86_64",
    region,
    rootDeviceName: "/dev/xvda",
    rootDeviceType: "ebs",
    virtualizationType: "hvm",
    state: "available",
  };
}

/** Two fake images per query, newest first unless sortAscending. */
function getAmiIds(inputs: Properties, region: string): Properties {
  const ids = [1, 2].map((n) =>
    fakeId("ami", 17, inputs.filters, inputs.owners, inputs.nameRegex, region, n),
  );
  return {
    ...inputs,
    id: region,
    region,
    owners: Array.isArray(inputs.owners) ? inputs.owners : [],
    ids: inputs.sortAscending === true ? [...ids].reverse() : ids,
  };
}

/** A role trusted by its own account's root: plausible, and no policy finds fault with it. */
function getRole(inputs: Properties, region: string): Properties {
  const name = str(inputs.name, "finguard-offline-role");
  const trust = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:${awsPartition(region).partition}:iam::${FAKE_ACCOUNT_ID}:root` },
        Action: "sts:AssumeRole",
      },
    ],
  };
  return {
    ...inputs,
    id: name,
    name,
    arn: arn(region, "iam", `role/${name}`, false),
    assumeRolePolicy: JSON.stringify(trust),
    createDate: "2024-01-01T00:00:00Z",
    description: "",
    maxSessionDuration: 3600,
    path: "/",
    permissionsBoundary: "",
    roleLastUseds: [],
    tags: {},
    uniqueId: fakeId("AROA", 16, name).replace("-", "").toUpperCase(),
  };
}

/** Documents of the AWS managed policies programs attach most; others are answered without a document. */
const MANAGED_POLICY_DOCUMENTS: Record<string, object> = {
  AdministratorAccess: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  },
  PowerUserAccess: {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
      {
        Effect: "Allow",
        Action: [
          "iam:CreateServiceLinkedRole",
          "iam:DeleteServiceLinkedRole",
          "iam:ListRoles",
          "organizations:DescribeOrganization",
          "account:ListRegions",
          "account:GetAccountInformation",
        ],
        Resource: "*",
      },
    ],
  },
};

function getPolicy(inputs: Properties, region: string): Properties {
  const givenArn = str(inputs.arn, "");
  const name = str(inputs.name, givenArn.split("/").pop() || "finguard-offline-policy");
  const awsManaged = /^arn:[^:]+:iam::aws:policy\//.test(givenArn);
  const policyArn = givenArn || arn(region, "iam", `policy/${name}`, false);
  const document = awsManaged ? MANAGED_POLICY_DOCUMENTS[name] : undefined;
  return {
    ...inputs,
    id: policyArn,
    arn: policyArn,
    name,
    path: "/",
    description: "",
    attachmentCount: 0,
    policyId: fakeId("ANPA", 16, policyArn).replace("-", "").toUpperCase(),
    // A managed policy whose document is not known here: an empty document, as good as unreadable.
    policy: JSON.stringify(document ?? { Version: "2012-10-17", Statement: [] }),
    tags: {},
  };
}

function getParameter(inputs: Properties, region: string): Properties {
  const name = String(inputs.name);
  const value = `finguard-offline-parameter:${name}`;
  return {
    ...inputs,
    id: name,
    name,
    region,
    arn: arn(region, "ssm", `parameter/${name.replace(/^\//, "")}`),
    type: "String",
    value,
    insecureValue: value,
    version: 1,
  };
}

/** Key id of an alias: AWS managed aliases (alias/aws/...) and customer aliases alike, deterministic. */
function aliasKeyId(alias: string, region: string): string {
  const hex = createHash("sha256").update(`${alias}@${region}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function getAlias(inputs: Properties, region: string): Properties {
  const name = str(inputs.name, "alias/finguard-offline");
  const keyId = aliasKeyId(name, region);
  return {
    ...inputs,
    id: arn(region, "kms", name),
    arn: arn(region, "kms", name),
    name,
    region,
    targetKeyId: keyId,
    targetKeyArn: arn(region, "kms", `key/${keyId}`),
  };
}

function getKey(inputs: Properties, region: string): Properties {
  const given = str(inputs.keyId, "finguard-offline-key");
  const alias = /(^|:)(alias\/.+)$/.exec(given)?.[2];
  const keyId = alias ? aliasKeyId(alias, region) : (given.split("/").pop() ?? given);
  const keyArn = arn(region, "kms", `key/${keyId}`);
  return {
    ...inputs,
    id: keyId,
    keyId,
    arn: keyArn,
    awsAccountId: FAKE_ACCOUNT_ID,
    region,
    creationDate: "2024-01-01T00:00:00Z",
    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    keyManager: alias?.startsWith("alias/aws/") ? "AWS" : "CUSTOMER",
    keyState: "Enabled",
    enabled: true,
    description: alias ? `key behind ${alias}` : "",
    origin: "AWS_KMS",
    expirationModel: "",
    multiRegion: false,
    multiRegionConfigurations: [],
    xksKeyConfigurations: [],
    cloudHsmClusterId: "",
    customKeyStoreId: "",
    deletionDate: "",
    pendingDeletionWindowInDays: 0,
    validTo: "",
  };
}

function getZone(inputs: Properties, region: string): Properties {
  const name = str(inputs.name, "example.com").replace(/\.$/, "");
  const zoneId = str(
    inputs.zoneId,
    fakeId("Z", 19, name, inputs.privateZone === true)
      .replace("-", "")
      .toUpperCase(),
  );
  const { partition } = awsPartition(region);
  return {
    ...inputs,
    id: zoneId,
    zoneId,
    name,
    arn: `arn:${partition}:route53:::hostedzone/${zoneId}`,
    callerReference: zoneId,
    comment: "",
    privateZone: inputs.privateZone === true,
    nameServers: inputs.privateZone === true ? [] : [1, 2, 3, 4].map((n) => `ns-${n}.awsdns-offline.net`),
    primaryNameServer: inputs.privateZone === true ? "" : "ns-1.awsdns-offline.net",
    resourceRecordSetCount: 2,
    linkedServiceDescription: "",
    linkedServicePrincipal: "",
    tags: {},
    ...(typeof inputs.vpcId === "string" && { vpcId: inputs.vpcId }),
  };
}

/** A token that is obviously fake; registry URLs use the fake account. */
function getAuthorizationToken(inputs: Properties, region: string): Properties {
  const registryId = str(inputs.registryId, FAKE_ACCOUNT_ID);
  const password = "finguard-offline-ecr-password";
  const { dnsSuffix } = awsPartition(region);
  return {
    ...inputs,
    id: region,
    region,
    registryId,
    userName: "AWS",
    password,
    authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
    expiresAt: "2099-01-01T00:00:00Z",
    proxyEndpoint: `https://${registryId}.dkr.ecr.${region}.${dnsSuffix}`,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
