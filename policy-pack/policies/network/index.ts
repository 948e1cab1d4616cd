import type { PolicyDefinition } from "../../lib/policy";
import { networkNoInternetFacingLb } from "./network-no-internet-facing-lb";
import { networkNoInternetGateway } from "./network-no-internet-gateway";
import { networkNoInternetRoute } from "./network-no-internet-route";
import { networkNoNatGateway } from "./network-no-nat-gateway";
import { networkNoOpenIngress } from "./network-no-open-ingress";
import { networkNoPublicDatabase } from "./network-no-public-database";
import { networkNoPublicIp } from "./network-no-public-ip";
import { networkNoPublicSubnet } from "./network-no-public-subnet";
import { networkVpcFlowLogs } from "./network-vpc-flow-logs";

/** Report order: the perimeter (gateways, routes), then what faces it, then the evidence (flow logs). */
export const networkPolicies: PolicyDefinition[] = [
  networkNoInternetGateway,
  networkNoInternetRoute,
  networkNoNatGateway,
  networkNoPublicSubnet,
  networkNoPublicIp,
  networkNoInternetFacingLb,
  networkNoOpenIngress,
  networkNoPublicDatabase,
  networkVpcFlowLogs,
] as PolicyDefinition[];
