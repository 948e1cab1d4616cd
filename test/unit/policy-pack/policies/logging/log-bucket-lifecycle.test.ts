import assert from "node:assert/strict";
import { logBucketLifecycle } from "../../../../../policy-pack/policies/logging/log-bucket-lifecycle";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateStack, urnOf, type StackResourceCase } from "../../harness";

const BUCKET = "aws:s3/bucket:Bucket";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const TRAIL = "aws:cloudtrail/trail:Trail";
const LOGS_URN = urnOf(BUCKET, "logs-test");

const logsBucket: StackResourceCase = { type: BUCKET, name: "logs-test", props: { bucket: "logs-test" } };
const flowLog: StackResourceCase = {
  type: FLOW_LOG,
  name: "vpc-flow-test",
  props: { logDestinationType: "s3", logDestination: UNKNOWN, trafficType: "ALL", vpcId: UNKNOWN },
  propertyDependencies: { logDestination: ["logs-test"] },
};
const lifecycle = (rules: unknown, extra: Partial<StackResourceCase> = {}): StackResourceCase => ({
  type: LIFECYCLE,
  name: "logs-lifecycle-test",
  props: { bucket: UNKNOWN, rules },
  propertyDependencies: { bucket: ["logs-test"] },
  ...extra,
});
const keepForAYear = [
  {
    id: "archive-then-expire",
    status: "Enabled",
    transitions: [{ days: 90, storageClass: "GLACIER" }],
    expiration: { days: 365 },
  },
];

const check = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(logBucketLifecycle, cases, config);
const messages = async (cases: StackResourceCase[], config: Record<string, unknown> = {}) => {
  const verdict = await check(cases, config);
  for (const violation of verdict.violations) assert.equal(violation.urn, LOGS_URN);
  return verdict.violations.map((v) => v.message);
};

describe("logging-log-bucket-lifecycle", () => {
  describe("compliant", () => {
    it("passes a flow log bucket that archives after 90 days and expires after a year", async () => {
      assert.deepEqual(await check([logsBucket, flowLog, lifecycle(keepForAYear)], { archiveDays: 365 }), {
        violations: [],
      });
    });

    it("ignores buckets that receive no logs", async () => {
      assert.deepEqual(await check([logsBucket]), { violations: [] });
    });

    it("ignores load balancer access logs that are not enabled (the provider default)", async () => {
      const alb = {
        type: "aws:lb/loadBalancer:LoadBalancer",
        name: "alb-test",
        props: { accessLogs: { bucket: UNKNOWN } },
        propertyDependencies: { accessLogs: ["logs-test"] },
      };
      assert.deepEqual(await check([logsBucket, alb]), { violations: [] });
    });

    it("ignores flow logs sent to CloudWatch", async () => {
      const toCloudWatch = {
        ...flowLog,
        props: { ...flowLog.props, logDestinationType: "cloud-watch-logs" },
      };
      assert.deepEqual(await check([logsBucket, toCloudWatch]), { violations: [] });
    });

    it("correlates literal bucket names and ARNs when there are no dependencies", async () => {
      const trail = { type: TRAIL, name: "trail-test", props: { s3BucketName: "logs-test" } };
      const literal = lifecycle(keepForAYear, {
        props: { bucket: "arn:aws:s3:::logs-test", rules: keepForAYear },
        propertyDependencies: {},
      });
      assert.deepEqual(await check([logsBucket, trail, literal]), { violations: [] });
    });

    it("accepts the bucket's deprecated inline lifecycleRules", async () => {
      const inline = {
        ...logsBucket,
        props: { lifecycleRules: [{ enabled: true, expiration: { days: 400 } }] },
      };
      assert.deepEqual(await check([inline, flowLog]), { violations: [] });
    });

    it("accepts a log bucket without lifecycle when allowNeverExpire is set", async () => {
      assert.deepEqual(await check([logsBucket, flowLog], { allowNeverExpire: true }), { violations: [] });
    });

    it("reads unknowns the program did not build (the provider's computed defaults) as unset", async () => {
      const planned = [
        {
          id: "expire",
          status: "Enabled",
          expiration: { days: 365, date: UNKNOWN, expiredObjectDeleteMarker: UNKNOWN },
        },
      ];
      assert.deepEqual(await check([logsBucket, flowLog, lifecycle(planned)]), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports a log bucket without any lifecycle configuration, naming its sources", async () => {
      const trail = {
        type: TRAIL,
        name: "trail-test",
        props: { s3BucketName: UNKNOWN },
        propertyDependencies: { s3BucketName: ["logs-test"] },
      };
      assert.deepEqual(await messages([logsBucket, flowLog, trail]), [
        "This bucket receives VPC flow log 'vpc-flow-test', CloudTrail trail 'trail-test' but has no lifecycle configuration: logs " +
          "are kept forever, unmanaged. Expected an aws.s3.BucketLifecycleConfiguration with an Enabled rule whose " +
          "expiration.days >= 90.",
      ]);
    });

    it("reports a rule that expires logs too early", async () => {
      const rules = [{ id: "short", status: "Enabled", expiration: { days: 30 } }];
      assert.deepEqual(await messages([logsBucket, flowLog, lifecycle(rules)]), [
        "rule 'short' of 'logs-lifecycle-test' expires objects after 30 days; expected expiration.days >= 90 (minimumDays).",
      ]);
    });

    it("requires archiveDays of total retention when set", async () => {
      const rules = [{ id: "half-year", status: "Enabled", expiration: { days: 180 } }];
      const [message] = await messages([logsBucket, flowLog, lifecycle(rules)], { archiveDays: 365 });
      assert.match(
        message,
        /expires objects after 180 days; expected expiration.days >= 365 \(archiveDays: total retention; PCI DSS 10.5.1 asks for 12 months\)/,
      );
    });

    it("reports lifecycle rules that never expire anything", async () => {
      const rules = [
        { id: "off", status: "Disabled", expiration: { days: 365 } },
        { id: "tier", status: "Enabled", transitions: [{ days: 120, storageClass: "GLACIER" }] },
      ];
      assert.deepEqual(await messages([logsBucket, flowLog, lifecycle(rules)]), [
        "This bucket receives VPC flow log 'vpc-flow-test' but no Enabled lifecycle rule expires objects: logs never expire. " +
          "Expected an Enabled rule whose expiration.days >= 90.",
      ]);
    });

    it("reports archiving before the immediately available period ends", async () => {
      const rules = [
        {
          id: "cold",
          status: "Enabled",
          transitions: [{ days: 30, storageClass: "DEEP_ARCHIVE" }],
          expiration: { days: 365 },
        },
      ];
      assert.deepEqual(await messages([logsBucket, flowLog, lifecycle(rules)]), [
        "rule 'cold' of 'logs-lifecycle-test' moves objects to DEEP_ARCHIVE after 30 days; the most recent 90 days of " +
          "logs must stay immediately available (PCI DSS 10.5.1): transition no sooner than day 90, or use GLACIER_IR.",
      ]);
    });

    it("accepts early transitions to classes that stay immediately available", async () => {
      const rules = [
        {
          id: "ia",
          status: "Enabled",
          transitions: [{ days: 30, storageClass: "GLACIER_IR" }],
          expiration: { days: 365 },
        },
      ];
      assert.deepEqual(await messages([logsBucket, flowLog, lifecycle(rules)]), []);
    });

    it("reports expiration and archival on fixed dates, which keep no minimum age", async () => {
      const rules = [
        {
          id: "dated",
          status: "Enabled",
          expiration: { date: "2027-01-01" },
          transitions: [{ date: "2026-06-01", storageClass: "GLACIER" }],
        },
      ];
      const found = await messages([logsBucket, flowLog, lifecycle(rules)]);
      assert.equal(found.length, 2);
      assert.match(found[0], /expires objects on a fixed date \(2027-01-01\)/);
      assert.match(found[1], /moves objects to GLACIER on a fixed date \(2026-06-01\)/);
    });

    it("finds the other log sources and the deprecated V2 tokens", async () => {
      const sources: StackResourceCase[] = [
        {
          type: "aws:alb/loadBalancer:LoadBalancer",
          name: "alb-test",
          props: { accessLogs: { bucket: UNKNOWN, enabled: true } },
          propertyDependencies: { accessLogs: ["logs-test"] },
        },
        {
          type: "aws:lb/loadBalancer:LoadBalancer",
          name: "nlb-test",
          props: { connectionLogs: { bucket: UNKNOWN, enabled: UNKNOWN } },
          propertyDependencies: { connectionLogs: ["logs-test"] },
        },
        {
          type: "aws:elb/loadBalancer:LoadBalancer",
          name: "elb-test",
          props: { accessLogs: { bucket: "logs-test" } },
        },
        {
          type: "aws:s3/bucketLoggingV2:BucketLoggingV2",
          name: "access-logging-test",
          props: { bucket: "data-test", targetBucket: UNKNOWN },
          propertyDependencies: { targetBucket: ["logs-test"] },
        },
        {
          type: "aws:s3/bucket:Bucket",
          name: "data-test",
          props: { logging: { targetBucket: "logs-test" } },
        },
      ];
      const shortV2 = lifecycle([{ id: "short", status: "Enabled", expiration: { days: 7 } }], {
        type: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
      });
      assert.deepEqual(await messages([logsBucket, ...sources]), [
        "This bucket receives load balancer access logs 'alb-test', load balancer connection logs 'nlb-test', classic load balancer " +
          "access logs 'elb-test', S3 server access logging 'access-logging-test', S3 server access logging (inline) " +
          "'data-test' but has no lifecycle configuration: logs are kept forever, unmanaged. Expected an " +
          "aws.s3.BucketLifecycleConfiguration with an Enabled rule whose expiration.days >= 90.",
      ]);
      const [message] = await messages([logsBucket, ...sources, shortV2]);
      assert.match(message, /rule 'short' of 'logs-lifecycle-test' expires objects after 7 days/);
    });

    it("checks inline lifecycleRules and configuration rules together", async () => {
      const inline = {
        ...logsBucket,
        props: { lifecycleRules: [{ id: "legacy", enabled: true, expiration: { days: 14 } }] },
      };
      const found = await messages([inline, flowLog, lifecycle(keepForAYear)]);
      assert.deepEqual(found, [
        "rule 'legacy' (inline lifecycleRules) expires objects after 14 days; expected expiration.days >= 90 (minimumDays).",
      ]);
    });
  });

  describe("unknown during preview", () => {
    it("decides through propertyDependencies although every id and ARN is unknown", async () => {
      const rules = [{ id: "short", status: "Enabled", expiration: { days: 30 } }];
      assert.equal((await messages([logsBucket, flowLog, lifecycle(rules)])).length, 1);
    });

    it("defers a bucket whose rules were built from other resources' unknown outputs", async () => {
      const days = { type: "aws:ssm/parameter:Parameter", name: "retention-test", props: { value: UNKNOWN } };
      const built = lifecycle([{ id: "expire", status: "Enabled", expiration: { days: UNKNOWN } }], {
        propertyDependencies: { bucket: ["logs-test"], rules: ["retention-test"] },
      });
      const verdict = await check([logsBucket, flowLog, days, built]);
      assert.deepEqual(verdict.violations, []);
      assert.equal(
        verdict.notApplicable,
        `deferred ${LOGS_URN}: rules of 'logs-lifecycle-test' is unknown during preview`,
      );
    });

    it("treats load balancer logs whose enabled flag is unknown as delivering", async () => {
      const alb = {
        type: "aws:lb/loadBalancer:LoadBalancer",
        name: "alb-test",
        props: { accessLogs: UNKNOWN_OBJECT },
        propertyDependencies: { accessLogs: ["logs-test"] },
      };
      const [message] = await messages([logsBucket, alb]);
      assert.match(
        message,
        /^This bucket receives load balancer access logs 'alb-test' but has no lifecycle configuration/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports rules that are not a list, rules with a bad status and bad day counts", async () => {
      assert.deepEqual(await messages([logsBucket, flowLog, lifecycle({ id: "x" })]), [
        'rules of \'logs-lifecycle-test\' must be a list, got {"id":"x"}.',
        "This bucket receives VPC flow log 'vpc-flow-test' but no Enabled lifecycle rule expires objects: logs never expire. " +
          "Expected an Enabled rule whose expiration.days >= 90.",
      ]);
      const rules = [
        { id: "lower", status: "enabled", expiration: { days: 365 } },
        { id: "words", status: "Enabled", expiration: { days: "a year" } },
        { id: "tiers", status: "Enabled", expiration: { days: 365 }, transitions: [{ days: 90 }] },
        "not a rule",
      ];
      const found = await messages([logsBucket, flowLog, lifecycle(rules)]);
      assert.deepEqual(found.slice(0, 4), [
        "rule 'lower' of 'logs-lifecycle-test': status \"enabled\" is not Enabled or Disabled.",
        "rule 'words' of 'logs-lifecycle-test': expiration days must be a whole number, got \"a year\".",
        "rule 'tiers' of 'logs-lifecycle-test': transitions[0].storageClass must be a string, got undefined.",
        "rules[3] of 'logs-lifecycle-test' must be an object, got \"not a rule\".",
      ]);
    });

    it("fails closed when archiveDays is below minimumDays", async () => {
      const verdict = await check([logsBucket, flowLog], { archiveDays: 30 });
      assert.deepEqual(verdict.violations, [
        {
          urn: undefined,
          message:
            "invalid configuration for policy 'logging-log-bucket-lifecycle': 'archiveDays' must be 0 (off) or a whole " +
            "number >= 'minimumDays' (90), got 30",
        },
      ]);
    });
  });

  describe("exemptions", () => {
    it("reports an exempted log bucket in the stack notes with its reason", async () => {
      const exemptions = [
        {
          urn: LOGS_URN,
          reason: "Bucket replicated to the archive account",
          expires: "2999-01-01",
          ticket: "RISK-3",
        },
      ];
      const verdict = await check([logsBucket, flowLog], { exemptions });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted urn:pulumi:test::finguard-test::aws:s3\/bucket:Bucket::logs-test: Bucket replicated to the archive account \[ticket RISK-3\]/,
      );
    });

    it("exempts one finding by id and keeps the others", async () => {
      const rules = [
        {
          id: "cold",
          status: "Enabled",
          transitions: [{ days: 30, storageClass: "GLACIER" }],
          expiration: { days: 60 },
        },
      ];
      const exemptions = [
        {
          urn: LOGS_URN,
          reason: "restores tested",
          expires: "2999-01-01",
          findings: ["archived-early:cold"],
        },
      ];
      const found = await messages([logsBucket, flowLog, lifecycle(rules)], { exemptions });
      assert.equal(found.length, 1);
      assert.match(found[0], /expires objects after 60 days/);
    });

    it("does not apply an expired exemption and says why", async () => {
      const exemptions = [{ urn: LOGS_URN, reason: "temporary", expires: "2022-12-31" }];
      const [message] = await messages([logsBucket, flowLog], { exemptions });
      assert.match(message, /Exemption not applied because it expired on 2022-12-31: "temporary"\.$/);
    });
  });
});
