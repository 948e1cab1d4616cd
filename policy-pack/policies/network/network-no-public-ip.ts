/**
 * No instance reachable at a public address outside an authorized DMZ (PCI DSS 1.4.1, 1.3.1;
 * 1.4.5: internal addresses are not disclosed, as they are behind a load balancer or NAT).
 *
 * - Instances and spot instance requests with `associatePublicIpAddress: true`. When it is unset the
 *   subnet's mapPublicIpOnLaunch decides, which network-no-public-subnet checks.
 * - Launch templates with a network interface whose `associatePublicIpAddress` is "true" (a string
 *   in the provider's schema). A template is placed through its own subnets and security groups
 *   or through the auto scaling groups and instances launched from it.
 * - Elastic IPs associated with an instance or network interface (`instance` / `networkInterface`
 *   of aws:ec2/eip:Eip, or an aws:ec2/eipAssociation:EipAssociation): a public IPv4 address mapped
 *   one to one onto a private one. An unassociated Elastic IP (a NAT gateway's) is not reported
 *   here: network-no-nat-gateway decides the NAT gateway.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { isRecord, isUnknown } from "../../lib/values";
import { AUTHORIZED_DMZ_VPCS_SCHEMA, readDmzConfig, type DmzConfig } from "./dmz";
import { checkExposures, flagExposure, type Exposure } from "./exposure";
import { EIP, EIP_ASSOCIATION, INSTANCE, LAUNCH_TEMPLATE, SPOT_INSTANCE_REQUEST } from "./resource-types";
import { describeResources, describeValue, parseBoolean, settingOf } from "./settings";

const TYPES = [INSTANCE, SPOT_INSTANCE_REQUEST, LAUNCH_TEMPLATE, EIP, EIP_ASSOCIATION];
const NO_PUBLIC_IP = "Expected no public IP address outside an authorized DMZ.";

function instanceExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  return flagExposure(resource, graph, {
    property: "associatePublicIpAddress",
    exposing: true,
    whenUnset: false,
    effect: "the instance gets a public IPv4 address",
  });
}

function launchTemplateExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  const setting = settingOf(graph, resource, "networkInterfaces");
  if (setting.kind === "unset") return [];
  if (setting.kind === "unknown") {
    const why = `networkInterfaces is unknown during preview (built from ${describeResources(setting.sources)})`;
    return [{ id: "networkInterfaces", message: `${why}. ${NO_PUBLIC_IP}`, undecided: why }];
  }
  if (!Array.isArray(setting.value)) {
    return [
      {
        id: "networkInterfaces",
        message: `networkInterfaces must be a list, got ${describeValue(setting.value)}. ${NO_PUBLIC_IP}`,
      },
    ];
  }
  return setting.value.flatMap((networkInterface, index) => interfaceExposures(networkInterface, index));
}

function interfaceExposures(networkInterface: unknown, index: number): Exposure[] {
  const path = `networkInterfaces[${index}].associatePublicIpAddress`;
  const value = isRecord(networkInterface) ? networkInterface.associatePublicIpAddress : undefined;
  if (value === undefined || value === null || value === "") return [];
  if (isUnknown(value)) {
    const why = `${path} is unknown during preview`;
    return [{ id: `networkInterfaces[${index}]`, message: `${why}. ${NO_PUBLIC_IP}`, undecided: why }];
  }
  const flag = parseBoolean(value);
  if (flag === false) return [];
  const message =
    flag === true
      ? `${path} is ${describeValue(value)}: instances launched from this template get a public IPv4 address. ${NO_PUBLIC_IP}`
      : `${path} must be "true" or "false", got ${describeValue(value)}. ${NO_PUBLIC_IP}`;
  return [{ id: `networkInterfaces[${index}]`, message }];
}

function eipExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  return ["instance", "networkInterface"].flatMap((property) => {
    const setting = settingOf(graph, resource, property);
    if (setting.kind === "unset") return [];
    const target =
      setting.kind === "known" ? describeValue(setting.value) : describeResources(setting.sources);
    return [
      {
        id: property,
        message: `${property} is ${target}: this Elastic IP maps a public IPv4 address onto it. ${NO_PUBLIC_IP}`,
      },
    ];
  });
}

function eipAssociationExposures(): Exposure[] {
  return [
    {
      id: "association",
      message: `This association maps an Elastic IP (a public IPv4 address) onto an instance or network interface. ${NO_PUBLIC_IP}`,
    },
  ];
}

function publicIpExposures(resource: GraphResource, graph: StackGraph): Exposure[] {
  switch (resource.type) {
    case LAUNCH_TEMPLATE:
      return launchTemplateExposures(resource, graph);
    case EIP:
      return eipExposures(resource, graph);
    case EIP_ASSOCIATION:
      return eipAssociationExposures();
    default:
      return instanceExposures(resource, graph);
  }
}

export const networkNoPublicIp: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-no-public-ip",
  displayName: "No public IP address on instances outside an authorized DMZ",
  description:
    "Instances, spot instance requests and launch templates do not associate a public IP address, and no Elastic IP " +
    "is associated with an instance or network interface, except in VPCs allow-listed as an authorized DMZ.",
  area: "network",
  severity: "high",
  pci: ["1.4.1", "1.3.1", "1.4.5"],
  remediationSteps:
    'Set associatePublicIpAddress: false (instances) or "false" (launch template network interfaces), and remove ' +
    "Elastic IP associations. Reach instances through an internal load balancer or AWS Systems Manager Session " +
    "Manager. If the VPC is an authorized DMZ, add its URN (or a glob) to this policy's `authorizedDmzVpcs`.",
  appliesTo: new Set(TYPES),
  configProperties: { authorizedDmzVpcs: AUTHORIZED_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `new aws.ec2.Instance("app-prod", { ami, instanceType: "t3.micro", subnetId: privateSubnet.id, associatePublicIpAddress: false });`,
    violating: `new aws.ec2.Instance("bastion-prod", { ami, instanceType: "t3.micro", subnetId: subnet.id, associatePublicIpAddress: true });`,
  },
  parseConfig: readDmzConfig,
  check: (input) => checkExposures(input, TYPES, publicIpExposures),
};
