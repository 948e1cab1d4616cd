/** AWS type tokens the network policies read (strings only: the pack never imports @pulumi/aws). */
export const VPC = "aws:ec2/vpc:Vpc";
export const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";

export const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
export const INTERNET_GATEWAY_ATTACHMENT = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment";
export const EGRESS_ONLY_INTERNET_GATEWAY = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway";
export const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";

export const ROUTE = "aws:ec2/route:Route";
export const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
export const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";

export const INSTANCE = "aws:ec2/instance:Instance";
export const SPOT_INSTANCE_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";
export const EIP = "aws:ec2/eip:Eip";
export const EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation";

export const LB = "aws:lb/loadBalancer:LoadBalancer";
export const ALB = "aws:alb/loadBalancer:LoadBalancer";
export const CLASSIC_ELB = "aws:elb/loadBalancer:LoadBalancer";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SECURITY_GROUP_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const MANAGED_PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";

export const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

/** Outputs of another stack: opaque, so a value built from one cannot be decided during preview. */
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

export const VPC_TYPES: readonly string[] = [VPC, DEFAULT_VPC];
export const INTERNET_GATEWAY_TYPES: readonly string[] = [INTERNET_GATEWAY, EGRESS_ONLY_INTERNET_GATEWAY];
