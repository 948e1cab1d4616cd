/**
 * No resource turns on an AWS deletion or termination protection, so `pulumi destroy` can delete
 * it: with the protection on, AWS refuses the delete and the destroy fails half-way.
 *
 * Covers RDS instances and RDS/Aurora, DocumentDB and Neptune (global) clusters (`deletionProtection`),
 * DynamoDB tables, log groups and DSQL clusters (`deletionProtectionEnabled`), load balancers
 * (`enableDeletionProtection`), EC2 instances and launch templates (`disableApiTermination`), EMR
 * (`terminationProtection`), Network Firewall (`deleteProtection`), Cognito user pools and
 * Verified Permissions policy stores (`ACTIVE`/`ENABLED`), EKS, Neptune Analytics, SMS voice
 * resources, and the two that are protected unless told otherwise: QLDB ledgers and CloudTrail
 * event data stores. `forceDestroy: true` on EC2 instances and DSQL clusters lets the provider
 * lift the protection itself, so it counts as destroyable. KMS key deletion windows belong to the
 * encryption policies.
 *
 * No PCI DSS requirement demands destroyable stacks (nearest: 6.5.6 test data removed, 3.2.1
 * disposal, 12.5.1 inventory), and deletion protection on production databases and log stores
 * serves 10.5.1, so the severity is low and `environments` limits the rule to where
 * destroyability is wanted.
 */
import type { RawConfig } from "../../lib/config";
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isUnknown, undecidable } from "../../lib/values";
import {
  ENVIRONMENT_SCOPE_SCHEMA,
  readEnvironmentScope,
  scoped,
  type EnvironmentScope,
} from "./environment-scope";
import { describeValue, parseFlag } from "./setting-values";

export type NoDeletionProtectionConfig = EnvironmentScope;

interface ProtectionSetting {
  property: string;
  /** How the property is read: a boolean, or a string with its protecting and unprotecting values. */
  values: { kind: "flag" } | { kind: "enum"; protecting: string; unprotecting: string };
  /** What AWS does when the program leaves the property unset. */
  protectedWhenUnset: boolean;
  /** An input with which the provider lifts the protection itself before deleting. */
  liftedBy?: string;
  types: readonly string[];
}

const flag = { kind: "flag" } as const;

const SETTINGS: readonly ProtectionSetting[] = [
  {
    property: "deletionProtection",
    values: flag,
    protectedWhenUnset: false,
    types: [
      "aws:rds/instance:Instance",
      "aws:rds/cluster:Cluster",
      "aws:rds/globalCluster:GlobalCluster",
      "aws:docdb/cluster:Cluster",
      "aws:docdb/globalCluster:GlobalCluster",
      "aws:neptune/cluster:Cluster",
      "aws:neptune/globalCluster:GlobalCluster",
      // The provider documents no default for Neptune Analytics: only an explicit true is reported.
      "aws:neptunegraph/graph:Graph",
      "aws:eks/cluster:Cluster",
    ],
  },
  {
    property: "deletionProtection",
    values: flag,
    protectedWhenUnset: true,
    types: ["aws:qldb/ledger:Ledger"],
  },
  {
    property: "deletionProtectionEnabled",
    values: flag,
    protectedWhenUnset: false,
    types: [
      "aws:dynamodb/table:Table",
      "aws:dynamodb/tableReplica:TableReplica",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
      "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
      "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId",
    ],
  },
  {
    property: "deletionProtectionEnabled",
    values: flag,
    protectedWhenUnset: false,
    liftedBy: "forceDestroy",
    types: ["aws:dsql/cluster:Cluster"],
  },
  {
    property: "enableDeletionProtection",
    values: flag,
    protectedWhenUnset: false,
    types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  },
  {
    property: "disableApiTermination",
    values: flag,
    protectedWhenUnset: false,
    liftedBy: "forceDestroy",
    types: ["aws:ec2/instance:Instance", "aws:ec2/spotInstanceRequest:SpotInstanceRequest"],
  },
  // Instances launched from the template inherit termination protection.
  {
    property: "disableApiTermination",
    values: flag,
    protectedWhenUnset: false,
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
  },
  {
    property: "terminationProtection",
    values: flag,
    protectedWhenUnset: false,
    types: ["aws:emr/cluster:Cluster"],
  },
  {
    property: "deleteProtection",
    values: flag,
    protectedWhenUnset: false,
    types: ["aws:networkfirewall/firewall:Firewall"],
  },
  {
    property: "terminationProtectionEnabled",
    values: flag,
    protectedWhenUnset: true,
    types: ["aws:cloudtrail/eventDataStore:EventDataStore"],
  },
  {
    property: "deletionProtection",
    values: { kind: "enum", protecting: "ACTIVE", unprotecting: "INACTIVE" },
    protectedWhenUnset: false,
    types: ["aws:cognito/userPool:UserPool"],
  },
  {
    property: "deletionProtection",
    values: { kind: "enum", protecting: "ENABLED", unprotecting: "DISABLED" },
    protectedWhenUnset: false,
    types: ["aws:verifiedpermissions/policyStore:PolicyStore"],
  },
];

const SETTING_BY_TYPE: ReadonlyMap<string, ProtectionSetting> = new Map(
  SETTINGS.flatMap((setting) => setting.types.map((type) => [type, setting] as const)),
);

/** Whether a set value protects the resource; undefined when it is malformed. */
function protects(setting: ProtectionSetting, value: unknown): boolean | undefined {
  if (setting.values.kind === "flag") return parseFlag(value);
  if (value === setting.values.protecting) return true;
  return value === setting.values.unprotecting ? false : undefined;
}

function unprotectedValue(setting: ProtectionSetting): string {
  return setting.values.kind === "flag" ? "false" : `"${setting.values.unprotecting}"`;
}

function checkNoDeletionProtection(input: ResourceCheckInput<NoDeletionProtectionConfig>): Finding[] {
  const setting = SETTING_BY_TYPE.get(input.type);
  if (!setting) return [];
  const { property } = setting;
  const value = input.props[property];
  if (isUnknown(value)) return undecidable(property, value);
  const unset = value === undefined || value === null;
  const isProtected = unset ? setting.protectedWhenUnset : protects(setting, value);
  const expected = `Expected ${property}: ${unprotectedValue(setting)}${setting.liftedBy ? ` (or ${setting.liftedBy}: true)` : ""}.`;
  if (isProtected === undefined) {
    const allowed =
      setting.values.kind === "flag"
        ? "a boolean"
        : `"${setting.values.protecting}" or ${unprotectedValue(setting)}`;
    return [
      { id: property, message: `${property} must be ${allowed}, got ${describeValue(value)}. ${expected}` },
    ];
  }
  if (!isProtected) return [];
  if (setting.liftedBy) {
    const lifted = input.props[setting.liftedBy];
    if (isUnknown(lifted)) return undecidable(setting.liftedBy, lifted);
    if (parseFlag(lifted) === true) return [];
  }
  const shown = unset ? `not set, and AWS defaults it to protected` : describeValue(value);
  return [
    {
      id: property,
      message: `${property} is ${shown}: AWS refuses to delete this resource, so \`pulumi destroy\` fails. ${expected}`,
    },
  ];
}

export const noDeletionProtection: ResourcePolicyDefinition<NoDeletionProtectionConfig> = {
  kind: "resource",
  name: "lifecycle-no-deletion-protection",
  displayName: "No deletion protection",
  description:
    "Databases, tables, load balancers, instances and other resources do not turn on AWS deletion or termination " +
    "protection, so the stack can be destroyed.",
  area: "lifecycle",
  severity: "low",
  pci: ["6.5.6", "3.2.1", "12.5.1"],
  remediationSteps:
    "Set the protection flag named in the message to its off value (for example `deletionProtection: false`, " +
    "`enableDeletionProtection: false`, `disableApiTermination: false`) and run `pulumi up` before destroying. If the " +
    "environment must keep the protection (production data), leave it out of this policy's `environments`.",
  appliesTo: new Set(SETTING_BY_TYPE.keys()),
  configProperties: { ...ENVIRONMENT_SCOPE_SCHEMA },
  examples: {
    compliant: `new aws.dynamodb.Table("sessions-test", {
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
  billingMode: "PAY_PER_REQUEST",
  deletionProtectionEnabled: false,
});`,
    violating: `new aws.rds.Instance("payments-db-test", {
  instanceClass: "db.t4g.micro",
  engine: "postgres",
  allocatedStorage: 20,
  deletionProtection: true, // destroy fails
  skipFinalSnapshot: true,
});`,
  },
  parseConfig: (raw: RawConfig) => readEnvironmentScope(raw),
  check: scoped(checkNoDeletionProtection),
};
