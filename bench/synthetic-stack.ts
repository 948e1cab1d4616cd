/**
 * Synthetic CapturedStacks for the benchmark, shaped like what evaluator/capture records for a real
 * program during a preview of a new stack: an explicit AWS provider with defaultTags, components as
 * parents, S3 buckets with their split configuration resources, KMS keys, IAM roles with JSON
 * policies, log groups, VPCs with subnets, routes and security groups, Lambda, DynamoDB, RDS, SQS,
 * SNS and Secrets Manager. Inputs built from other resources' outputs are the unknown sentinel and
 * keep their propertyDependencies, as the SDK sends them during a preview.
 *
 * The stack is a sequence of services (about 30 resources each) sharing a network cell every
 * CELL_EVERY services. One service in five carries a deliberate violation, so diagnostics
 * travel back as they would in a real run. Deterministic: the same size gives the same stack.
 */
import {
  SECRET_SIG,
  SECRET_SIG_VALUE,
  UNKNOWN_STRING,
  type CapturedOptions,
  type CapturedResource,
  type CapturedStack,
} from "../evaluator/capture/types";
import { resourceUrn, ROOT_STACK_TYPE } from "../evaluator/capture/urn";

export const SYNTHETIC_PROJECT = "finguard-bench";
export const SYNTHETIC_STACK = "bench";
const ORGANIZATION = "organization";
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const ENV = "dev";
const CELL_EVERY = 5;
/** Signatures the SDK gives archives and assets (kept as the capture records them). */
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const HANDLER_SOURCE = [
  '"use strict";',
  'const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");',
  "const client = new DynamoDBClient({});",
  "exports.handler = async (event) => {",
  "  for (const record of event.Records ?? []) {",
  "    const body = JSON.parse(record.body);",
  "    await client.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: body.id } } }));",
  "  }",
  "  return { statusCode: 200 };",
  "};",
].join("\n");

/** An input built from other resources' outputs: unknown during a preview, with its dependencies. */
class Computed {
  constructor(readonly sources: readonly CapturedResource[]) {}
}

function computed(...sources: CapturedResource[]): Computed {
  return new Computed(sources);
}

type Inputs = Record<string, unknown>;

interface AddOptions {
  parent?: CapturedResource;
  /** custom (the default): provider-backed; component: a parent only; provider: custom, with no provider. */
  kind?: "custom" | "component" | "provider";
  options?: Partial<CapturedOptions>;
}

const DEFAULT_OPTIONS: CapturedOptions = {
  protect: false,
  retainOnDelete: false,
  ignoreChanges: [],
  deleteBeforeReplace: false,
  deleteBeforeReplaceDefined: false,
  additionalSecretOutputs: [],
  aliases: [],
};

/** Registers resources in order, the way the recorder would have produced them. */
class StackBuilder {
  readonly resources: CapturedResource[] = [];
  readonly root: CapturedResource;
  readonly provider: CapturedResource;
  readonly identity = { project: SYNTHETIC_PROJECT, stack: SYNTHETIC_STACK };

  constructor() {
    this.root = this.add(
      ROOT_STACK_TYPE,
      `${SYNTHETIC_PROJECT}-${SYNTHETIC_STACK}`,
      {},
      { kind: "component" },
    );
    this.provider = this.add(
      "pulumi:providers:aws",
      `aws-${ENV}`,
      {
        defaultTags: JSON.stringify({
          tags: {
            Environment: ENV,
            Owner: "bench-team",
            CostCenter: "CC-0001",
            DataClassification: "Confidential",
          },
        }),
        region: REGION,
        skipCredentialsValidation: "false",
        skipRegionValidation: "true",
      },
      {
        parent: this.root,
        kind: "provider",
        options: { additionalSecretOutputs: ["accessKey", "secretKey"] },
      },
    );
  }

  add(type: string, name: string, inputs: Inputs, opts: AddOptions = {}): CapturedResource {
    const propertyDependencies: Record<string, string[]> = {};
    const resolved: Inputs = {};
    for (const [key, value] of Object.entries(inputs)) {
      const sources = new Set<string>();
      resolved[key] = resolve(value, sources);
      propertyDependencies[key] = [...sources];
    }
    const kind = opts.kind ?? "custom";
    const custom = kind !== "component";
    const resource: CapturedResource = {
      urn: resourceUrn(this.identity, opts.parent?.urn, type, name),
      type,
      name,
      custom,
      remote: false,
      parent: opts.parent?.urn,
      provider: kind === "custom" ? `${this.provider.urn}::${UNKNOWN_STRING}` : undefined,
      inputs: resolved,
      outputs: custom ? { ...resolved, id: `${name}-id`, arn: arnOf(type, name) } : {},
      dependencies: [...new Set(Object.values(propertyDependencies).flat())],
      propertyDependencies,
      options: { ...DEFAULT_OPTIONS, ...opts.options },
    };
    this.resources.push(resource);
    return resource;
  }
}

/** Replaces Computed values by the unknown sentinel, collecting the URNs they came from. */
function resolve(value: unknown, sources: Set<string>): unknown {
  if (value instanceof Computed) {
    for (const source of value.sources) sources.add(source.urn);
    return UNKNOWN_STRING;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, sources));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, sources)]));
  }
  return value;
}

function arnOf(type: string, name: string): string {
  const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
  return `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
}

/** The resources of one component: registered under it, named `<prefix>-<part>-<env>`. */
class Scope {
  readonly component: CapturedResource;

  constructor(
    readonly b: StackBuilder,
    type: string,
    readonly prefix: string,
  ) {
    this.component = b.add(type, `${prefix}-${ENV}`, {}, { parent: b.root, kind: "component" });
  }

  name(part: string): string {
    return `${this.prefix}-${part}-${ENV}`;
  }

  add(type: string, part: string, inputs: Inputs, options?: Partial<CapturedOptions>): CapturedResource {
    return this.b.add(type, this.name(part), inputs, { parent: this.component, options });
  }
}

function tags(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Name: name, ...extra };
}

function policyDocument(statements: Array<Record<string, unknown>>): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

function kmsKey(scope: Scope, part: string): CapturedResource {
  const name = scope.name(part);
  const key = scope.add("aws:kms/key:Key", part, {
    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    deletionWindowInDays: 7,
    description: `Key for ${name}`,
    enableKeyRotation: true,
    isEnabled: true,
    keyUsage: "ENCRYPT_DECRYPT",
    policy: policyDocument([
      {
        Sid: "EnableRootAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ]),
    rotationPeriodInDays: 365,
    tags: tags(name),
  });
  scope.add("aws:kms/alias:Alias", `${part}-alias`, { name: `alias/${name}`, targetKeyId: computed(key) });
  return key;
}

function logGroup(
  scope: Scope,
  part: string,
  key: CapturedResource,
  retentionInDays: number,
): CapturedResource {
  const name = scope.name(part);
  return scope.add("aws:cloudwatch/logGroup:LogGroup", part, {
    kmsKeyId: computed(key),
    name: `/${name}`,
    retentionInDays,
    skipDestroy: false,
    tags: tags(name),
  });
}

/** A role its service assumes, with an inline JSON policy. */
function role(scope: Scope, part: string, service: string, statements: Array<Record<string, unknown>>) {
  const name = scope.name(part);
  const trust = { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" };
  const created = scope.add("aws:iam/role:Role", part, {
    assumeRolePolicy: policyDocument([trust]),
    forceDetachPolicies: true,
    name,
    tags: tags(name),
  });
  scope.add("aws:iam/rolePolicy:RolePolicy", `${part}-policy`, {
    name: `${name}-policy`,
    policy: policyDocument(statements),
    role: computed(created),
  });
  return created;
}

/** A bucket and the configuration resources @pulumi/aws v7 splits off it. */
function secureBucket(scope: Scope, part: string, key: CapturedResource, sseS3: boolean) {
  const bucketName = `${scope.name(part)}-${ACCOUNT}-${REGION}`;
  const v2Alias = resourceUrn(
    scope.b.identity,
    scope.component.urn,
    "aws:s3/bucketV2:BucketV2",
    scope.name(part),
  );
  const bucket = scope.add(
    "aws:s3/bucket:Bucket",
    part,
    { bucket: bucketName, forceDestroy: true, objectLockEnabled: false, tags: tags(scope.name(part)) },
    { aliases: [v2Alias] },
  );
  const on = computed(bucket);
  const byDefault = sseS3
    ? { sseAlgorithm: "AES256" }
    : { kmsMasterKeyId: computed(key), sseAlgorithm: "aws:kms" };
  const insecureTransport = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
  const lifecycle = {
    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    expiration: { days: 365 },
    filter: {},
    id: "expire-after-a-year",
    noncurrentVersionExpiration: { noncurrentDays: 90 },
    status: "Enabled",
  };
  const s3 = (type: string, suffix: string, inputs: Inputs) =>
    scope.add(`aws:s3/${type}`, `${part}-${suffix}`, { bucket: on, ...inputs });
  s3("bucketOwnershipControls:BucketOwnershipControls", "ownership", {
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  s3("bucketPublicAccessBlock:BucketPublicAccessBlock", "public-access-block", {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  s3("bucketVersioning:BucketVersioning", "versioning", { versioningConfiguration: { status: "Enabled" } });
  s3("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "encryption", {
    rules: [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: true }],
  });
  s3("bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lifecycle", { rules: [lifecycle] });
  s3("bucketPolicy:BucketPolicy", "policy", { policy: policyDocument([insecureTransport]) });
  return { bucket, bucketName };
}

interface Cell {
  vpc: CapturedResource;
  subnets: CapturedResource[];
}

/** A VPC with private subnets, a route table, an S3 gateway endpoint, a NACL and flow logs. */
function networkCell(b: StackBuilder, index: number): Cell {
  const scope = new Scope(b, "finguard:bench:NetworkCell", `cell${index}`);
  const vpc = scope.add("aws:ec2/vpc:Vpc", "vpc", {
    cidrBlock: "10.0.0.0/16",
    enableDnsHostnames: true,
    enableDnsSupport: true,
    instanceTenancy: "default",
    tags: tags(scope.name("vpc")),
  });
  const routeTable = scope.add("aws:ec2/routeTable:RouteTable", "private-rt", {
    tags: tags(scope.name("private-rt")),
    vpcId: computed(vpc),
  });
  const subnets = ["a", "b", "c"].map((zone, i) => privateSubnet(scope, vpc, routeTable, zone, i));
  scope.add("aws:ec2/vpcEndpoint:VpcEndpoint", "endpoint-s3", {
    policy: policyDocument([
      {
        Sid: "OwnAccount",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
      },
    ]),
    routeTableIds: [computed(routeTable)],
    serviceName: `com.amazonaws.${REGION}.s3`,
    tags: tags(scope.name("endpoint-s3")),
    vpcEndpointType: "Gateway",
    vpcId: computed(vpc),
  });
  const inside = {
    action: "allow",
    cidrBlock: "10.0.0.0/16",
    fromPort: 0,
    protocol: "-1",
    ruleNo: 100,
    toPort: 0,
  };
  scope.add("aws:ec2/networkAcl:NetworkAcl", "nacl", {
    egress: [inside],
    ingress: [inside],
    subnetIds: subnets.map((subnet) => computed(subnet)),
    tags: tags(scope.name("nacl")),
    vpcId: computed(vpc),
  });
  flowLogs(scope, vpc);
  return { vpc, subnets };
}

function privateSubnet(
  scope: Scope,
  vpc: CapturedResource,
  routeTable: CapturedResource,
  zone: string,
  i: number,
) {
  const part = `private-${zone}`;
  const subnet = scope.add("aws:ec2/subnet:Subnet", part, {
    assignIpv6AddressOnCreation: false,
    availabilityZone: `${REGION}${zone}`,
    cidrBlock: `10.0.${i + 1}.0/24`,
    mapPublicIpOnLaunch: false,
    tags: tags(scope.name(part), { Tier: "private" }),
    vpcId: computed(vpc),
  });
  scope.add("aws:ec2/routeTableAssociation:RouteTableAssociation", `${part}-association`, {
    routeTableId: computed(routeTable),
    subnetId: computed(subnet),
  });
  return subnet;
}

/** VPC flow logs into an encrypted log group, through a role scoped to it. */
function flowLogs(scope: Scope, vpc: CapturedResource): void {
  const key = kmsKey(scope, "network-key");
  const destination = logGroup(scope, "flowlogs", key, 365);
  const deliveryRole = role(scope, "flowlogs-role", "vpc-flow-logs.amazonaws.com", [
    {
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/${scope.name("flowlogs")}:*`,
    },
  ]);
  scope.add("aws:ec2/flowLog:FlowLog", "flowlog", {
    iamRoleArn: computed(deliveryRole),
    logDestination: computed(destination),
    logDestinationType: "cloud-watch-logs",
    maxAggregationInterval: 60,
    tags: tags(scope.name("flowlog")),
    trafficType: "ALL",
    vpcId: computed(vpc),
  });
}

/** Which deliberate violation (if any) service `index` carries. */
type Violation = "none" | "sse-s3" | "wildcard-iam" | "short-retention" | "open-ingress";

function violationOf(index: number): Violation {
  const cases: Record<number, Violation> = {
    3: "sse-s3",
    7: "wildcard-iam",
    13: "short-retention",
    17: "open-ingress",
  };
  return cases[index % 20] ?? "none";
}

interface Service {
  scope: Scope;
  cell: Cell;
  key: CapturedResource;
  violation: Violation;
}

/** A service: data stores and a Lambda in the cell's VPC; one in three also has an RDS database. */
function service(b: StackBuilder, cell: Cell, index: number): void {
  const scope = new Scope(b, "finguard:bench:Service", `svc${index}`);
  const svc: Service = { scope, cell, key: kmsKey(scope, "key"), violation: violationOf(index) };
  const stores = dataStores(svc);
  const securityGroup = functionSecurityGroup(svc);
  lambdaFunction(svc, stores, securityGroup);
  if (index % 3 === 0) database(svc, securityGroup);
}

interface DataStores {
  bucket: CapturedResource;
  bucketName: string;
  table: CapturedResource;
  queue: CapturedResource;
}

function dataStores({ scope, key, violation }: Service): DataStores {
  const { bucket, bucketName } = secureBucket(scope, "data", key, violation === "sse-s3");
  const table = scope.add("aws:dynamodb/table:Table", "table", {
    attributes: [{ name: "id", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    deletionProtectionEnabled: false,
    hashKey: "id",
    name: scope.name("table"),
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: computed(key) },
    tags: tags(scope.name("table"), { DataClassification: "Restricted" }),
  });
  const encrypted = (type: string, part: string, inputs: Inputs) =>
    scope.add(type, part, { name: scope.name(part), tags: tags(scope.name(part)), ...inputs });
  const queue = encrypted("aws:sqs/queue:Queue", "queue", {
    kmsMasterKeyId: computed(key),
    messageRetentionSeconds: 345600,
  });
  encrypted("aws:sns/topic:Topic", "alerts", { kmsMasterKeyId: computed(key) });
  const secret = encrypted("aws:secretsmanager/secret:Secret", "secret", {
    kmsKeyId: computed(key),
    recoveryWindowInDays: 7,
  });
  scope.add("aws:secretsmanager/secretVersion:SecretVersion", "secret-version", {
    secretId: computed(secret),
    secretString: { [SECRET_SIG]: SECRET_SIG_VALUE, value: '{"token":"[secret]"}' },
  });
  return { bucket, bucketName, table, queue };
}

function functionSecurityGroup({ scope, cell, violation }: Service): CapturedResource {
  const securityGroup = scope.add("aws:ec2/securityGroup:SecurityGroup", "sg", {
    description: `${scope.prefix} function`,
    name: scope.name("sg"),
    revokeRulesOnDelete: true,
    tags: tags(scope.name("sg")),
    vpcId: computed(cell.vpc),
  });
  const rule = (cidrIpv4: string, port: number, description: string) => ({
    cidrIpv4,
    description,
    fromPort: port,
    ipProtocol: "tcp",
    securityGroupId: computed(securityGroup),
    toPort: port,
  });
  scope.add(
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "sg-ingress",
    violation === "open-ingress"
      ? rule("0.0.0.0/0", 22, "SSH")
      : rule("10.0.0.0/16", 443, "HTTPS in the VPC"),
  );
  scope.add(
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "sg-egress",
    rule("10.0.0.0/16", 443, "HTTPS in the VPC"),
  );
  return securityGroup;
}

function functionRole({ scope, violation }: Service, { bucketName }: DataStores): CapturedResource {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  const data =
    violation === "wildcard-iam"
      ? { Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: "*" }
      : {
          Sid: "Data",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject"],
          Resource: `arn:aws:s3:::${bucketName}/*`,
        };
  const created = role(scope, "function-role", "lambda.amazonaws.com", [
    data,
    {
      Sid: "Table",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
      Resource: arn("dynamodb", `table/${scope.name("table")}`),
    },
    {
      Sid: "Queue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      Resource: arn("sqs", scope.name("queue")),
    },
    {
      Sid: "Key",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: arn("kms", "key/*"),
      Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
    },
  ]);
  scope.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "function-vpc-access", {
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    role: computed(created),
  });
  return created;
}

function lambdaFunction(svc: Service, stores: DataStores, securityGroup: CapturedResource): void {
  const { scope, key, cell, violation } = svc;
  const logs = logGroup(scope, "logs", key, violation === "short-retention" ? 7 : 365);
  const executionRole = functionRole(svc, stores);
  const fn = scope.add("aws:lambda/function:Function", "function", {
    architectures: ["arm64"],
    code: {
      [SECRET_SIG]: ARCHIVE_SIG,
      assets: { "index.js": { [SECRET_SIG]: ASSET_SIG, text: HANDLER_SOURCE } },
    },
    environment: {
      variables: {
        TABLE: computed(stores.table),
        BUCKET: computed(stores.bucket),
        QUEUE: computed(stores.queue),
      },
    },
    handler: "index.handler",
    kmsKeyArn: computed(key),
    loggingConfig: { logFormat: "JSON", logGroup: computed(logs) },
    memorySize: 256,
    name: scope.name("function"),
    role: computed(executionRole),
    runtime: "nodejs20.x",
    tags: tags(scope.name("function")),
    timeout: 30,
    vpcConfig: {
      securityGroupIds: [computed(securityGroup)],
      subnetIds: cell.subnets.map((s) => computed(s)),
    },
  });
  scope.add("aws:lambda/permission:Permission", "function-from-sqs", {
    action: "lambda:InvokeFunction",
    function: computed(fn),
    principal: "sqs.amazonaws.com",
    sourceArn: computed(stores.queue),
  });
}

function database({ scope, cell, key }: Service, securityGroup: CapturedResource): void {
  const subnetGroup = scope.add("aws:rds/subnetGroup:SubnetGroup", "db-subnets", {
    name: scope.name("db-subnets"),
    subnetIds: cell.subnets.map((s) => computed(s)),
    tags: tags(scope.name("db-subnets")),
  });
  scope.add("aws:rds/instance:Instance", "db", {
    allocatedStorage: 20,
    backupRetentionPeriod: 0,
    dbSubnetGroupName: computed(subnetGroup),
    deletionProtection: false,
    engine: "postgres",
    engineVersion: "16.4",
    identifier: scope.name("db"),
    instanceClass: "db.t4g.micro",
    kmsKeyId: computed(key),
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: computed(key),
    multiAz: false,
    publiclyAccessible: false,
    skipFinalSnapshot: true,
    storageEncrypted: true,
    tags: tags(scope.name("db"), { DataClassification: "Restricted" }),
    username: "app",
    vpcSecurityGroupIds: [computed(securityGroup)],
  });
}

/** A stack of exactly `size` resources (root stack and provider included). */
export function syntheticStack(size: number): CapturedStack {
  const b = new StackBuilder();
  let cell: Cell | undefined;
  // Every service registers resources, so `size` services always suffice.
  for (let index = 0; index < size && b.resources.length < size; index++) {
    if (index % CELL_EVERY === 0 || !cell) cell = networkCell(b, Math.floor(index / CELL_EVERY));
    service(b, cell, index);
  }
  return {
    project: SYNTHETIC_PROJECT,
    stack: SYNTHETIC_STACK,
    organization: ORGANIZATION,
    config: {
      "aws:region": REGION,
      [`${SYNTHETIC_PROJECT}:environmentSuffix`]: ENV,
      [`${SYNTHETIC_PROJECT}:environment`]: ENV,
    },
    secretKeys: [],
    // Later resources depend only on earlier ones, so a prefix is a consistent stack.
    resources: b.resources.slice(0, size),
    outputs: {},
    warnings: [],
  };
}

/** Resource counts by type, for the report. */
export function typeMix(stack: CapturedStack): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of stack.resources) counts[resource.type] = (counts[resource.type] ?? 0) + 1;
  return counts;
}
