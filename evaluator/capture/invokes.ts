/**
 * Deterministic answers for the provider functions programs commonly call during preview. Region
 * comes from the invoke's own `region` argument, else its provider, else `aws:region` config.
 */
import { createHash } from "node:crypto";
import { computePolicyDocument, type PolicyDocumentArgs } from "./policy-document";

/** The account in every fake identity and ARN (the account AWS documentation uses). */
export const FAKE_ACCOUNT_ID = "123456789012";

type Properties = Record<string, unknown>;
type InvokeAnswer = (inputs: Properties, region: string) => Properties;

const ANSWERS: Record<string, InvokeAnswer> = {
  "aws:index/getRegion:getRegion": getRegion,
  "aws:index/getAvailabilityZones:getAvailabilityZones": getAvailabilityZones,
  "aws:index/getCallerIdentity:getCallerIdentity": getCallerIdentity,
  "aws:index/getPartition:getPartition": (_inputs, region) => ({ ...awsPartition(region) }),
  "aws:ec2/getAmi:getAmi": getAmi,
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => ({
    ...inputs,
    ...computePolicyDocument(inputs as PolicyDocumentArgs),
  }),
  "aws:ssm/getParameter:getParameter": getParameter,
};

/** The answer to a known invoke, or undefined when the evaluator cannot answer it. */
export function answerInvoke(
  token: string,
  inputs: Properties,
  defaultRegion: string,
): Properties | undefined {
  const answer = ANSWERS[token];
  if (!answer) return undefined;
  const region = typeof inputs.region === "string" ? inputs.region : defaultRegion;
  return answer(inputs, region);
}

export function awsPartition(region: string): {
  id: string;
  partition: string;
  dnsSuffix: string;
  reverseDnsPrefix: string;
} {
  if (region.startsWith("cn-")) {
    return {
      id: "aws-cn",
      partition: "aws-cn",
      dnsSuffix: "amazonaws.com.cn",
      reverseDnsPrefix: "cn.com.amazonaws",
    };
  }
  const partition = region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return { id: partition, partition, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
}

function getRegion(inputs: Properties, defaultRegion: string): Properties {
  const region = typeof inputs.name === "string" ? inputs.name : defaultRegion;
  const { dnsSuffix } = awsPartition(region);
  return {
    ...inputs,
    id: region,
    name: region,
    region,
    description: region,
    endpoint: `ec2.${region}.${dnsSuffix}`,
  };
}

function getAvailabilityZones(inputs: Properties, region: string): Properties {
  const excluded = new Set(Array.isArray(inputs.excludeNames) ? inputs.excludeNames : []);
  const zones = ["a", "b", "c"]
    .map((letter, index) => ({
      name: `${region}${letter}`,
      zoneId: `${zoneIdPrefix(region)}-az${index + 1}`,
    }))
    .filter((zone) => !excluded.has(zone.name));
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

/** One fake image per distinct query, so different filters give different ids. */
function getAmi(inputs: Properties, region: string): Properties {
  const query = JSON.stringify([inputs.filters, inputs.owners, inputs.nameRegex, inputs.mostRecent, region]);
  const imageId = `ami-${createHash("sha256").update(query).digest("hex").slice(0, 17)}`;
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

function getParameter(inputs: Properties, region: string): Properties {
  const name = String(inputs.name);
  const { partition } = awsPartition(region);
  const value = `finguard-offline-parameter:${name}`;
  return {
    ...inputs,
    id: name,
    name,
    region,
    arn: `arn:${partition}:ssm:${region}:${FAKE_ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`,
    type: "String",
    value,
    insecureValue: value,
    version: 1,
  };
}
