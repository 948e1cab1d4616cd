/**
 * Type tokens of the multi-language (remote) components the components policies judge. Strings
 * only: the pack never imports @pulumi/awsx.
 */
export const AWSX_VPC = "awsx:ec2:Vpc";
export const AWSX_ALB = "awsx:lb:ApplicationLoadBalancer";
export const AWSX_NLB = "awsx:lb:NetworkLoadBalancer";

/** The aws.ec2.Vpc an awsx:ec2:Vpc creates, as a child with the component's name. */
export const VPC_CHILD_TYPE = "aws:ec2/vpc:Vpc";
