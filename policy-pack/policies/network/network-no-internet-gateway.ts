/**
 * No internet gateway (or egress-only internet gateway, or attachment of one) outside an
 * authorized DMZ VPC (PCI DSS 1.4.1: network security controls between trusted and untrusted
 * networks; 1.3.1 / 1.3.2: inbound and outbound traffic restricted to what is necessary).
 *
 * Stricter than PCI by default: 1.4.2 allows an authorized DMZ, so VPCs listed in
 * `authorizedDmzVpcs` may have one (AWS Config's INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY does the
 * same). A gateway's VPC is found through its `vpcId` or the attachments that use it, so this is
 * decided during preview even though every id is unknown. A detached gateway is in no VPC and is
 * reported too: it exists only to be attached.
 */
import type { GraphResource } from "../../lib/graph";
import type { StackPolicyDefinition } from "../../lib/policy";
import { AUTHORIZED_DMZ_VPCS_SCHEMA, readDmzConfig, type DmzConfig } from "./dmz";
import { checkExposures, type Exposure } from "./exposure";
import {
  EGRESS_ONLY_INTERNET_GATEWAY,
  INTERNET_GATEWAY,
  INTERNET_GATEWAY_ATTACHMENT,
} from "./resource-types";

const WHAT_IT_DOES: Record<string, string> = {
  [INTERNET_GATEWAY]: "This internet gateway connects its VPC to the internet, inbound and outbound.",
  [INTERNET_GATEWAY_ATTACHMENT]: "This attachment connects an internet gateway to the VPC.",
  [EGRESS_ONLY_INTERNET_GATEWAY]:
    "This egress-only internet gateway gives its VPC outbound IPv6 internet access.",
};

const TYPES = Object.keys(WHAT_IT_DOES);

/** Every gateway faces the internet by existing: the only question is where it is. */
function gatewayExposure(resource: GraphResource): Exposure[] {
  return [
    {
      id: "gateway",
      message: `${WHAT_IT_DOES[resource.type]} Expected no internet gateway outside an authorized DMZ.`,
    },
  ];
}

export const networkNoInternetGateway: StackPolicyDefinition<DmzConfig> = {
  kind: "stack",
  name: "network-no-internet-gateway",
  displayName: "No internet gateway outside an authorized DMZ",
  description:
    "Internet gateways, their attachments and egress-only internet gateways exist only in VPCs allow-listed as an authorized DMZ.",
  area: "network",
  severity: "high",
  pci: ["1.4.1", "1.3.1", "1.3.2", "1.4.2"],
  remediationSteps:
    "Remove the internet gateway (or egress-only gateway, or its attachment) and reach AWS services through VPC " +
    "endpoints, other networks through a transit gateway or VPN. If the VPC is an authorized DMZ that must serve the " +
    "internet, add its URN (or a glob) to this policy's `authorizedDmzVpcs` and keep cardholder data out of it.",
  appliesTo: new Set(TYPES),
  configProperties: { authorizedDmzVpcs: AUTHORIZED_DMZ_VPCS_SCHEMA },
  examples: {
    compliant: `const vpc = new aws.ec2.Vpc("core-vpc-prod", { cidrBlock: "10.0.0.0/16" });
// no internet gateway: AWS services through VPC endpoints
new aws.ec2.VpcEndpoint("s3-endpoint-prod", { vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.s3" });`,
    violating: `const vpc = new aws.ec2.Vpc("core-vpc-prod", { cidrBlock: "10.0.0.0/16" });
new aws.ec2.InternetGateway("igw-prod", { vpcId: vpc.id });`,
  },
  parseConfig: readDmzConfig,
  check: (input) => checkExposures(input, TYPES, gatewayExposure),
};
