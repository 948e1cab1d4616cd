/**
 * Violating twins of the loan-processing reference stack, evaluated with the scenario's own pack
 * config in force (policy-pack/configs/scenarios/loan-processing.json, what `finguard check` and
 * `pulumi preview --policy-pack-config` use), so they also prove that its one exemption (SSE-S3 on
 * the ALB access-log bucket) masks nothing else. The stack is captured once; each twin flips one
 * guarded property of a named resource (the ALB log bucket, the task role, the Aurora cluster...)
 * and goes through the real pack process: the right policy must fail on the right URN, and no other
 * policy may fail, so the failure comes from the flip alone. The generic twins of every scenario
 * are in violating-twins.test.ts.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureProgram } from "../../evaluator/capture/capture";
import type { CapturedResource, CapturedStack } from "../../evaluator/capture/types";
import { evaluateCaptured } from "../../evaluator/evaluate";
import type { EvaluationResult } from "../../evaluator/results/model";
import {
  addInternetGateway,
  edit,
  PACK_DIR,
  REPO_ROOT,
  grantEverything,
  protect,
  useAwsManagedS3Key,
  type Flip,
  type Props,
} from "./support";

const SCENARIO = "loan-processing";
const SCENARIO_CONFIG = join(PACK_DIR, "configs", "scenarios", `${SCENARIO}.json`);
const S3_CMK = "encryption-s3-cmk";
const SSE_CONFIGURATION =
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

interface LoanFlip extends Flip {
  /** Policies that may fail as well, because the flip breaks them too (default: none). */
  alsoFails?: string[];
}

/** The resource of this type and logical name `loan-<kind>-<suffix>` (or `loan-<kind>-<suffix>-<part>`). */
function loan(stack: CapturedStack, type: string, kind: string, part?: string): CapturedResource {
  const suffix = stack.config["finguard-reference:environmentSuffix"];
  const name = `loan-${kind}-${suffix}${part ? `-${part}` : ""}`;
  const found = stack.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`the stack has no ${type} named ${name} to flip`);
  return found;
}

const DB_CLUSTER = "aws:rds/cluster:Cluster";

function evaluateTwin(
  twin: CapturedStack,
  policyPackConfigFile: string | undefined,
): Promise<EvaluationResult> {
  return evaluateCaptured(twin, {
    packDir: PACK_DIR,
    policyPackConfigFile,
    source: "offline-preview",
    program: REPO_ROOT,
  });
}

function violations(result: EvaluationResult) {
  return result.outcomes.filter((o) => o.status === "violation");
}

function assertFails(result: EvaluationResult, policy: string, urn: string, alsoFails: string[] = []): void {
  assert.deepEqual(result.errors, []);
  const found = violations(result);
  const summary = JSON.stringify(found.map((o) => [o.policy, o.urn]));
  assert.ok(
    found.some((o) => o.policy === policy && o.urn === urn && o.enforcementLevel === "mandatory"),
    `expected ${policy} on ${urn}; got ${summary}`,
  );
  const unexpected = found.filter((o) => o.policy !== policy && !alsoFails.includes(o.policy));
  assert.deepEqual(
    unexpected.map((o) => [o.policy, o.urn]),
    [],
    "the flip should break only its own policy",
  );
}

const FLIPS: LoanFlip[] = [
  {
    name: "drop the Owner tag from the provider's defaultTags (Aurora cluster)",
    policy: "tags-required",
    apply: (stack) => {
      const provider = loan(stack, "pulumi:providers:aws", "aws");
      edit(provider, (props) => {
        const defaults = JSON.parse(String(props.defaultTags)) as { tags: Props };
        delete defaults.tags.Owner;
        props.defaultTags = JSON.stringify(defaults);
      });
      return loan(stack, DB_CLUSTER, "db").urn;
    },
  },
  {
    name: "swap the flow-log bucket's CMK for alias/aws/s3 (the ALB-log exemption does not reach it)",
    policy: S3_CMK,
    apply: (stack) => {
      const config = loan(stack, SSE_CONFIGURATION, "flowlogs", "encryption");
      return useAwsManagedS3Key(config);
    },
  },
  {
    name: "add an internet gateway to the VPC",
    policy: "network-no-internet-gateway",
    apply: (stack) => addInternetGateway(stack, loan(stack, "aws:ec2/vpc:Vpc", "vpc")),
  },
  {
    name: "set the application log group's retention to 30 days",
    policy: "logging-log-group-retention",
    apply: (stack) =>
      edit(
        loan(stack, "aws:cloudwatch/logGroup:LogGroup", "app-logs"),
        (props) => (props.retentionInDays = 30),
      ),
  },
  {
    name: 'grant Action "*" in the task role policy',
    policy: "iam-no-wildcard-actions",
    alsoFails: ["iam-resource-wildcard-scoped", "iam-passrole-scoped"],
    apply: (stack) => grantEverything(loan(stack, "aws:iam/rolePolicy:RolePolicy", "task-role", "policy")),
  },
  {
    name: "protect the Aurora cluster",
    policy: "lifecycle-no-protect",
    apply: (stack) => protect(loan(stack, DB_CLUSTER, "db")),
  },
  {
    name: "turn on deletion protection on the Aurora cluster",
    policy: "lifecycle-no-deletion-protection",
    apply: (stack) => edit(loan(stack, DB_CLUSTER, "db"), (props) => (props.deletionProtection = true)),
  },
  {
    name: "keep a final snapshot of the Aurora cluster",
    policy: "lifecycle-destroyable-data",
    apply: (stack) => edit(loan(stack, DB_CLUSTER, "db"), (props) => (props.skipFinalSnapshot = false)),
  },
  {
    name: "drop the data CMK from the Aurora cluster's storage",
    policy: "encryption-database-cmk",
    apply: (stack) => {
      const cluster = loan(stack, DB_CLUSTER, "db");
      edit(cluster, (props) => delete props.kmsKeyId);
      delete cluster.propertyDependencies.kmsKeyId;
      return cluster.urn;
    },
  },
  {
    name: "make the load balancer internet-facing",
    policy: "network-no-internet-facing-lb",
    apply: (stack) =>
      edit(loan(stack, "aws:lb/loadBalancer:LoadBalancer", "alb"), (props) => (props.internal = false)),
  },
];

describe(`violating twins of ${SCENARIO}, with its pack config in force`, function () {
  this.timeout(300_000);
  let original: CapturedStack;
  let albLogEncryption: string;
  before(async () => {
    original = await captureProgram({ programDir: REPO_ROOT, stack: SCENARIO });
    albLogEncryption = loan(original, SSE_CONFIGURATION, "alb-logs", "encryption").urn;
  });

  it("the untouched stack passes, its one exemption being encryption-s3-cmk on the ALB log bucket", async () => {
    const result = await evaluateTwin(structuredClone(original), SCENARIO_CONFIG);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(violations(result), []);
    assert.equal(result.summary.deferred, 0);
    const exempted = result.outcomes.filter((o) => o.status === "exempted");
    assert.deepEqual(
      exempted.map((o) => [o.policy, o.urn]),
      [[S3_CMK, albLogEncryption]],
    );
    assert.match(exempted[0].message ?? "", /RISK-LP-001.*expires \d{4}-\d{2}-\d{2}/s);
  });

  for (const flip of FLIPS) {
    it(`${flip.name}: ${flip.policy} fails`, async () => {
      const twin = structuredClone(original);
      const target = flip.apply(twin);
      assertFails(await evaluateTwin(twin, SCENARIO_CONFIG), flip.policy, target, flip.alsoFails);
    });
  }

  describe("the ALB log bucket's exemption is load-bearing and bounded", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "finguard-loan-twins-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("without the scenario config, the ALB log bucket's SSE-S3 fails encryption-s3-cmk", async () => {
      const result = await evaluateTwin(structuredClone(original), undefined);
      assertFails(result, S3_CMK, albLogEncryption);
      assert.equal(violations(result).length, 1);
    });

    it("once the exemption has expired, alias/aws/s3 on the ALB log bucket fails encryption-s3-cmk", async () => {
      const config = JSON.parse(readFileSync(SCENARIO_CONFIG, "utf8")) as {
        [S3_CMK]: { exemptions: Array<{ expires: string }> };
      };
      for (const exemption of config[S3_CMK].exemptions) exemption.expires = "2020-01-01";
      const expired = join(dir, `${SCENARIO}-expired.json`);
      writeFileSync(expired, JSON.stringify(config));

      const twin = structuredClone(original);
      const target = useAwsManagedS3Key(loan(twin, SSE_CONFIGURATION, "alb-logs", "encryption"));
      const result = await evaluateTwin(twin, expired);
      assertFails(result, S3_CMK, target);
      const finding = violations(result).find((o) => o.urn === target)!;
      assert.match(finding.message ?? "", /expired on 2020-01-01/);
    });
  });
});
