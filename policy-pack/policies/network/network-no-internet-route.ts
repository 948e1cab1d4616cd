/**
 * No route to an internet gateway or egress-only internet gateway outside an authorized DMZ
 * (PCI DSS 1.3.1 / 1.3.2: traffic to and from the CDE restricted to what is necessary; 1.4.1).
 *
 * Routes are standalone (aws:ec2/route:Route) or inline (`routes` of a route table or of the VPC's
 * default route table). Their target ids are unknown during preview, so a target is an internet
 * gateway when it is a literal `igw-` / `eigw-` id or when the property is built from an internet
 * gateway of the stack (propertyDependencies). A target from another stack (StackReference) is
 * deferred. A route table's VPC decides whether the DMZ allow-list applies.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { containsUnknown, isRecord, isUnknown } from "../../lib/values";
import { AUTHORIZED_DMZ_VPCS_SCHEMA, readDmzConfig, type DmzConfig } from "./dmz";
import { checkExposures, type Exposure } from "./exposure";
import {
  DEFAULT_ROUTE_TABLE,
  INTERNET_GATEWAY_TYPES,
  ROUTE,
  ROUTE_TABLE,
  STACK_REFERENCE,
} from "./resource-types";
import { describeResources, describeValue } from "./settings";

const TYPES = [ROUTE, ROUTE_TABLE, DEFAULT_ROUTE_TABLE];
const EXPECTED = "Expected no route to an internet gateway outside an authorized DMZ.";

/** One route as written in the program: where it is (`routes[0].`) and its relevant fields. */
interface RouteEntry {
  prefix: string;
  /** CIDR blocks or prefix list, whichever is set. */
  destinations: unknown[];
  gatewayId: unknown;
  egressOnlyGatewayId: unknown;
}

function isInternetGatewayId(value: unknown): value is string {
  return typeof value === "string" && /^e?igw-/.test(value);
}

/** A literal id; the provider writes an unset one as "". */
function isKnownId(value: unknown): value is string {
  return typeof value === "string" && value !== "" && !isUnknown(value);
}

/** The route's destination for messages: its first known CIDR block or prefix list. */
function describeDestination(candidates: readonly unknown[]): string {
  return candidates.find(isKnownId) ?? "its destination";
}

/** Routes whose literal target is an internet gateway id. */
function literalTargetExposures(entry: RouteEntry): Exposure[] {
  const exposures: Exposure[] = [];
  const destination = describeDestination(entry.destinations);
  if (isInternetGatewayId(entry.gatewayId)) {
    exposures.push({
      id: `gateway:${entry.gatewayId}`,
      message: `${entry.prefix}gatewayId is '${entry.gatewayId}', an internet gateway: traffic to ${destination} goes to and from the internet. ${EXPECTED}`,
    });
  }
  if (isKnownId(entry.egressOnlyGatewayId)) {
    exposures.push({
      id: `gateway:${entry.egressOnlyGatewayId}`,
      message: `${entry.prefix}egressOnlyGatewayId is '${entry.egressOnlyGatewayId}', an egress-only internet gateway: IPv6 traffic to ${destination} goes to the internet. ${EXPECTED}`,
    });
  }
  return exposures;
}

/** Targets unknown during preview: decided by the resources the property is built from. */
function unknownTargetExposures(graph: StackGraph, resource: GraphResource, property: string): Exposure[] {
  if (!containsUnknown(resource.props[property])) return [];
  const sources = graph.propertySources(resource, property);
  const gateways = sources.filter((source) => INTERNET_GATEWAY_TYPES.includes(source.type));
  if (gateways.length > 0) {
    return gateways.map((gateway) => ({
      id: `gateway:${gateway.name}`,
      message: `${property} is built from ${describeResources([gateway])}: the route sends traffic to the internet. ${EXPECTED}`,
    }));
  }
  const opaque = sources.filter((source) => source.type === STACK_REFERENCE);
  if (opaque.length === 0) return [];
  const why = `${property} is unknown during preview and comes from ${describeResources(opaque)}, which may hold an internet gateway id`;
  return [{ id: property, message: `${why}. ${EXPECTED}`, undecided: why }];
}

function standaloneRouteExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  const props = resource.props;
  const entry: RouteEntry = {
    prefix: "",
    destinations: [props.destinationCidrBlock, props.destinationIpv6CidrBlock, props.destinationPrefixListId],
    gatewayId: props.gatewayId,
    egressOnlyGatewayId: props.egressOnlyGatewayId,
  };
  return [
    ...literalTargetExposures(entry),
    ...unknownTargetExposures(graph, resource, "gatewayId"),
    ...unknownTargetExposures(graph, resource, "egressOnlyGatewayId"),
  ];
}

function inlineRouteExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  const routes = resource.props.routes;
  const fromSources = unknownTargetExposures(graph, resource, "routes");
  if (routes === undefined || routes === null || isUnknown(routes)) return fromSources;
  if (!Array.isArray(routes)) {
    return [
      { id: "routes", message: `routes must be a list of routes, got ${describeValue(routes)}. ${EXPECTED}` },
    ];
  }
  const literal = routes.flatMap((route, index) =>
    isRecord(route)
      ? literalTargetExposures({
          prefix: `routes[${index}].`,
          destinations: [route.cidrBlock, route.ipv6CidrBlock, route.destinationPrefixListId],
          gatewayId: route.gatewayId,
          egressOnlyGatewayId: route.egressOnlyGatewayId,
        })
      : [
          {
            id: `routes[${index}]`,
            message: `routes[${index}] must be a route, got ${describeValue(route)}. ${EXPECTED}`,
          },
        ],
  );
  return [...literal, ...fromSources];
}

function routeExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  return resource.type === ROUTE
    ? standaloneRouteExposures(resource, graph)
    : inlineRouteExposures(resource, graph);
}

export const networkNoInternetRoute: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-no-internet-route",
  displayName: "No route to an internet gateway outside an authorized DMZ",
  description:
    "Routes (standalone or inline in route tables and default route tables) do not target an internet gateway or " +
    "egress-only internet gateway, except in VPCs allow-listed as an authorized DMZ.",
  area: "network",
  severity: "high",
  pci: ["1.3.1", "1.3.2", "1.4.1"],
  remediationSteps:
    "Remove the route to the internet gateway (0.0.0.0/0 or ::/0 via gatewayId / egressOnlyGatewayId). Reach AWS " +
    "services through VPC endpoints and other networks through a transit gateway, VPN or peering. If the VPC is an " +
    "authorized DMZ, add its URN (or a glob) to this policy's `authorizedDmzVpcs`.",
  appliesTo: new Set(TYPES),
  configProperties: { authorizedDmzVpcs: AUTHORIZED_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `new aws.ec2.Route("to-onprem-prod", {
  routeTableId: privateTable.id,
  destinationCidrBlock: "10.20.0.0/16",
  transitGatewayId: tgw.id,
});`,
    violating: `new aws.ec2.Route("default-route-prod", {
  routeTableId: privateTable.id,
  destinationCidrBlock: "0.0.0.0/0",
  gatewayId: igw.id,
});`,
  },
  parseConfig: readDmzConfig,
  check: (input) => checkExposures(input, TYPES, routeExposures),
};
