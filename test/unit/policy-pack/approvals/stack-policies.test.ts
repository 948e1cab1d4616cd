/**
 * Exact outputs of the stack policies over tables of graphs: every encrypted part of every
 * customer-managed-key spec with every kind of key reference and flag value (generated from the
 * specs themselves), and the network and logging policies over small stacks wired the way a
 * preview wires them. See approval.ts.
 */
import { DATABASE_SPECS } from "../../../../policy-pack/policies/encryption/encryption-database-cmk";
import { LOG_SPECS } from "../../../../policy-pack/policies/encryption/encryption-log-cmk";
import { MESSAGING_SPECS } from "../../../../policy-pack/policies/encryption/encryption-messaging-cmk";
import { SECRETS_SPECS } from "../../../../policy-pack/policies/encryption/encryption-secrets-cmk";
import type {
  EncryptedPart,
  EncryptionSpec,
} from "../../../../policy-pack/policies/encryption/encryption-specs";
import { STORAGE_SPECS } from "../../../../policy-pack/policies/encryption/encryption-storage-cmk";
import type { StackResourceCase } from "../harness";
import {
  ABSENT,
  EDGE_VALUES,
  UNKNOWN,
  approveAll,
  stackResource as r,
  type Case,
  type StackCase,
} from "./approval";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const STACK_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const ALLOWED_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/abcd";

/** The stack's keys: one with a known ARN (an update preview), one unknown, aliases of both kinds. */
const KEYRING: StackResourceCase[] = [
  r(KEY, "known-key", { arn: STACK_KEY_ARN, keyId: "11111111-2222-3333-4444-555555555555", id: "k-1" }),
  r(KEY, "new-key", { arn: UNKNOWN, keyId: UNKNOWN }),
  r(
    ALIAS,
    "key-alias",
    { name: "alias/data", arn: UNKNOWN, targetKeyId: UNKNOWN },
    { targetKeyId: ["new-key"] },
  ),
  r(ALIAS, "literal-alias", {
    name: "alias/literal",
    arn: "arn:aws:kms:us-east-1:123456789012:alias/literal",
    targetKeyId: STACK_KEY_ARN,
  }),
  r(ALIAS, "foreign-alias", {
    name: "alias/foreign",
    targetKeyId: "arn:aws:kms:us-east-1:999999999999:key/x",
  }),
  r(ALIAS, "unknown-target-alias", { name: "alias/unknown", targetKeyId: UNKNOWN }),
  r(STACK_REFERENCE, "other-stack", { name: "org/keys/prod", outputs: UNKNOWN }),
  r("aws:s3/bucket:Bucket", "helper", { arn: UNKNOWN }),
];

/** Key references: [label, value, the resources the input is built from]. */
const KEY_REFERENCES: Array<[string, unknown, string[]]> = [
  ["absent", ABSENT, []],
  ["null", null, []],
  ["empty", "", []],
  ["unknown from a stack key", UNKNOWN, ["new-key"]],
  ["unknown from an alias of a stack key", UNKNOWN, ["key-alias"]],
  ["unknown from an alias with an unknown target", UNKNOWN, ["unknown-target-alias"]],
  ["unknown from a StackReference", UNKNOWN, ["other-stack"]],
  [
    "unknown from four other resources",
    UNKNOWN,
    ["other-stack", "helper", "foreign-alias", "unknown-target-alias"],
  ],
  ["unknown from nothing", UNKNOWN, []],
  ["the known ARN of a stack key", STACK_KEY_ARN, []],
  ["the key id of a stack key", "11111111-2222-3333-4444-555555555555", []],
  ["the id of a stack key", "k-1", []],
  ["the name of an alias of a stack key", "alias/literal", []],
  ["the ARN of an alias of a stack key", "arn:aws:kms:us-east-1:123456789012:alias/literal", []],
  ["a foreign alias name", "alias/foreign", []],
  ["an allowed ARN", ALLOWED_KEY_ARN, []],
  ["another ARN", "arn:aws:kms:us-east-1:999999999999:key/zzz", []],
  ["an AWS managed alias", "alias/aws/rds", []],
  ["an AWS managed alias ARN", "arn:aws:kms:us-east-1:123456789012:alias/aws/s3", []],
  ["an AWS managed alias from a stack key", "alias/aws/rds", ["new-key"]],
  ["a number", 5, []],
  ["an object", { id: "x" }, []],
];

/** Sets a dotted path in a fresh object tree. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let current = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof current[key] !== "object" || current[key] === null) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  if (value !== ABSENT) current[keys[keys.length - 1]] = value;
}

/** The value that satisfies a requirement ("true" or the first accepted string). */
function satisfying(expected: string): unknown {
  return expected === "true" ? true : JSON.parse(expected.split(" or ")[0]);
}

function partProps(
  part: EncryptedPart,
  key: unknown,
  requirementValue?: [string, unknown],
): Record<string, unknown> {
  const inner: Record<string, unknown> = {};
  for (const requirement of part.requires ?? []) {
    const value =
      requirementValue && requirementValue[0] === requirement.path
        ? requirementValue[1]
        : satisfying(requirement.expected);
    setPath(inner, requirement.path, value);
  }
  setPath(inner, part.key, key);
  if (!part.at) return inner;
  const wrapped: Record<string, unknown> = {};
  setPath(wrapped, part.at, inner);
  return wrapped;
}

function topInput(part: EncryptedPart): string {
  return (part.at ?? part.key).split(".")[0];
}

/** Every part of every spec of a CMK policy, with every key reference and every requirement value. */
function cmkCases(policy: string, specs: readonly EncryptionSpec[]): StackCase[] {
  const cases: StackCase[] = [];
  for (const spec of specs) {
    spec.parts.forEach((part, index) => {
      const label = `${spec.type} part ${index} (${part.at ? `${part.at}.` : ""}${part.key})`;
      for (const [refLabel, value, sources] of KEY_REFERENCES) {
        cases.push({
          policy,
          title: `${label}: key ${refLabel}`,
          resources: [
            ...KEYRING,
            r(spec.type, "subject", partProps(part, value), { [topInput(part)]: sources }),
          ],
          config: { allowedKeyArns: ["arn:aws:kms:*:111122223333:key/*"] },
        });
      }
      for (const requirement of part.requires ?? []) {
        for (const [valueLabel, value] of EDGE_VALUES) {
          cases.push({
            policy,
            title: `${label}: ${requirement.path}=${valueLabel}`,
            resources: [
              ...KEYRING,
              r(spec.type, "subject", partProps(part, UNKNOWN, [requirement.path, value]), {
                [topInput(part)]: ["new-key"],
              }),
            ],
          });
        }
      }
      if (part.at) {
        cases.push(
          {
            policy,
            title: `${label}: two elements, one without a key`,
            resources: [
              ...KEYRING,
              r(
                spec.type,
                "subject",
                {
                  [part.at.split(".")[0]]: [
                    partProps({ ...part, at: undefined }, UNKNOWN),
                    partProps({ ...part, at: undefined }, ABSENT),
                  ],
                },
                {
                  [topInput(part)]: ["new-key"],
                },
              ),
            ],
          },
          {
            policy,
            title: `${label}: the list itself unknown from nothing`,
            resources: [...KEYRING, r(spec.type, "subject", { [part.at.split(".")[0]]: UNKNOWN })],
          },
          {
            policy,
            title: `${label}: the list empty`,
            resources: [...KEYRING, r(spec.type, "subject", { [part.at.split(".")[0]]: [] })],
          },
        );
      }
    });
    cases.push({
      policy,
      title: `${spec.type}: nothing set`,
      resources: [r(spec.type, "subject", {})],
    });
  }
  cases.push(
    {
      policy,
      title: "unverifiable references deferred when configured",
      resources: specs
        .map((spec, i) => {
          const part = spec.parts[0];
          return r(spec.type, `subject-${i}`, partProps(part, UNKNOWN), {
            [topInput(part)]: ["other-stack"],
          });
        })
        .concat(KEYRING),
      config: { unverifiedKeyReferences: "defer" },
    },
    ...[
      ["allowedKeyArns with an empty pattern", { allowedKeyArns: [" "] }],
      ["allowedKeyArns not a list", { allowedKeyArns: "arn:*" }],
      ["unverifiedKeyReferences unknown", { unverifiedKeyReferences: "ignore" }],
    ].map(([label, config]) => ({
      policy,
      title: `config: ${label}`,
      resources: [],
      config: config as Record<string, unknown>,
    })),
  );
  return cases;
}

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SSE_V2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
const sseRule = (algorithm: unknown, key: unknown) => ({
  applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, kmsMasterKeyId: key },
});

const s3Cases: Case[] = [
  ...[BUCKET, BUCKET_V2].flatMap((bucketType) =>
    [SSE, SSE_V2].flatMap((sseType) =>
      [
        ["linked by dependency", { bucket: UNKNOWN }, { bucket: ["data"] }],
        ["linked by name", { bucket: "finguard-data" }, {}],
        ["linked by another name", { bucket: "other-name" }, {}],
        ["not linked", { bucket: UNKNOWN }, {}],
        ["linked to an empty name", { bucket: "" }, {}],
      ].map(([label, link, deps]) => ({
        policy: "encryption-s3-cmk",
        title: `${bucketType} + ${sseType} ${label}`,
        resources: [
          ...KEYRING,
          r(bucketType, "data", { bucket: "finguard-data" }),
          r(
            sseType,
            "data-sse",
            { ...(link as object), rules: [sseRule("aws:kms", UNKNOWN)] },
            {
              ...(deps as Record<string, string[]>),
              rules: ["new-key"],
            },
          ),
        ],
      })),
    ),
  ),
  ...[
    ["SSE-S3", [sseRule("AES256", ABSENT)]],
    ["DSSE-KMS with a stack key", [sseRule("aws:kms:dsse", UNKNOWN)]],
    ["no rules", []],
    ["rules unknown", UNKNOWN],
    ["a rule without default encryption", [{ bucketKeyEnabled: true }]],
    ["two rules, one AES256", [sseRule("aws:kms", UNKNOWN), sseRule("AES256", ABSENT)]],
    ["algorithm unknown", [sseRule(UNKNOWN, UNKNOWN)]],
  ].map(([label, rules]) => ({
    policy: "encryption-s3-cmk",
    title: `configuration: ${label}`,
    resources: [
      ...KEYRING,
      r(BUCKET, "data", { bucket: "finguard-data" }),
      r(SSE, "data-sse", { bucket: UNKNOWN, rules }, { bucket: ["data"], rules: ["new-key"] }),
    ],
  })),
  ...[
    [
      "inline SSE-KMS with a stack key",
      { serverSideEncryptionConfiguration: { rule: sseRule("aws:kms", UNKNOWN) } },
    ],
    ["inline AES256", { serverSideEncryptionConfiguration: { rule: sseRule("AES256", ABSENT) } }],
    ["inline unknown from nothing", { serverSideEncryptionConfiguration: UNKNOWN }],
    ["nothing", {}],
  ].map(([label, props]) => ({
    policy: "encryption-s3-cmk",
    title: `bucket: ${label}`,
    resources: [
      ...KEYRING,
      r(BUCKET, "data", props as Record<string, unknown>, { serverSideEncryptionConfiguration: ["new-key"] }),
    ],
  })),
  {
    policy: "encryption-s3-cmk",
    title: "bucketV2 with inline configurations",
    resources: [
      ...KEYRING,
      r(
        BUCKET_V2,
        "data",
        {
          serverSideEncryptionConfigurations: [
            {
              rules: [
                {
                  applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }],
                },
              ],
            },
          ],
        },
        { serverSideEncryptionConfigurations: ["new-key"] },
      ),
      r(BUCKET_V2, "bare"),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Network
// ---------------------------------------------------------------------------------------------

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const EIGW = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway";
const ATTACHMENT = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const NAT = "aws:ec2/natGateway:NatGateway";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const INSTANCE = "aws:ec2/instance:Instance";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const EIP = "aws:ec2/eip:Eip";
const EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const DMZ = { authorizedDmzVpcs: ["*::aws:ec2/vpc:Vpc::dmz-vpc"] };

const NETWORK: StackResourceCase[] = [
  r(VPC, "core-vpc", { cidrBlock: "10.0.0.0/16" }),
  r(VPC, "dmz-vpc", { cidrBlock: "10.1.0.0/16" }),
  r(SUBNET, "core-subnet", { vpcId: UNKNOWN, cidrBlock: "10.0.1.0/24" }, { vpcId: ["core-vpc"] }),
  r(SUBNET, "dmz-subnet", { vpcId: UNKNOWN, cidrBlock: "10.1.1.0/24" }, { vpcId: ["dmz-vpc"] }),
  r(ROUTE_TABLE, "core-rt", { vpcId: UNKNOWN }, { vpcId: ["core-vpc"] }),
  r(ROUTE_TABLE, "dmz-rt", { vpcId: UNKNOWN }, { vpcId: ["dmz-vpc"] }),
  r(SG, "core-sg", { vpcId: UNKNOWN }, { vpcId: ["core-vpc"] }),
  r(SG, "dmz-sg", { vpcId: UNKNOWN }, { vpcId: ["dmz-vpc"] }),
  r(IGW, "core-igw", { vpcId: UNKNOWN }, { vpcId: ["core-vpc"] }),
  r(IGW, "dmz-igw", { vpcId: UNKNOWN }, { vpcId: ["dmz-vpc"] }),
  r(STACK_REFERENCE, "other-stack", { outputs: UNKNOWN }),
];
const network = (...extra: StackResourceCase[]) => [...NETWORK, ...extra];

function networkCases(policy: string, variants: Array<[string, StackResourceCase[]]>): StackCase[] {
  return variants.flatMap(([label, resources]) => [
    { policy, title: label, resources: network(...resources) },
    { policy, title: `${label} (DMZ allow-listed)`, resources: network(...resources), config: DMZ },
  ]);
}

const gatewayCases = networkCases("network-no-internet-gateway", [
  ["gateways in their VPCs", []],
  ["a detached gateway", [r(IGW, "spare-igw")]],
  [
    "an attached gateway",
    [
      r(IGW, "free-igw"),
      r(
        ATTACHMENT,
        "attach",
        { vpcId: UNKNOWN, internetGatewayId: UNKNOWN },
        { vpcId: ["dmz-vpc"], internetGatewayId: ["free-igw"] },
      ),
    ],
  ],
  [
    "a gateway attached to both VPCs",
    [
      r(IGW, "both-igw"),
      r(ATTACHMENT, "a1", {}, { vpcId: ["dmz-vpc"], internetGatewayId: ["both-igw"] }),
      r(ATTACHMENT, "a2", {}, { vpcId: ["core-vpc"], internetGatewayId: ["both-igw"] }),
    ],
  ],
  ["an egress-only gateway", [r(EIGW, "eigw", { vpcId: UNKNOWN }, { vpcId: ["dmz-vpc"] })]],
  ["a gateway in a VPC of another stack", [r(IGW, "far-igw", { vpcId: "vpc-0123" })]],
  [
    "a consumer that does not use it as the gateway",
    [r(IGW, "odd-igw"), r(ATTACHMENT, "odd", {}, { vpcId: ["dmz-vpc"] }, { dependencies: ["odd-igw"] })],
  ],
]);

const routeCases = networkCases("network-no-internet-route", [
  [
    "a route built from a gateway",
    [
      r(
        ROUTE,
        "default",
        { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN },
        { routeTableId: ["core-rt"], gatewayId: ["core-igw"] },
      ),
    ],
  ],
  [
    "a route in the DMZ built from its gateway",
    [
      r(
        ROUTE,
        "default",
        { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN },
        { routeTableId: ["dmz-rt"], gatewayId: ["dmz-igw"] },
      ),
    ],
  ],
  [
    "a literal igw id",
    [
      r(
        ROUTE,
        "literal",
        { routeTableId: UNKNOWN, destinationIpv6CidrBlock: "::/0", gatewayId: "igw-0abc" },
        { routeTableId: ["core-rt"] },
      ),
    ],
  ],
  [
    "a literal eigw id",
    [
      r(
        ROUTE,
        "literal-e",
        { routeTableId: UNKNOWN, gatewayId: "eigw-0abc", destinationPrefixListId: "pl-1" },
        { routeTableId: ["core-rt"] },
      ),
    ],
  ],
  [
    "a vgw id",
    [
      r(
        ROUTE,
        "vgw",
        { routeTableId: UNKNOWN, destinationCidrBlock: "10.9.0.0/16", gatewayId: "vgw-1" },
        { routeTableId: ["core-rt"] },
      ),
    ],
  ],
  [
    "an egress-only id",
    [
      r(
        ROUTE,
        "egress",
        { routeTableId: UNKNOWN, destinationIpv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" },
        { routeTableId: ["core-rt"] },
      ),
    ],
  ],
  [
    "an egress-only gateway of the stack",
    [
      r(EIGW, "eigw", { vpcId: UNKNOWN }, { vpcId: ["core-vpc"] }),
      r(
        ROUTE,
        "egress",
        { routeTableId: UNKNOWN, egressOnlyGatewayId: UNKNOWN },
        { routeTableId: ["core-rt"], egressOnlyGatewayId: ["eigw"] },
      ),
    ],
  ],
  [
    "a target from another stack",
    [
      r(
        ROUTE,
        "remote",
        { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN },
        { routeTableId: ["core-rt"], gatewayId: ["other-stack"] },
      ),
    ],
  ],
  [
    "a target unknown from nothing",
    [r(ROUTE, "nothing", { routeTableId: UNKNOWN, gatewayId: UNKNOWN }, { routeTableId: ["core-rt"] })],
  ],
  [
    "an empty gateway id",
    [
      r(
        ROUTE,
        "empty",
        { routeTableId: UNKNOWN, gatewayId: "", egressOnlyGatewayId: "" },
        { routeTableId: ["core-rt"] },
      ),
    ],
  ],
  [
    "inline routes",
    [
      r(
        ROUTE_TABLE,
        "inline-rt",
        {
          vpcId: UNKNOWN,
          routes: [
            { cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
            { ipv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-2" },
            { destinationPrefixListId: "pl-9", gatewayId: "igw-3" },
            { cidrBlock: "10.0.0.0/8", transitGatewayId: "tgw-1" },
          ],
        },
        { vpcId: ["core-vpc"] },
      ),
    ],
  ],
  [
    "inline routes built from a gateway",
    [
      r(
        ROUTE_TABLE,
        "inline-rt",
        { vpcId: UNKNOWN, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }] },
        { vpcId: ["core-vpc"], routes: ["core-igw"] },
      ),
    ],
  ],
  [
    "inline routes unknown from a gateway",
    [
      r(
        ROUTE_TABLE,
        "inline-rt",
        { vpcId: UNKNOWN, routes: UNKNOWN },
        { vpcId: ["core-vpc"], routes: ["core-igw"] },
      ),
    ],
  ],
  [
    "inline routes malformed",
    [
      r(
        ROUTE_TABLE,
        "inline-rt",
        { vpcId: UNKNOWN, routes: { cidrBlock: "0.0.0.0/0" } },
        { vpcId: ["core-vpc"] },
      ),
    ],
  ],
  [
    "an inline route malformed",
    [
      r(
        DEFAULT_ROUTE_TABLE,
        "default-rt",
        { defaultRouteTableId: UNKNOWN, routes: ["igw-1", null] },
        { defaultRouteTableId: ["core-vpc"] },
      ),
    ],
  ],
  [
    "a route whose table is outside the stack",
    [
      r(
        ROUTE,
        "orphan",
        { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN },
        { gatewayId: ["dmz-igw"] },
      ),
    ],
  ],
]);

const natCases = networkCases("network-no-nat-gateway", [
  ...(["public", "private", ABSENT, null, "", UNKNOWN, 5] as unknown[]).map(
    (connectivityType): [string, StackResourceCase[]] => [
      `connectivityType ${JSON.stringify(connectivityType === ABSENT ? "absent" : connectivityType)}`,
      [r(NAT, "nat", { subnetId: UNKNOWN, connectivityType }, { subnetId: ["core-subnet"] })],
    ],
  ),
  [
    "connectivityType unknown from another stack",
    [
      r(
        NAT,
        "nat",
        { subnetId: UNKNOWN, connectivityType: UNKNOWN },
        { subnetId: ["dmz-subnet"], connectivityType: ["other-stack"] },
      ),
    ],
  ],
  ["a NAT gateway in the DMZ", [r(NAT, "nat", { subnetId: UNKNOWN }, { subnetId: ["dmz-subnet"] })]],
]);

const subnetCases = networkCases("network-no-public-subnet", [
  ...EDGE_VALUES.map(([label, value]): [string, StackResourceCase[]] => [
    `mapPublicIpOnLaunch=${label}`,
    [r(SUBNET, "s", { vpcId: UNKNOWN, mapPublicIpOnLaunch: value }, { vpcId: ["core-vpc"] })],
  ]),
  [
    "assignIpv6AddressOnCreation true",
    [r(SUBNET, "s6", { vpcId: UNKNOWN, assignIpv6AddressOnCreation: true }, { vpcId: ["dmz-vpc"] })],
  ],
  ["a default subnet", [r("aws:ec2/defaultSubnet:DefaultSubnet", "ds", { availabilityZone: "us-east-1a" })]],
]);

const publicIpCases = networkCases("network-no-public-ip", [
  ...EDGE_VALUES.map(([label, value]): [string, StackResourceCase[]] => [
    `instance associatePublicIpAddress=${label}`,
    [r(INSTANCE, "i", { subnetId: UNKNOWN, associatePublicIpAddress: value }, { subnetId: ["core-subnet"] })],
  ]),
  [
    "an instance in the DMZ with a public IP",
    [r(INSTANCE, "i", { subnetId: UNKNOWN, associatePublicIpAddress: true }, { subnetId: ["dmz-subnet"] })],
  ],
  [
    "a launch template with public network interfaces",
    [
      r(
        LAUNCH_TEMPLATE,
        "lt",
        {
          networkInterfaces: [
            { associatePublicIpAddress: "true", subnetId: UNKNOWN },
            { associatePublicIpAddress: false },
            "bad",
            { associatePublicIpAddress: UNKNOWN },
          ],
        },
        { networkInterfaces: ["core-subnet"] },
      ),
    ],
  ],
  [
    "a launch template whose interfaces are unknown",
    [r(LAUNCH_TEMPLATE, "lt", { networkInterfaces: UNKNOWN }, { networkInterfaces: ["core-subnet"] })],
  ],
  [
    "a launch template whose interfaces are malformed",
    [r(LAUNCH_TEMPLATE, "lt", { networkInterfaces: { associatePublicIpAddress: true } })],
  ],
  [
    "an EIP on an instance",
    [
      r(INSTANCE, "i", { subnetId: UNKNOWN }, { subnetId: ["core-subnet"] }),
      r(EIP, "eip", { instance: UNKNOWN, domain: "vpc" }, { instance: ["i"] }),
    ],
  ],
  ["an unattached EIP", [r(EIP, "eip", { domain: "vpc" })]],
  [
    "an EIP association",
    [
      r(INSTANCE, "i", { subnetId: UNKNOWN }, { subnetId: ["dmz-subnet"] }),
      r(EIP, "eip", {}),
      r(
        EIP_ASSOCIATION,
        "assoc",
        { instanceId: UNKNOWN, allocationId: UNKNOWN },
        { instanceId: ["i"], allocationId: ["eip"] },
      ),
    ],
  ],
  [
    "a spot instance with a public IP",
    [
      r(
        "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
        "spot",
        { subnetId: UNKNOWN, associatePublicIpAddress: true },
        { subnetId: ["core-subnet"] },
      ),
    ],
  ],
]);

const lbCases = networkCases("network-no-internet-facing-lb", [
  ...EDGE_VALUES.map(([label, value]): [string, StackResourceCase[]] => [
    `internal=${label}`,
    [r(LB, "lb", { subnets: [UNKNOWN], internal: value }, { subnets: ["core-subnet"] })],
  ]),
  [
    "an internet-facing classic ELB in the DMZ",
    [r("aws:elb/loadBalancer:LoadBalancer", "elb", { subnets: [UNKNOWN] }, { subnets: ["dmz-subnet"] })],
  ],
  [
    "an ALB with internal unknown from another stack",
    [
      r(
        "aws:alb/loadBalancer:LoadBalancer",
        "alb",
        { subnets: [UNKNOWN], internal: UNKNOWN },
        { subnets: ["dmz-subnet"], internal: ["other-stack"] },
      ),
    ],
  ],
]);

const ingress = (rule: Record<string, unknown>) => [
  r(SG, "web-sg", { vpcId: UNKNOWN, ingress: [rule] }, { vpcId: ["dmz-vpc"] }),
];
const ingressCases = networkCases("network-no-open-ingress", [
  ...[
    ["tcp 443 from anywhere", { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    [
      "tcp 443 from anywhere (IPv6)",
      { protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] },
    ],
    [
      "tcp 443 from anywhere, padded",
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [" 0.0.0.0/0 "] },
    ],
    ["tcp 22 from anywhere", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
    ["tcp 442-444 from anywhere", { protocol: "tcp", fromPort: 442, toPort: 444, cidrBlocks: ["0.0.0.0/0"] }],
    ["tcp 443-443 as 6", { protocol: "6", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    ["udp 443", { protocol: 17, fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    ["all traffic -1", { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    ["all traffic by name", { protocol: "all", cidrBlocks: ["0.0.0.0/0"] }],
    ["protocol absent", { fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    ["icmp", { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] }],
    ["TCP upper case, ports absent", { protocol: "TCP", cidrBlocks: ["0.0.0.0/0"] }],
    ["tcp, ports unknown", { protocol: "tcp", fromPort: UNKNOWN, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    ["a private range", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }],
    [
      "a /0 that is not the whole internet text",
      { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/0"] },
    ],
    ["a /00", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/00"] }],
    ["cidrBlocks a string", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: "0.0.0.0/0" }],
    ["cidrBlocks a number", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: 5 }],
    [
      "cidrBlocks with a number inside",
      { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [5, "0.0.0.0/0"] },
    ],
    ["cidrBlocks null", { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: null }],
  ].map(([label, rule]): [string, StackResourceCase[]] => [
    `inline ${label}`,
    ingress(rule as Record<string, unknown>),
  ]),
  [
    "inline CIDR unknown from the VPC",
    [
      r(
        SG,
        "web-sg",
        { vpcId: UNKNOWN, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [UNKNOWN] }] },
        { vpcId: ["dmz-vpc"], ingress: ["dmz-vpc"] },
      ),
    ],
  ],
  [
    "inline CIDR unknown from another stack",
    [
      r(
        SG,
        "web-sg",
        { vpcId: UNKNOWN, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [UNKNOWN] }] },
        { vpcId: ["dmz-vpc"], ingress: ["other-stack", "dmz-vpc"] },
      ),
    ],
  ],
  [
    "inline list unknown",
    [r(SG, "web-sg", { vpcId: UNKNOWN, ingress: UNKNOWN }, { vpcId: ["dmz-vpc"], ingress: ["other-stack"] })],
  ],
  [
    "inline list unknown from nothing",
    [r(SG, "web-sg", { vpcId: UNKNOWN, ingress: UNKNOWN }, { vpcId: ["dmz-vpc"] })],
  ],
  [
    "inline list malformed",
    [r(SG, "web-sg", { vpcId: UNKNOWN, ingress: { protocol: "tcp" } }, { vpcId: ["dmz-vpc"] })],
  ],
  [
    "inline entry malformed",
    [r(SG, "web-sg", { vpcId: UNKNOWN, ingress: ["tcp/22", null] }, { vpcId: ["dmz-vpc"] })],
  ],
  [
    "default security group open",
    [
      r(
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        "default-sg",
        { vpcId: UNKNOWN, ingress: [{ protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] },
        { vpcId: ["core-vpc"] },
      ),
    ],
  ],
  ...["ingress", "egress", UNKNOWN, ABSENT].map((type): [string, StackResourceCase[]] => [
    `legacy rule of type ${type === ABSENT ? "absent" : String(type)}`,
    [
      r(
        SG_RULE,
        "rule",
        {
          type,
          securityGroupId: UNKNOWN,
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["0.0.0.0/0"],
          ipv6CidrBlocks: ["::/0"],
        },
        { securityGroupId: ["dmz-sg"] },
      ),
    ],
  ]),
  [
    "standalone rule from anywhere on 22",
    [
      r(
        INGRESS_RULE,
        "ssh",
        { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" },
        { securityGroupId: ["dmz-sg"] },
      ),
    ],
  ],
  [
    "standalone rule from anywhere on 443 IPv6",
    [
      r(
        INGRESS_RULE,
        "https6",
        { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" },
        { securityGroupId: ["dmz-sg"] },
      ),
    ],
  ],
  [
    "standalone rule with a CIDR from a subnet",
    [
      r(
        INGRESS_RULE,
        "from-subnet",
        { securityGroupId: UNKNOWN, ipProtocol: "-1", cidrIpv4: UNKNOWN },
        { securityGroupId: ["core-sg"], cidrIpv4: ["core-subnet"] },
      ),
    ],
  ],
  [
    "standalone rule with a CIDR unknown from nothing",
    [
      r(
        INGRESS_RULE,
        "from-nothing",
        { securityGroupId: UNKNOWN, ipProtocol: "-1", cidrIpv4: UNKNOWN },
        { securityGroupId: ["core-sg"] },
      ),
    ],
  ],
]);
ingressCases.push(
  ...[
    ["dmzIngressPorts 22 and 443", { ...DMZ, dmzIngressPorts: [443, 22] }],
    ["dmzIngressPorts empty", { ...DMZ, dmzIngressPorts: [] }],
    ["dmzIngressPorts 442-444", { ...DMZ, dmzIngressPorts: [444, 442, 443] }],
  ].flatMap(([label, config]) =>
    [
      { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 442, toPort: 444, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
    ].map((rule) => ({
      policy: "network-no-open-ingress",
      title: `${label}: tcp ${rule.fromPort}-${rule.toPort}`,
      resources: network(...ingress(rule)),
      config: config as Record<string, unknown>,
    })),
  ),
  ...[
    ["dmzIngressPorts with a negative port", { dmzIngressPorts: [-1] }],
    ["dmzIngressPorts with 65536", { dmzIngressPorts: [65536] }],
    ["dmzIngressPorts with 0 and 65535", { dmzIngressPorts: [0, 65535] }],
    ["dmzIngressPorts a number", { dmzIngressPorts: 443 }],
    ["dmzIngressPorts fractional", { dmzIngressPorts: [44.3] }],
  ].map(([label, config]) => ({
    policy: "network-no-open-ingress",
    title: `config: ${label}`,
    resources: network(...ingress({ protocol: "tcp", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })),
    config: { ...DMZ, ...(config as Record<string, unknown>) },
  })),
);

const flowLogCases: Case[] = [
  ...[
    [
      "a flow log of ALL traffic",
      [r(FLOW_LOG, "fl", { vpcId: UNKNOWN, trafficType: "ALL" }, { vpcId: ["core-vpc"] })],
    ],
    [
      "a flow log of REJECT traffic",
      [r(FLOW_LOG, "fl", { vpcId: UNKNOWN, trafficType: "REJECT" }, { vpcId: ["core-vpc"] })],
    ],
    [
      "two partial flow logs",
      [
        r(FLOW_LOG, "fl1", { vpcId: UNKNOWN, trafficType: "ACCEPT" }, { vpcId: ["core-vpc"] }),
        r(FLOW_LOG, "fl2", { vpcId: UNKNOWN, trafficType: "REJECT" }, { vpcId: ["core-vpc"] }),
      ],
    ],
    [
      "a flow log with unknown traffic type",
      [
        r(
          FLOW_LOG,
          "fl",
          { vpcId: UNKNOWN, trafficType: UNKNOWN },
          { vpcId: ["core-vpc"], trafficType: ["other-stack"] },
        ),
      ],
    ],
    [
      "a flow log with traffic type unknown from nothing",
      [r(FLOW_LOG, "fl", { vpcId: UNKNOWN, trafficType: UNKNOWN }, { vpcId: ["core-vpc"] })],
    ],
    [
      "a flow log depending on the VPC otherwise",
      [
        r(
          FLOW_LOG,
          "fl",
          { eniId: UNKNOWN, trafficType: "ALL" },
          { eniId: ["core-vpc"] },
          { dependencies: ["core-vpc"] },
        ),
      ],
    ],
    ["a flow log without traffic type", [r(FLOW_LOG, "fl", { vpcId: UNKNOWN }, { vpcId: ["core-vpc"] })]],
    ["no flow log", []],
  ].map(([label, extra]) => ({
    policy: "network-vpc-flow-logs",
    title: label as string,
    resources: [
      r(VPC, "core-vpc", { cidrBlock: "10.0.0.0/16" }),
      r("aws:ec2/defaultVpc:DefaultVpc", "default-vpc"),
      r(STACK_REFERENCE, "other-stack", {}),
      ...(extra as StackResourceCase[]),
    ],
  })),
];

// ---------------------------------------------------------------------------------------------
// Logging: buckets that receive logs keep them long enough
// ---------------------------------------------------------------------------------------------

const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const LIFECYCLE_V2 = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const TRAIL = "aws:cloudtrail/trail:Trail";
const logTarget: StackResourceCase[] = [
  r(BUCKET, "logs", { bucket: "finguard-logs" }),
  r(BUCKET, "app", { bucket: "finguard-app" }),
  r(
    LOGGING,
    "app-logging",
    { bucket: UNKNOWN, targetBucket: UNKNOWN },
    { bucket: ["app"], targetBucket: ["logs"] },
  ),
];
const lifecycle = (rules: unknown, type = LIFECYCLE) =>
  r(type, "logs-lifecycle", { bucket: UNKNOWN, rules }, { bucket: ["logs"] });
const rule = (extra: Record<string, unknown>) => ({ id: "keep", status: "Enabled", ...extra });

const bucketLifecycleCases: Case[] = [
  ...[
    ["no lifecycle", []],
    ["expires after 365 days", [lifecycle([rule({ expiration: { days: 365 } })])]],
    ["expires after 30 days", [lifecycle([rule({ expiration: { days: 30 } })])]],
    ["expires on a date", [lifecycle([rule({ expiration: { date: "2030-01-01" } })])]],
    ["expiration days as a string", [lifecycle([rule({ expiration: { days: "400" } })])]],
    ["expiration days malformed", [lifecycle([rule({ expiration: { days: "soon" } })])]],
    ["expiration an array", [lifecycle([rule({ expiration: [{ days: 1 }] })])]],
    ["never expires", [lifecycle([rule({ transitions: [{ days: 30, storageClass: "GLACIER" }] })])]],
    ["a disabled early expiry", [lifecycle([rule({ status: "Disabled", expiration: { days: 1 } })])]],
    ["status unknown", [lifecycle([rule({ status: UNKNOWN, expiration: { days: 1 } })])]],
    ["status malformed", [lifecycle([rule({ status: "On", expiration: { days: 1 } })])]],
    ["rule without id", [lifecycle([{ status: "Enabled", expiration: { days: 1 } }])]],
    ["rule with an empty id", [lifecycle([{ id: "", status: "Enabled", expiration: { days: 1 } }])]],
    ["rules unknown", [lifecycle(UNKNOWN)]],
    ["rules malformed", [lifecycle("keep forever")]],
    ["a rule malformed", [lifecycle(["x", null])]],
    [
      "transition too early",
      [lifecycle([rule({ expiration: { days: 400 }, transitions: [{ days: 1, storageClass: "GLACIER" }] })])],
    ],
    [
      "transition on a date",
      [
        lifecycle([
          rule({ expiration: { days: 400 }, transitions: [{ date: "2030-01-01", storageClass: "GLACIER" }] }),
        ]),
      ],
    ],
    [
      "transition without timing",
      [lifecycle([rule({ expiration: { days: 400 }, transitions: [{ storageClass: "GLACIER" }] })])],
    ],
    ["transitions malformed", [lifecycle([rule({ expiration: { days: 400 }, transitions: "GLACIER" })])]],
    ["a transition malformed", [lifecycle([rule({ expiration: { days: 400 }, transitions: ["GLACIER"] })])]],
    [
      "transition days malformed",
      [
        lifecycle([
          rule({ expiration: { days: 400 }, transitions: [{ days: -3, storageClass: "GLACIER" }] }),
        ]),
      ],
    ],
    ["V2 lifecycle", [lifecycle([rule({ expiration: { days: 30 } })], LIFECYCLE_V2)]],
    ["inline legacy lifecycle rules", []],
  ].map(([label, extra]) => ({
    policy: "logging-log-bucket-lifecycle",
    title: label as string,
    resources: [
      ...logTarget.map((res) =>
        label === "inline legacy lifecycle rules" && res.name === "logs"
          ? {
              ...res,
              props: {
                ...res.props,
                lifecycleRules: [
                  { enabled: true, expiration: { days: 10 } },
                  { enabled: "false", expiration: { days: 1 } },
                  { enabled: UNKNOWN },
                  { id: "x", enabled: "maybe" },
                ],
              },
            }
          : res,
      ),
      ...(extra as StackResourceCase[]),
    ],
  })),
  ...[
    [
      "a trail's bucket by name",
      [
        r(BUCKET, "trail-logs", { bucket: "finguard-trail" }),
        r(TRAIL, "trail", { s3BucketName: "finguard-trail" }),
      ],
    ],
    [
      "a trail's bucket by ARN",
      [
        r(BUCKET, "trail-logs", { bucket: "finguard-trail" }),
        r(TRAIL, "trail", { s3BucketName: "arn:aws:s3:::finguard-trail/prefix" }),
      ],
    ],
    [
      "a trail's bucket by dependency",
      [
        r(BUCKET, "trail-logs", {}),
        r(TRAIL, "trail", { s3BucketName: UNKNOWN }, { s3BucketName: ["trail-logs"] }),
      ],
    ],
    [
      "a flow log's bucket",
      [
        r(BUCKET, "flow-logs", { arn: UNKNOWN }),
        r(
          FLOW_LOG,
          "fl",
          { logDestination: UNKNOWN, logDestinationType: "s3" },
          { logDestination: ["flow-logs"] },
        ),
      ],
    ],
    [
      "a flow log to CloudWatch",
      [
        r(BUCKET, "flow-logs", { arn: UNKNOWN }),
        r(
          FLOW_LOG,
          "fl",
          { logDestination: UNKNOWN, logDestinationType: "cloud-watch-logs" },
          { logDestination: ["flow-logs"] },
        ),
      ],
    ],
    [
      "a flow log with an unknown destination type",
      [
        r(BUCKET, "flow-logs", { arn: UNKNOWN }),
        r(
          FLOW_LOG,
          "fl",
          { logDestination: UNKNOWN, logDestinationType: UNKNOWN },
          { logDestination: ["flow-logs"] },
        ),
      ],
    ],
    [
      "a load balancer's access logs",
      [
        r(BUCKET, "lb-logs", {}),
        r(LB, "lb", { accessLogs: { bucket: UNKNOWN, enabled: true } }, { accessLogs: ["lb-logs"] }),
      ],
    ],
    [
      "a load balancer's disabled access logs",
      [
        r(BUCKET, "lb-logs", {}),
        r(LB, "lb", { accessLogs: { bucket: UNKNOWN, enabled: false } }, { accessLogs: ["lb-logs"] }),
      ],
    ],
    [
      "a load balancer's access logs enabled unset",
      [r(BUCKET, "lb-logs", {}), r(LB, "lb", { accessLogs: { bucket: "lb-logs-name" } }, {})],
    ],
    [
      "a load balancer's access logs enabled unknown",
      [
        r(BUCKET, "lb-logs", { bucket: "lb-logs-name" }),
        r(LB, "lb", { accessLogs: { bucket: "lb-logs-name", enabled: UNKNOWN } }),
      ],
    ],
    [
      "a legacy inline logging target",
      [
        r(BUCKET, "inline-logs", { bucket: "finguard-inline" }),
        r(BUCKET, "site", { logging: { targetBucket: "finguard-inline" } }),
      ],
    ],
  ].map(([label, extra]) => ({
    policy: "logging-log-bucket-lifecycle",
    title: label as string,
    resources: extra as StackResourceCase[],
  })),
  ...[
    ["minimumDays 30", { minimumDays: 30 }],
    ["allowNeverExpire", { allowNeverExpire: true }],
    ["archiveDays 365", { archiveDays: 365 }],
    ["archiveDays below minimumDays", { archiveDays: 30 }],
    ["archiveDays equal minimumDays", { archiveDays: 90 }],
    ["archiveDays fractional", { archiveDays: 120.5 }],
    ["archiveDays negative", { archiveDays: -1 }],
  ].flatMap(([label, config]) =>
    [
      ["expires at 60", [rule({ expiration: { days: 60 } })]],
      [
        "expires at 400, archived at 100",
        [rule({ expiration: { days: 400 }, transitions: [{ days: 100, storageClass: "GLACIER" }] })],
      ],
      ["never expires", [rule({})]],
    ].map(([ruleLabel, rules]) => ({
      policy: "logging-log-bucket-lifecycle",
      title: `config ${label}: ${ruleLabel}`,
      resources: [...logTarget, lifecycle(rules)],
      config: config as Record<string, unknown>,
    })),
  ),
];

describe("approved outputs: stack policies, exact outputs", () => {
  approveAll("stack-policies", [
    ...cmkCases("encryption-database-cmk", DATABASE_SPECS),
    ...cmkCases("encryption-storage-cmk", STORAGE_SPECS),
    ...cmkCases("encryption-secrets-cmk", SECRETS_SPECS),
    ...cmkCases("encryption-messaging-cmk", MESSAGING_SPECS),
    ...cmkCases("encryption-log-cmk", LOG_SPECS),
    ...s3Cases,
    ...gatewayCases,
    ...routeCases,
    ...natCases,
    ...subnetCases,
    ...publicIpCases,
    ...lbCases,
    ...ingressCases,
    ...flowLogCases,
    ...bucketLifecycleCases,
  ]);
});
