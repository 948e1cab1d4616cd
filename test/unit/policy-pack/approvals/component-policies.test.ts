/**
 * Exact outputs of the awsx component policies (network-awsx-vpc-private, network-awsx-lb-internal)
 * over tables of component inputs, placements and DMZ allow-lists. See approval.ts.
 */
import { ABSENT, EDGE_VALUES, UNKNOWN, approveAll, stackResource as r, type Case } from "./approval";

const AWSX_VPC = "awsx:ec2:Vpc";
const AWSX_ALB = "awsx:lb:ApplicationLoadBalancer";
const AWSX_NLB = "awsx:lb:NetworkLoadBalancer";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

const PRIVATE_VPC = {
  subnetSpecs: [{ type: "Private" }, { type: "Isolated" }],
  natGateways: { strategy: "None" },
};

const vpcDmz = { authorizedDmzVpcs: ["*::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::dmz"] };
const vpcCase = (
  title: string,
  props: Record<string, unknown>,
  extra: Partial<Case> = {},
  deps: Record<string, string[]> = {},
): Case[] =>
  [
    { title, config: undefined },
    { title: `${title} (DMZ)`, config: vpcDmz },
  ].map((variant) => ({
    policy: "network-awsx-vpc-private",
    title: variant.title,
    resources: [r(STACK_REFERENCE, "other-stack"), r(AWSX_VPC, variant.config ? "dmz" : "core", props, deps)],
    ...(variant.config ? { config: variant.config } : {}),
    ...extra,
  }));

const vpcCases: Case[] = [
  ...vpcCase("private layout", PRIVATE_VPC),
  ...vpcCase("defaults", {}),
  ...EDGE_VALUES.flatMap(([label, value]) =>
    vpcCase(`subnetSpecs=${label}`, { ...PRIVATE_VPC, subnetSpecs: value }),
  ),
  ...EDGE_VALUES.flatMap(([label, value]) =>
    vpcCase(`natGateways=${label}`, { ...PRIVATE_VPC, natGateways: value }),
  ),
  ...EDGE_VALUES.flatMap(([label, value]) =>
    vpcCase(`natGateways.strategy=${label}`, { ...PRIVATE_VPC, natGateways: { strategy: value } }),
  ),
  ...["OnePerAz", "Single", "NONE", "oneperaz"].flatMap((strategy) =>
    [
      ["3 zones by default", {}],
      ["2 zones", { numberOfAvailabilityZones: 2 }],
      ["1 zone", { numberOfAvailabilityZones: 1 }],
      ["named zones", { availabilityZoneNames: ["us-east-1a", "us-east-1b"] }],
      ["zones unknown", { numberOfAvailabilityZones: UNKNOWN }],
    ].flatMap(([label, zones]) =>
      vpcCase(`strategy ${strategy}, ${label}`, {
        subnetSpecs: [{ type: "Private" }],
        natGateways: { strategy },
        ...(zones as object),
      }),
    ),
  ),
  ...EDGE_VALUES.flatMap(([label, value]) =>
    vpcCase(`assignGeneratedIpv6CidrBlock=${label}`, { ...PRIVATE_VPC, assignGeneratedIpv6CidrBlock: value }),
  ),
  ...[
    ["a Public spec", [{ type: "Private" }, { type: "Public" }]],
    ["a public spec in lower case", [{ type: "public" }]],
    ["a spec of an unknown type", [{ type: "DMZ" }]],
    ["a spec of a numeric type", [{ type: 5 }]],
    ["a spec with its type unknown", [{ type: UNKNOWN }]],
    ["a spec that is not an object", ["Private"]],
    ["a spec list unknown entry", [UNKNOWN]],
    ["an unused spec", [{ type: "Unused" }]],
    ["IPv6 on creation", [{ type: "Private", assignIpv6AddressOnCreation: true }]],
    ["IPv6 on creation as text", [{ type: "Private", assignIpv6AddressOnCreation: "true" }]],
    ["IPv6 off on an unused spec", [{ type: "Unused", assignIpv6AddressOnCreation: true }]],
  ].flatMap(([label, subnetSpecs]) => [
    ...vpcCase(`specs: ${label}`, { subnetSpecs, natGateways: { strategy: "None" } }),
    ...vpcCase(`specs: ${label}, IPv6 block`, {
      subnetSpecs,
      natGateways: { strategy: "None" },
      assignGeneratedIpv6CidrBlock: true,
    }),
  ]),
  ...["Auto", "Exact", "AutoMerge", "Legacy", UNKNOWN, 5].flatMap((subnetStrategy) =>
    vpcCase(`subnetStrategy ${String(subnetStrategy)}`, { ...PRIVATE_VPC, subnetStrategy }),
  ),
  ...vpcCase(
    "subnetSpecs unknown from another stack",
    { ...PRIVATE_VPC, subnetSpecs: UNKNOWN },
    {},
    { subnetSpecs: ["other-stack"] },
  ),
  ...vpcCase(
    "natGateways unknown from another stack",
    { ...PRIVATE_VPC, natGateways: UNKNOWN },
    {},
    { natGateways: ["other-stack"] },
  ),
  {
    policy: "network-awsx-vpc-private",
    title: "children in the stack: silent",
    resources: [
      r(AWSX_VPC, "core", {}),
      r(
        VPC,
        "core",
        {},
        {},
        { urn: "urn:pulumi:test::finguard-test::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::core", parent: "core" },
      ),
    ],
  },
  {
    policy: "network-awsx-vpc-private",
    title: "the component itself allow-listed",
    resources: [r(AWSX_VPC, "edge", {})],
    config: { authorizedDmzVpcs: ["*::awsx:ec2:Vpc::edge"] },
  },
  {
    policy: "network-awsx-vpc-private",
    title: "a list of allowed VPCs that does not match",
    resources: [r(AWSX_VPC, "edge", {})],
    config: { authorizedDmzVpcs: ["*::dmz-*", "*::other"] },
  },
  {
    policy: "network-awsx-vpc-private",
    title: "a short URN",
    resources: [r(AWSX_VPC, "odd", {}, {}, { urn: "odd::urn" })],
  },
];

const lbDmz = {
  authorizedDmzVpcs: ["*::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::dmz-vpc", "*::aws:ec2/vpc:Vpc::plain-dmz"],
};
const PLACEMENTS: Array<[string, Record<string, unknown>, Record<string, string[]>]> = [
  ["no subnets", {}, {}],
  ["subnets of an awsx DMZ Vpc", { subnetIds: UNKNOWN }, { subnetIds: ["dmz-vpc"] }],
  ["subnets of an awsx core Vpc", { subnetIds: UNKNOWN }, { subnetIds: ["core-vpc"] }],
  ["subnets of both", { subnetIds: UNKNOWN }, { subnetIds: ["dmz-vpc", "core-vpc"] }],
  ["plain subnets in the DMZ", { subnets: UNKNOWN }, { subnets: ["plain-dmz-subnet"] }],
  ["subnet mappings in the core", { subnetMappings: UNKNOWN }, { subnetMappings: ["plain-core-subnet"] }],
  ["subnet ids of another stack", { subnetIds: UNKNOWN }, { subnetIds: ["other-stack"] }],
  ["literal subnet ids", { subnetIds: ["subnet-1"] }, {}],
  ["security groups only", { securityGroups: UNKNOWN, subnetIds: null }, { securityGroups: ["dmz-sg"] }],
];
const lbWorld = [
  r(AWSX_VPC, "dmz-vpc"),
  r(AWSX_VPC, "core-vpc"),
  r(VPC, "plain-dmz"),
  r(VPC, "plain-core"),
  r(SUBNET, "plain-dmz-subnet", { vpcId: UNKNOWN }, { vpcId: ["plain-dmz"] }),
  r(SUBNET, "plain-core-subnet", { vpcId: UNKNOWN }, { vpcId: ["plain-core"] }),
  r(SG, "dmz-sg", { vpcId: UNKNOWN }, { vpcId: ["plain-dmz"] }),
  r(STACK_REFERENCE, "other-stack"),
];

const lbCases: Case[] = [
  ...[AWSX_ALB, AWSX_NLB].flatMap((type) =>
    PLACEMENTS.flatMap(([label, props, deps]) =>
      [
        ["internal, own groups", { internal: true, securityGroups: ["sg-1"] }],
        ["internet-facing, default group", {}],
      ].flatMap(([setup, own]) =>
        [undefined, lbDmz].map((config) => ({
          policy: "network-awsx-lb-internal",
          title: `${type} ${label}, ${setup}${config ? " (DMZ)" : ""}`,
          resources: [...lbWorld, r(type, "lb", { ...(own as object), ...props }, deps)],
          ...(config ? { config } : {}),
        })),
      ),
    ),
  ),
  ...EDGE_VALUES.map(([label, value]) => ({
    policy: "network-awsx-lb-internal",
    title: `internal=${label}`,
    resources: [
      ...lbWorld,
      r(AWSX_NLB, "lb", { internal: value, subnetIds: UNKNOWN }, { subnetIds: ["core-vpc"] }),
    ],
  })),
  ...[
    ["absent", ABSENT],
    ["null", null],
    ["a string", "sg-1"],
    ["unknown from another stack", UNKNOWN],
    ["skip", { skip: true }],
    ["skip as text", { skip: "true" }],
    ["skip false", { skip: false }],
    ["skip unknown", { skip: UNKNOWN }],
    ["securityGroupId", { securityGroupId: "sg-1" }],
    ["empty securityGroupId", { securityGroupId: "" }],
    ["securityGroupId unknown", { securityGroupId: UNKNOWN }],
    ["args", { args: { description: "x" } }],
    ["args null", { args: null }],
    ["nothing", {}],
  ].flatMap(([label, defaultSecurityGroup]) =>
    [undefined, lbDmz].map((config) => ({
      policy: "network-awsx-lb-internal",
      title: `defaultSecurityGroup ${String(label)}${config ? " (DMZ)" : ""}`,
      resources: [
        ...lbWorld,
        r(
          AWSX_ALB,
          "lb",
          { internal: true, subnetIds: UNKNOWN, defaultSecurityGroup },
          {
            subnetIds: ["dmz-vpc"],
            ...(label === "unknown from another stack" ? { defaultSecurityGroup: ["other-stack"] } : {}),
          },
        ),
      ],
      ...(config ? { config } : {}),
    })),
  ),
  {
    policy: "network-awsx-lb-internal",
    title: "securityGroups unknown from another stack",
    resources: [
      ...lbWorld,
      r(
        AWSX_ALB,
        "lb",
        { internal: true, securityGroups: UNKNOWN, subnetIds: UNKNOWN },
        { securityGroups: ["other-stack"], subnetIds: ["core-vpc"] },
      ),
    ],
  },
  {
    policy: "network-awsx-lb-internal",
    title: "children in the stack: silent",
    resources: [
      r(AWSX_ALB, "lb", {}),
      r("aws:lb/loadBalancer:LoadBalancer", "lb-child", {}, {}, { parent: "lb" }),
    ],
  },
];

describe("approved outputs: awsx component policies, exact outputs", () => {
  approveAll("component-policies", [...vpcCases, ...lbCases]);
});
