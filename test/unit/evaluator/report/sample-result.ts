/** A results model exercising every outcome status and the characters formats must escape. */
import {
  RESULTS_SCHEMA_VERSION,
  type EvaluationResult,
  type Outcome,
} from "../../../../evaluator/results/model";

const urn = (type: string, name: string) => `urn:pulumi:dev::shop::${type}::${name}`;
const BUCKET = "aws:s3/bucket:Bucket";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export const SAMPLE_OUTCOMES: Outcome[] = [
  {
    policy: "tags-required",
    urn: urn(BUCKET, "data"),
    resourceType: BUCKET,
    status: "compliant",
    enforcementLevel: "mandatory",
    severity: "medium",
  },
  {
    policy: "tags-required",
    urn: urn(BUCKET, "logs"),
    resourceType: BUCKET,
    status: "violation",
    enforcementLevel: "mandatory",
    severity: "medium",
    message: 'Missing required tags: Owner, "CostCenter" <b>&\nnext line',
  },
  {
    policy: "logging-log-group-retention",
    urn: urn(LOG_GROUP, "app"),
    resourceType: LOG_GROUP,
    status: "violation",
    enforcementLevel: "advisory",
    severity: "low",
    message: "retention 30 < 90",
  },
  {
    policy: "tags-required",
    urn: urn(BUCKET, "vendor"),
    resourceType: BUCKET,
    status: "exempted",
    enforcementLevel: "mandatory",
    severity: "medium",
    message:
      "exempted: vendor managed [ticket RISK-1] (expires 2999-01-01); suppressed: Missing required tags: Owner.",
  },
  {
    policy: "logging-log-group-retention",
    urn: urn(LOG_GROUP, "pending"),
    resourceType: LOG_GROUP,
    status: "deferred",
    enforcementLevel: "advisory",
    message:
      "can't run policy 'logging-log-group-retention' during preview: number value at .retentionInDays can't be known",
  },
  {
    policy: "logging-log-group-retention",
    urn: urn(BUCKET, "data"),
    resourceType: BUCKET,
    status: "not-applicable",
    enforcementLevel: "mandatory",
    message: "Policy only applies to log groups",
  },
];

export function sampleResult(): EvaluationResult {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: "finguard", version: "0.1.0" },
    pack: { name: "finguard-aws-pci", version: "0.1.0" },
    run: {
      source: "offline-preview",
      program: "/src/shop",
      project: "shop",
      stack: "dev",
      startedAt: "2026-11-22T08:00:00.000Z",
      finishedAt: "2026-11-22T08:00:05.000Z",
      configDigest: "ab".repeat(32),
      gitCommit: "0123456789abcdef0123456789abcdef01234567",
      remoteComponents: { "awsx:ec2:Vpc": 1 },
    },
    policies: [
      {
        name: "tags-required",
        displayName: "Mandatory tags",
        description: "Taggable resources carry the mandatory tags.",
        severity: "medium",
        enforcementLevel: "mandatory",
        framework: { name: "PCI DSS", version: "4.0.1", reference: "12.5.1, 2.2.1", specification: "..." },
        remediationSteps: "Add the tags.",
        url: "https://example.invalid/tags-required.md",
        tags: ["area:tags"],
        appliesTo: [BUCKET],
        kind: "resource",
      },
      {
        name: "logging-log-group-retention",
        displayName: "Log retention",
        description: "Log groups keep logs long enough.",
        severity: "low",
        enforcementLevel: "advisory",
        framework: { name: "PCI DSS", version: "4.0.1", reference: "10.5.1", specification: "..." },
        remediationSteps: "Set retentionInDays.",
        appliesTo: [LOG_GROUP],
        kind: "resource",
      },
    ],
    resources: [
      { urn: urn(BUCKET, "data"), type: BUCKET, name: "data" },
      { urn: urn(BUCKET, "logs"), type: BUCKET, name: "logs" },
      { urn: urn(BUCKET, "vendor"), type: BUCKET, name: "vendor" },
      { urn: urn(LOG_GROUP, "app"), type: LOG_GROUP, name: "app" },
      { urn: urn(LOG_GROUP, "pending"), type: LOG_GROUP, name: "pending" },
    ],
    outcomes: SAMPLE_OUTCOMES,
    evaluatorFindings: [
      {
        check: "lifecycle-no-retain-on-delete",
        urn: urn(BUCKET, "data"),
        resourceType: BUCKET,
        status: "violation",
        enforcementLevel: "mandatory",
        message: "retainOnDelete is set",
      },
    ],
    exemptions: [
      {
        policy: "tags-required",
        urn: urn(BUCKET, "vendor"),
        reason: "vendor managed",
        ticket: "RISK-1",
        expires: "2999-01-01",
        state: "active",
        applied: 1,
      },
      {
        policy: "tags-required",
        urnPattern: "*legacy*",
        reason: "old",
        expires: "2020-01-01",
        state: "expired",
        applied: 0,
      },
    ],
    warnings: ["remote component awsx:ec2:Vpc vpc: children not evaluated offline"],
    errors: [],
    summary: {
      resources: 5,
      mandatoryViolations: 1,
      advisoryViolations: 1,
      exempted: 1,
      deferred: 1,
      notApplicable: 1,
      compliant: 1,
      evaluatorFindings: 1,
    },
  };
}
