/**
 * Which buckets of the stack receive logs, and which lifecycle configurations govern them.
 *
 * A log source names its bucket in an input (flow log `logDestination`, load balancer
 * `accessLogs.bucket`, server access logging `targetBucket`, trail `s3BucketName`). During preview
 * that value is usually an unknown id or ARN, but the input's `propertyDependencies` still name
 * the bucket resource; a literal name or ARN is matched against the buckets' `bucket` input.
 */
import type { GraphResource, StackGraph } from "../../lib/graph";
import { getPath, isRecord, isUnknown } from "../../lib/values";

export const BUCKET_TYPES: readonly string[] = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

const LIFECYCLE_CONFIGURATION_TYPES: readonly string[] = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
];

interface LogSourceKind {
  types: readonly string[];
  /** What the source is, for messages. */
  label: string;
  /** The input that holds the bucket reference (its propertyDependencies name the bucket). */
  property: string;
  /** Where the bucket name or ARN sits within the inputs. */
  bucketPath: string;
  /** Whether the source delivers logs to that bucket. */
  delivers(props: Record<string, unknown>): boolean;
}

/** A log block (`accessLogs`...) is on when `enabled` is, or unknown (then it is meant to be). */
const blockEnabled = (block: unknown, whenUnset: boolean): boolean => {
  if (isUnknown(block)) return true;
  const enabled = isRecord(block) ? block.enabled : undefined;
  if (enabled === undefined || enabled === null) return whenUnset;
  return enabled === true || enabled === "true" || isUnknown(enabled);
};

const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

/** An ALB/NLB log block: off unless `enabled` is set, even with a bucket (provider docs). */
const loadBalancerLogs = (property: string, label: string): LogSourceKind => ({
  types: LOAD_BALANCERS,
  label,
  property,
  bucketPath: `${property}.bucket`,
  delivers: (props) => blockEnabled(props[property], false),
});

const always = () => true;

const LOG_SOURCES: readonly LogSourceKind[] = [
  {
    types: ["aws:ec2/flowLog:FlowLog"],
    label: "VPC flow log",
    property: "logDestination",
    bucketPath: "logDestination",
    // A bucket destination only works with type s3; another explicit type sends the logs elsewhere.
    delivers: (props) => {
      const type = props.logDestinationType;
      return typeof type !== "string" || isUnknown(type) || type === "s3";
    },
  },
  loadBalancerLogs("accessLogs", "load balancer access logs"),
  loadBalancerLogs("connectionLogs", "load balancer connection logs"),
  loadBalancerLogs("healthCheckLogs", "load balancer health check logs"),
  {
    types: ["aws:elb/loadBalancer:LoadBalancer"],
    label: "classic load balancer access logs",
    property: "accessLogs",
    bucketPath: "accessLogs.bucket",
    delivers: (props) => blockEnabled(props.accessLogs, true),
  },
  {
    types: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    label: "S3 server access logging",
    property: "targetBucket",
    bucketPath: "targetBucket",
    delivers: always,
  },
  {
    types: BUCKET_TYPES,
    label: "S3 server access logging (inline)",
    property: "logging",
    bucketPath: "logging.targetBucket",
    delivers: always,
  },
  {
    types: ["aws:cloudtrail/trail:Trail"],
    label: "CloudTrail trail",
    property: "s3BucketName",
    bucketPath: "s3BucketName",
    delivers: always,
  },
];

export interface LogSource {
  resource: GraphResource;
  label: string;
}

export interface LogBucket {
  bucket: GraphResource;
  sources: LogSource[];
  lifecycleConfigurations: GraphResource[];
}

/** `my-logs` from `my-logs`, `arn:aws:s3:::my-logs` or `arn:aws:s3:::my-logs/prefix/`. */
function bucketNameOf(reference: unknown): string | undefined {
  if (typeof reference !== "string" || isUnknown(reference)) return undefined;
  const name = reference.replace(/^arn:[^:]+:s3:::/, "").split("/")[0];
  return name === "" ? undefined : name;
}

/** Resolves bucket references through dependencies first, then literal names. */
class BucketResolver {
  private readonly byName = new Map<string, GraphResource[]>();

  constructor(private readonly graph: StackGraph) {
    for (const bucket of graph.ofType(...BUCKET_TYPES)) {
      const name = bucketNameOf(bucket.props.bucket);
      if (name) this.byName.set(name, [...(this.byName.get(name) ?? []), bucket]);
    }
  }

  referencedBy(resource: GraphResource, property: string, reference: unknown): GraphResource[] {
    const sources = this.graph
      .propertySources(resource, property)
      .filter((r) => BUCKET_TYPES.includes(r.type));
    if (sources.length > 0) return sources;
    const name = bucketNameOf(reference);
    return name ? (this.byName.get(name) ?? []) : [];
  }
}

/** Every bucket of the stack that receives logs, with its sources and lifecycle configurations. */
export function findLogBuckets(graph: StackGraph): LogBucket[] {
  const resolver = new BucketResolver(graph);
  const logBuckets = new Map<string, LogBucket>();
  for (const kind of LOG_SOURCES) {
    for (const resource of graph.ofType(...kind.types)) {
      if (!kind.delivers(resource.props)) continue;
      for (const bucket of resolver.referencedBy(
        resource,
        kind.property,
        getPath(resource.props, kind.bucketPath),
      )) {
        const entry = logBuckets.get(bucket.urn) ?? { bucket, sources: [], lifecycleConfigurations: [] };
        entry.sources.push({ resource, label: kind.label });
        logBuckets.set(bucket.urn, entry);
      }
    }
  }
  for (const configuration of graph.ofType(...LIFECYCLE_CONFIGURATION_TYPES)) {
    for (const bucket of resolver.referencedBy(configuration, "bucket", configuration.props.bucket)) {
      logBuckets.get(bucket.urn)?.lifecycleConfigurations.push(configuration);
    }
  }
  return [...logBuckets.values()];
}

/** `VPC flow log 'vpc-flow-test', CloudTrail trail 'trail-test'`. */
export function describeSources(sources: readonly LogSource[]): string {
  return sources.map((s) => `${s.label} '${s.resource.name}'`).join(", ");
}
