/**
 * Deterministic answers for network data sources: VPCs, subnets, security groups, AWS-managed
 * prefix lists, and awsx's default-VPC lookup.
 *
 * Looked-up VPCs and subnets are existing ones, outside the stack: their ids are plausible fakes
 * (`vpc-` + 17 hex digits derived from the query). The default VPC has AWS's documented
 * 172.31.0.0/16 and public default subnets; any other VPC gets a 10.x.0.0/16 derived from its id.
 */
import {
  arn,
  fakeId,
  fakeNumber,
  filterValue,
  str,
  type InvokeAnswer,
  type Properties,
} from "./invoke-support";

/** Zones a looked-up VPC spreads over: the first three of the region, as getAvailabilityZones answers. */
const ZONE_LETTERS = ["a", "b", "c"];

function vpcIdOf(inputs: Properties, region: string): { id: string; isDefault: boolean } {
  const given = str(inputs.id, "") || filterValue(inputs, "vpc-id");
  const isDefault = inputs.default === true || filterValue(inputs, "isDefault") === "true";
  if (given) return { id: given, isDefault };
  // No id: the query decides which VPC; no query at all means the default VPC.
  const query = [inputs.filters, inputs.tags, inputs.cidrBlock, inputs.state];
  const noQuery = query.every((part) => part === undefined);
  return {
    id: fakeId("vpc", 17, isDefault || noQuery ? "default" : query, region),
    isDefault: isDefault || noQuery,
  };
}

function vpcCidr(vpcId: string, isDefault: boolean): string {
  return isDefault ? "172.31.0.0/16" : `10.${fakeNumber(200, vpcId) + 20}.0.0/16`;
}

function getVpc(inputs: Properties, region: string): Properties {
  const { id, isDefault } = vpcIdOf(inputs, region);
  const cidrBlock = str(inputs.cidrBlock, vpcCidr(id, isDefault));
  return {
    ...inputs,
    id,
    arn: arn(region, "ec2", `vpc/${id}`),
    cidrBlock,
    cidrBlockAssociations: [
      { associationId: fakeId("vpc-cidr-assoc", 17, id), cidrBlock, state: "associated" },
    ],
    default: isDefault,
    dhcpOptionsId: fakeId("dopt", 17, region),
    enableDnsHostnames: true,
    enableDnsSupport: true,
    enableNetworkAddressUsageMetrics: false,
    instanceTenancy: "default",
    ipv6AssociationId: "",
    ipv6CidrBlock: "",
    ipv6CidrBlockAssociations: [],
    mainRouteTableId: fakeId("rtb", 17, id),
    ownerId: "123456789012",
    region,
    state: "available",
    tags: isRecord(inputs.tags) ? inputs.tags : {},
  };
}

function getVpcs(inputs: Properties, region: string): Properties {
  const { id } = vpcIdOf(inputs, region);
  return { ...inputs, id: region, region, ids: [id], tags: isRecord(inputs.tags) ? inputs.tags : {} };
}

/** One subnet per zone of the VPC the filters name (or of the default VPC). */
function subnetIdsOf(inputs: Properties, region: string): string[] {
  const vpcId = filterValue(inputs, "vpc-id") ?? vpcIdOf({}, region).id;
  const query = [inputs.filters, inputs.tags];
  return ZONE_LETTERS.map((letter) => fakeId("subnet", 17, vpcId, query, region, letter));
}

function getSubnets(inputs: Properties, region: string): Properties {
  return {
    ...inputs,
    id: region,
    region,
    ids: subnetIdsOf(inputs, region),
    tags: isRecord(inputs.tags) ? inputs.tags : {},
  };
}

function getSubnet(inputs: Properties, region: string): Properties {
  const defaultVpc = vpcIdOf({}, region).id;
  const vpcId = str(inputs.vpcId, filterValue(inputs, "vpc-id") ?? defaultVpc);
  const isDefaultVpc = vpcId === defaultVpc;
  const id = str(inputs.id, filterValue(inputs, "subnet-id") ?? fakeId("subnet", 17, inputs, region));
  const index = fakeNumber(ZONE_LETTERS.length, id);
  const zone = str(inputs.availabilityZone, `${region}${ZONE_LETTERS[index]}`);
  const vpcBlock = vpcCidr(vpcId, isDefaultVpc).split(".");
  const cidrBlock = str(
    inputs.cidrBlock,
    isDefaultVpc ? `172.31.${index * 16}.0/20` : `${vpcBlock[0]}.${vpcBlock[1]}.${index}.0/24`,
  );
  return {
    ...inputs,
    id,
    arn: arn(region, "ec2", `subnet/${id}`),
    vpcId,
    availabilityZone: zone,
    availabilityZoneId: `${zone}-id`,
    availableIpAddressCount: 250,
    cidrBlock,
    // AWS's default subnets hand out public addresses; other looked-up subnets are taken as private.
    defaultForAz: isDefaultVpc,
    mapPublicIpOnLaunch: isDefaultVpc,
    assignIpv6AddressOnCreation: false,
    customerOwnedIpv4Pool: "",
    enableDns64: false,
    enableLniAtDeviceIndex: 0,
    enableResourceNameDnsARecordOnLaunch: false,
    enableResourceNameDnsAaaaRecordOnLaunch: false,
    ipv6CidrBlock: "",
    ipv6CidrBlockAssociationId: "",
    ipv6Native: false,
    mapCustomerOwnedIpOnLaunch: false,
    outpostArn: "",
    ownerId: "123456789012",
    privateDnsHostnameTypeOnLaunch: "ip-name",
    region,
    state: "available",
    tags: isRecord(inputs.tags) ? inputs.tags : {},
  };
}

function getSecurityGroup(inputs: Properties, region: string): Properties {
  const name = str(inputs.name, filterValue(inputs, "group-name") ?? "default");
  const vpcId = str(inputs.vpcId, filterValue(inputs, "vpc-id") ?? vpcIdOf({}, region).id);
  const id = str(inputs.id, filterValue(inputs, "group-id") ?? fakeId("sg", 17, name, vpcId, region));
  return {
    ...inputs,
    id,
    name,
    vpcId,
    region,
    arn: arn(region, "ec2", `security-group/${id}`),
    description: name === "default" ? "default VPC security group" : `security group ${name}`,
    tags: isRecord(inputs.tags) ? inputs.tags : {},
  };
}

function getSecurityGroups(inputs: Properties, region: string): Properties {
  const vpcId = filterValue(inputs, "vpc-id") ?? vpcIdOf({}, region).id;
  const id = fakeId("sg", 17, inputs.filters, inputs.tags, region);
  return {
    ...inputs,
    id: region,
    region,
    ids: [id],
    arns: [arn(region, "ec2", `security-group/${id}`)],
    vpcIds: [vpcId],
    tags: isRecord(inputs.tags) ? inputs.tags : {},
  };
}

/**
 * AWS-managed prefix lists of the gateway endpoint services, with their published ids and (a
 * subset of) the address ranges AWS publishes for the region. Other regions get a plausible id
 * and one range derived from the name; the values are for judging, not for routing.
 */
const MANAGED_PREFIX_LISTS: Record<string, { id: string; cidrBlocks: string[] }> = {
  "com.amazonaws.us-east-1.s3": {
    id: "pl-63a5400a",
    cidrBlocks: ["3.5.0.0/19", "16.182.0.0/16", "18.34.0.0/19", "52.216.0.0/15", "54.231.0.0/16"],
  },
  "com.amazonaws.us-east-1.dynamodb": {
    id: "pl-02cd2c6b",
    cidrBlocks: ["3.218.176.0/22", "3.218.180.0/22", "35.71.64.0/22", "52.94.0.0/22", "52.119.224.0/20"],
  },
  "com.amazonaws.us-west-2.s3": {
    id: "pl-68a54001",
    cidrBlocks: ["3.5.76.0/22", "18.34.48.0/20", "52.92.128.0/17", "52.218.128.0/17"],
  },
  "com.amazonaws.us-west-2.dynamodb": {
    id: "pl-00a54069",
    cidrBlocks: ["35.71.72.0/22", "52.94.8.0/24", "52.119.248.0/21"],
  },
  "com.amazonaws.eu-west-1.s3": {
    id: "pl-6da54004",
    cidrBlocks: ["3.5.64.0/21", "3.5.72.0/23", "52.92.0.0/17", "52.218.0.0/17"],
  },
  "com.amazonaws.eu-west-1.dynamodb": {
    id: "pl-6fa54006",
    cidrBlocks: ["52.94.5.0/24", "52.94.24.0/23", "52.119.240.0/21"],
  },
  "com.amazonaws.eu-central-1.s3": {
    id: "pl-6ea54007",
    cidrBlocks: ["3.5.134.0/23", "3.5.136.0/22", "52.219.72.0/22", "52.219.140.0/24"],
  },
  "com.amazonaws.eu-central-1.dynamodb": {
    id: "pl-66a5400f",
    cidrBlocks: ["52.94.17.0/24", "52.119.188.0/22"],
  },
};

function getPrefixList(inputs: Properties, region: string): Properties {
  const byId = str(inputs.prefixListId, filterValue(inputs, "prefix-list-id") ?? "");
  const knownName = Object.entries(MANAGED_PREFIX_LISTS).find(([, list]) => list.id === byId)?.[0];
  const name = str(
    inputs.name,
    filterValue(inputs, "prefix-list-name") ?? knownName ?? `com.amazonaws.${region}.s3`,
  );
  const known = MANAGED_PREFIX_LISTS[name];
  const id = byId || known?.id || fakeId("pl", 8, name);
  const cidrBlocks = known?.cidrBlocks ?? [`52.94.${fakeNumber(256, name)}.0/24`];
  return { ...inputs, id, name, region, cidrBlocks, ...(byId && { prefixListId: byId }) };
}

/** awsx:ec2:getDefaultVpc (a function of the awsx plugin): the default VPC and its public subnets. */
function getDefaultVpc(inputs: Properties, region: string): Properties {
  const vpcId = vpcIdOf({}, region).id;
  return {
    ...inputs,
    vpcId,
    publicSubnetIds: subnetIdsOf({ filters: [{ name: "vpc-id", values: [vpcId] }] }, region),
    privateSubnetIds: [],
  };
}

export const NETWORK_INVOKES: Record<string, InvokeAnswer> = {
  "aws:ec2/getVpc:getVpc": getVpc,
  "aws:ec2/getVpcs:getVpcs": getVpcs,
  "aws:ec2/getSubnet:getSubnet": getSubnet,
  "aws:ec2/getSubnets:getSubnets": getSubnets,
  "aws:ec2/getSecurityGroup:getSecurityGroup": getSecurityGroup,
  "aws:ec2/getSecurityGroups:getSecurityGroups": getSecurityGroups,
  "aws:ec2/getPrefixList:getPrefixList": getPrefixList,
  "awsx:ec2:getDefaultVpc": getDefaultVpc,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
