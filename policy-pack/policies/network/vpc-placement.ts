/**
 * Which VPCs of the stack a resource is in, found through the inputs that place it (its VPC,
 * subnets, security groups, route table or target, network interface or instance), recursively,
 * and for an internet gateway or a launch template through the resources that use it. Correlated
 * through propertyDependencies, which are known during preview when ids are not.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import {
  AUTOSCALING_GROUP,
  INSTANCE,
  INTERNET_GATEWAY,
  INTERNET_GATEWAY_ATTACHMENT,
  LAUNCH_TEMPLATE,
  SPOT_INSTANCE_REQUEST,
  VPC_TYPES,
} from "./resource-types";

/** Inputs whose sources place a resource: a VPC, or something (subnet, group, table...) in one. */
const PLACEMENT_PROPERTIES: readonly string[] = [
  "vpcId",
  "defaultRouteTableId",
  "routeTableId",
  "subnetId",
  "subnetIds",
  "subnets",
  "subnetMappings",
  "vpcZoneIdentifiers",
  "securityGroupId",
  "securityGroups",
  "vpcSecurityGroupIds",
  "networkInterfaces",
  "primaryNetworkInterface",
  "networkInterface",
  "networkInterfaceId",
  "instance",
  "instanceId",
  "allocationId",
  // A route's target lives in the route table's VPC: it places a route whose table is not in the stack.
  "gatewayId",
  "egressOnlyGatewayId",
  "natGatewayId",
];

/** Resources that have no placement of their own but take the one of the resources using them. */
const PLACED_BY_CONSUMERS: ReadonlyMap<string, { types: readonly string[]; properties: readonly string[] }> =
  new Map([
    [INTERNET_GATEWAY, { types: [INTERNET_GATEWAY_ATTACHMENT], properties: ["internetGatewayId"] }],
    [
      LAUNCH_TEMPLATE,
      {
        types: [AUTOSCALING_GROUP, INSTANCE, SPOT_INSTANCE_REQUEST],
        properties: ["launchTemplate", "mixedInstancesPolicy"],
      },
    ],
  ]);

export const PLACEMENT_DESCRIPTION =
  "vpcId, subnets, security groups, route table, network interface or instance";

export class VpcLocator {
  private readonly found = new Map<string, readonly GraphResource[]>();

  constructor(private readonly graph: StackGraph) {}

  /** The stack's VPCs the resource is in; empty when none can be found. */
  vpcsOf(resource: GraphResource): readonly GraphResource[] {
    return this.locate(resource, new Set());
  }

  private locate(resource: GraphResource, visiting: Set<string>): readonly GraphResource[] {
    if (VPC_TYPES.includes(resource.type)) return [resource];
    const known = this.found.get(resource.urn);
    if (known) return known;
    if (visiting.has(resource.urn)) return [];
    visiting.add(resource.urn);
    const vpcs = new Map<string, GraphResource>();
    for (const source of [...this.placingSources(resource), ...this.consumers(resource)]) {
      for (const vpc of this.locate(source, visiting)) vpcs.set(vpc.urn, vpc);
    }
    visiting.delete(resource.urn);
    const result = [...vpcs.values()];
    this.found.set(resource.urn, result);
    return result;
  }

  private placingSources(resource: GraphResource): GraphResource[] {
    return PLACEMENT_PROPERTIES.flatMap((property) => this.graph.propertySources(resource, property));
  }

  private consumers(resource: GraphResource): GraphResource[] {
    const rule = PLACED_BY_CONSUMERS.get(resource.type);
    if (!rule) return [];
    return this.graph
      .dependentsOf(resource.urn, ...rule.types)
      .filter((user) => rule.properties.some((p) => user.propertyDependencies[p]?.includes(resource.urn)));
  }
}
