/**
 * Which inputs of common AWS resource types (@pulumi/aws v7 `...Args`) set the resource's physical
 * name, i.e. the name AWS shows in the console, in ARNs and in logs.
 *
 * Only account- or region-wide names are listed: names scoped inside a parent that already carries
 * the suffix (a Lambda alias, an API stage, an inline role policy) and DNS names (Route 53) are
 * judged by their logical name only. A test checks every entry against the installed provider's
 * type definitions. Types missing here can be added with the policy's `nameProperties` config.
 */

export interface PhysicalNameSpec {
  /** Inputs holding the whole physical name. */
  names: readonly string[];
  /** Inputs holding the start of a name the provider completes with a generated tail. */
  prefixes: readonly string[];
  /** Text AWS requires at the start of the name (KMS aliases), left out when matching a pattern. */
  fixedStart?: string;
  /** Text AWS requires at the end of some names (FIFO queues and topics), left out when matching a pattern. */
  fixedEnd?: string;
  /** AWS accepts (or stores) only lowercase: the suffix is compared and suggested lowercase. */
  lowercase?: boolean;
  /** AWS accepts `_` but not `-` as a separator: suggestions use it. */
  underscoreOnly?: boolean;
}

const named = (...names: string[]): PhysicalNameSpec => ({ names, prefixes: [] });
const withPrefix = (name: string, prefix: string): PhysicalNameSpec => ({
  names: [name],
  prefixes: [prefix],
});
const lowercase = (spec: PhysicalNameSpec): PhysicalNameSpec => ({ ...spec, lowercase: true });
const fifo = (spec: PhysicalNameSpec): PhysicalNameSpec => ({ ...spec, fixedEnd: ".fifo" });

const NAME = named("name");
const NAME_OR_PREFIX = withPrefix("name", "namePrefix");

export const PHYSICAL_NAME_PROPERTIES: ReadonlyMap<string, PhysicalNameSpec> = new Map([
  // Storage and data
  ["aws:s3/bucket:Bucket", lowercase(withPrefix("bucket", "bucketPrefix"))],
  ["aws:dynamodb/table:Table", NAME],
  ["aws:rds/instance:Instance", lowercase(withPrefix("identifier", "identifierPrefix"))],
  ["aws:rds/cluster:Cluster", lowercase(withPrefix("clusterIdentifier", "clusterIdentifierPrefix"))],
  ["aws:rds/clusterInstance:ClusterInstance", lowercase(withPrefix("identifier", "identifierPrefix"))],
  ["aws:rds/subnetGroup:SubnetGroup", lowercase(NAME_OR_PREFIX)],
  ["aws:rds/parameterGroup:ParameterGroup", lowercase(NAME_OR_PREFIX)],
  ["aws:rds/clusterParameterGroup:ClusterParameterGroup", lowercase(NAME_OR_PREFIX)],
  ["aws:rds/optionGroup:OptionGroup", lowercase(NAME_OR_PREFIX)],
  ["aws:docdb/cluster:Cluster", lowercase(withPrefix("clusterIdentifier", "clusterIdentifierPrefix"))],
  ["aws:redshift/cluster:Cluster", lowercase(named("clusterIdentifier"))],
  ["aws:elasticache/replicationGroup:ReplicationGroup", lowercase(named("replicationGroupId"))],
  ["aws:elasticache/cluster:Cluster", lowercase(named("clusterId"))],
  ["aws:elasticache/subnetGroup:SubnetGroup", lowercase(NAME)],
  ["aws:opensearch/domain:Domain", lowercase(named("domainName"))],
  ["aws:kinesis/stream:Stream", NAME],
  ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", NAME],
  ["aws:msk/cluster:Cluster", named("clusterName")],
  ["aws:glue/catalogDatabase:CatalogDatabase", { ...lowercase(NAME), underscoreOnly: true }],
  ["aws:glue/job:Job", NAME],
  ["aws:glue/crawler:Crawler", NAME],
  ["aws:athena/workgroup:Workgroup", NAME],
  ["aws:athena/database:Database", { ...lowercase(NAME), underscoreOnly: true }],
  ["aws:backup/vault:Vault", NAME],
  ["aws:backup/plan:Plan", NAME],
  ["aws:ecr/repository:Repository", lowercase(NAME)],
  ["aws:secretsmanager/secret:Secret", NAME_OR_PREFIX],
  ["aws:ssm/parameter:Parameter", NAME],
  ["aws:kms/alias:Alias", { ...NAME_OR_PREFIX, fixedStart: "alias/" }],
  // Compute
  ["aws:lambda/function:Function", NAME],
  ["aws:lambda/layerVersion:LayerVersion", named("layerName")],
  ["aws:ecs/cluster:Cluster", NAME],
  ["aws:ecs/service:Service", NAME],
  ["aws:ecs/taskDefinition:TaskDefinition", named("family")],
  ["aws:eks/cluster:Cluster", NAME],
  ["aws:eks/nodeGroup:NodeGroup", withPrefix("nodeGroupName", "nodeGroupNamePrefix")],
  ["aws:ec2/launchTemplate:LaunchTemplate", NAME_OR_PREFIX],
  ["aws:ec2/securityGroup:SecurityGroup", NAME_OR_PREFIX],
  ["aws:ec2/keyPair:KeyPair", withPrefix("keyName", "keyNamePrefix")],
  ["aws:autoscaling/group:Group", NAME_OR_PREFIX],
  ["aws:batch/computeEnvironment:ComputeEnvironment", NAME_OR_PREFIX],
  ["aws:batch/jobQueue:JobQueue", NAME],
  ["aws:sfn/stateMachine:StateMachine", NAME_OR_PREFIX],
  ["aws:lb/loadBalancer:LoadBalancer", NAME_OR_PREFIX],
  ["aws:alb/loadBalancer:LoadBalancer", NAME_OR_PREFIX],
  ["aws:lb/targetGroup:TargetGroup", NAME_OR_PREFIX],
  ["aws:alb/targetGroup:TargetGroup", NAME_OR_PREFIX],
  ["aws:elb/loadBalancer:LoadBalancer", NAME_OR_PREFIX],
  // Messaging and integration
  ["aws:sqs/queue:Queue", fifo(NAME_OR_PREFIX)],
  ["aws:sns/topic:Topic", fifo(NAME_OR_PREFIX)],
  ["aws:cloudwatch/eventRule:EventRule", NAME_OR_PREFIX],
  ["aws:cloudwatch/eventBus:EventBus", NAME],
  ["aws:scheduler/schedule:Schedule", NAME_OR_PREFIX],
  ["aws:apigateway/restApi:RestApi", NAME],
  ["aws:apigatewayv2/api:Api", NAME],
  ["aws:mq/broker:Broker", named("brokerName")],
  ["aws:appsync/graphQLApi:GraphQLApi", NAME],
  ["aws:cognito/userPool:UserPool", NAME],
  // Observability
  ["aws:cloudwatch/logGroup:LogGroup", NAME_OR_PREFIX],
  ["aws:cloudwatch/metricAlarm:MetricAlarm", NAME],
  ["aws:cloudwatch/dashboard:Dashboard", named("dashboardName")],
  ["aws:cloudtrail/trail:Trail", NAME],
  // Identity and security
  ["aws:iam/role:Role", NAME_OR_PREFIX],
  ["aws:iam/policy:Policy", NAME_OR_PREFIX],
  ["aws:iam/user:User", NAME],
  ["aws:iam/group:Group", NAME],
  ["aws:iam/instanceProfile:InstanceProfile", NAME_OR_PREFIX],
  ["aws:wafv2/webAcl:WebAcl", NAME_OR_PREFIX],
  ["aws:wafv2/ipSet:IpSet", NAME_OR_PREFIX],
  // Delivery
  ["aws:codebuild/project:Project", NAME],
  ["aws:codepipeline/pipeline:Pipeline", NAME],
]);

/** The name without the text AWS requires around it (`alias/`, `.fifo`), which no convention governs. */
export function splitFixedText(
  value: string,
  spec: PhysicalNameSpec,
): { start: string; core: string; end: string } {
  const start = spec.fixedStart && value.startsWith(spec.fixedStart) ? spec.fixedStart : "";
  const end = spec.fixedEnd && value.endsWith(spec.fixedEnd) ? spec.fixedEnd : "";
  return { start, core: value.slice(start.length, value.length - end.length), end };
}

/**
 * Pulumi's default autoname: the logical name, `-` and 7 random hex digits (lowercased for S3,
 * `.fifo` kept). The provider fills it in before policies run, so under the CLI an autonamed
 * resource shows a `name`; it is judged by its logical name, which it merely repeats.
 */
export function isDefaultAutoname(core: string, logicalName: string): boolean {
  return (
    core.length === logicalName.length + 8 &&
    core.toLowerCase().startsWith(`${logicalName.toLowerCase()}-`) &&
    /-[0-9a-f]{7}$/.test(core)
  );
}
