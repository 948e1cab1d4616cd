/**
 * Violating twins of the reference stacks: each stack is captured once, then one guarded property
 * is flipped at a time in the captured registrations (inputs for Analyze, outputs for
 * AnalyzeStack) and the twin goes through the real pack process. The right policy must fail, and
 * only because of the flip: the untouched stack passes (see catalogue and check-reference tests).
 */
import assert from "node:assert/strict";
import { captureProgram } from "../../evaluator/capture/capture";
import type { CapturedStack } from "../../evaluator/capture/types";
import { evaluateCaptured } from "../../evaluator/evaluate";
import { SCENARIOS } from "../../reference-stacks/scenarios";
import {
  addInternetGateway,
  edit,
  first,
  PACK_DIR,
  REPO_ROOT,
  grantEverything,
  protect,
  useAwsManagedS3Key,
  type Flip,
  type Props,
} from "./support";

const FLIPS: Flip[] = [
  {
    name: "drop the Owner tag from the provider's defaultTags",
    policy: "tags-required",
    apply: (stack) => {
      const provider = stack.resources.find(
        (r) => r.type === "pulumi:providers:aws" && !r.name.startsWith("default_"),
      );
      if (!provider) throw new Error("no explicit provider");
      edit(provider, (props) => {
        const defaults = JSON.parse(String(props.defaultTags)) as { tags: Props };
        delete defaults.tags.Owner;
        props.defaultTags = JSON.stringify(defaults);
      });
      return first(stack, "aws:s3/bucket:Bucket").urn;
    },
  },
  {
    name: "swap the bucket's CMK for alias/aws/s3",
    policy: "encryption-s3-cmk",
    apply: (stack) => {
      const config = first(
        stack,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      );
      return useAwsManagedS3Key(config);
    },
  },
  {
    name: "add an internet gateway to the VPC",
    policy: "network-no-internet-gateway",
    apply: (stack) => addInternetGateway(stack, first(stack, "aws:ec2/vpc:Vpc")),
  },
  {
    name: "set a log group's retention to 30 days",
    policy: "logging-log-group-retention",
    apply: (stack) =>
      edit(first(stack, "aws:cloudwatch/logGroup:LogGroup"), (props) => (props.retentionInDays = 30)),
  },
  {
    name: 'grant Action "*" in a role policy',
    policy: "iam-no-wildcard-actions",
    apply: (stack) => grantEverything(first(stack, "aws:iam/rolePolicy:RolePolicy")),
  },
  {
    name: "protect the KMS key",
    policy: "lifecycle-no-protect",
    apply: (stack) => protect(first(stack, "aws:kms/key:Key")),
  },
];

// Every registered scenario, so a new reference stack gets its twins without touching this file.
for (const scenario of Object.keys(SCENARIOS)) {
  describe(`violating twins of ${scenario}`, function () {
    this.timeout(300_000);
    let original: CapturedStack;
    before(async () => {
      original = await captureProgram({ programDir: REPO_ROOT, stack: scenario });
    });

    for (const flip of FLIPS) {
      it(`${flip.name}: ${flip.policy} fails`, async () => {
        const twin = structuredClone(original);
        const target = flip.apply(twin);
        const result = await evaluateCaptured(twin, {
          packDir: PACK_DIR,
          source: "offline-preview",
          program: REPO_ROOT,
        });
        assert.deepEqual(result.errors, []);
        const violations = result.outcomes.filter((o) => o.status === "violation");
        assert.ok(
          violations.some(
            (o) => o.policy === flip.policy && o.urn === target && o.enforcementLevel === "mandatory",
          ),
          `expected ${flip.policy} on ${target}; got ${JSON.stringify(violations.map((o) => [o.policy, o.urn]))}`,
        );
      });
    }
  });
}
