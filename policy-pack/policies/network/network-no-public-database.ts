/**
 * No publicly accessible database (PCI DSS 1.4.4: system components that store cardholder data
 * are not directly accessible from untrusted networks; 1.3.1, 1.4.1).
 *
 * Unlike the other network policies there is no DMZ allow-list: 1.4.4 holds in a DMZ too, so the
 * decision needs nothing but the resource's own `publiclyAccessible` and stays a resource policy.
 * When it is unset, the provider's default decides: false everywhere except for DMS replication
 * instances, which AWS makes publicly accessible unless told otherwise.
 */
import type { Finding, ResourceCheckInput, ResourcePolicyDefinition } from "../../lib/policy";
import { isUnknown, undecidable } from "../../lib/values";
import { describeValue, parseBoolean } from "./settings";

interface DatabaseKind {
  label: string;
  /** What AWS uses when publiclyAccessible is unset. */
  publicWhenUnset: boolean;
}

const DATABASES: ReadonlyMap<string, DatabaseKind> = new Map([
  ["aws:rds/instance:Instance", { label: "RDS DB instance", publicWhenUnset: false }],
  ["aws:rds/clusterInstance:ClusterInstance", { label: "RDS cluster instance", publicWhenUnset: false }],
  [
    "aws:neptune/clusterInstance:ClusterInstance",
    { label: "Neptune cluster instance", publicWhenUnset: false },
  ],
  ["aws:redshift/cluster:Cluster", { label: "Redshift cluster", publicWhenUnset: false }],
  [
    "aws:redshiftserverless/workgroup:Workgroup",
    { label: "Redshift Serverless workgroup", publicWhenUnset: false },
  ],
  [
    "aws:dms/replicationInstance:ReplicationInstance",
    { label: "DMS replication instance", publicWhenUnset: true },
  ],
]);

type NoConfig = Record<string, never>;

const EXPECTED = "Expected publiclyAccessible: false (PCI DSS 1.4.4 holds in a DMZ too).";

export function checkPublicDatabase(input: ResourceCheckInput<NoConfig>): Finding[] {
  const kind = DATABASES.get(input.type);
  if (!kind) return [];
  const value = input.props.publiclyAccessible;
  if (isUnknown(value)) return undecidable("publiclyAccessible", value);
  if (value === undefined || value === null) {
    return kind.publicWhenUnset
      ? [
          {
            message: `publiclyAccessible is not set, and AWS then makes a ${kind.label} reachable from the internet. ${EXPECTED}`,
          },
        ]
      : [];
  }
  const flag = parseBoolean(value);
  if (flag === false) return [];
  if (flag === undefined)
    return [{ message: `publiclyAccessible must be a boolean, got ${describeValue(value)}. ${EXPECTED}` }];
  return [
    {
      message: `publiclyAccessible is true: the ${kind.label} gets an endpoint reachable from the internet. ${EXPECTED}`,
    },
  ];
}

export const networkNoPublicDatabase: ResourcePolicyDefinition<NoConfig> = {
  kind: "resource",
  name: "network-no-public-database",
  displayName: "No publicly accessible database",
  description:
    "RDS and Neptune instances, Redshift clusters and workgroups, and DMS replication instances are not publicly " +
    "accessible (DMS replication instances must say so explicitly).",
  area: "network",
  severity: "critical",
  pci: ["1.4.4", "1.3.1", "1.4.1"],
  remediationSteps:
    "Set publiclyAccessible: false and place the database in private subnets (a DB subnet group without a route to an " +
    "internet gateway). Give operators access through a bastion-less path such as Systems Manager port forwarding " +
    "or a VPN, never through a public endpoint.",
  appliesTo: new Set(DATABASES.keys()),
  configProperties: {},
  examples: {
    compliant: `new aws.rds.Instance("ledger-prod", { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, publiclyAccessible: false, ... });`,
    violating: `new aws.dms.ReplicationInstance("migrate-prod", { replicationInstanceId: "migrate-prod", replicationInstanceClass: "dms.t3.micro" }); // public by default`,
  },
  parseConfig: () => ({}),
  check: checkPublicDatabase,
};
