import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CapturedResource, CapturedStack } from "../../evaluator/capture/types";
import { evaluate } from "../../evaluator/evaluate";
import type { EvaluationResult, OutcomeStatus } from "../../evaluator/results/model";

export const REPO_ROOT = join(__dirname, "..", "..");
export const PACK_DIR = join(REPO_ROOT, "policy-pack");

if (!existsSync(join(PACK_DIR, "bin", "index.js"))) {
  throw new Error("the policy pack is not built: run `npm run build` first (npm test does)");
}

/** A fixture's expected outcomes (expected.json): policy x resource (logical name) per status. */
export interface FixtureExpectations {
  violations?: FixtureCase[];
  exempted?: FixtureCase[];
  compliant?: FixtureCase[];
  deferred?: FixtureCase[];
  /** Decided wrongly today, for a documented reason: the test pins `actual` and fails once it changes. */
  knownLimits?: Array<FixtureCase & { expected: OutcomeStatus; actual: OutcomeStatus; reason: string }>;
}

export interface FixtureCase {
  policy: string;
  resource: string;
}

export function readFixtureExpectations(fixtureDir: string): FixtureExpectations {
  return JSON.parse(readFileSync(join(fixtureDir, "expected.json"), "utf8")) as FixtureExpectations;
}

/** Evaluates a fixture program (stack `test`, its policy-config.json if any) through the real pack process. */
export function evaluateFixture(fixtureDir: string): Promise<EvaluationResult> {
  const configFile = join(fixtureDir, "policy-config.json");
  return evaluate({
    programDir: fixtureDir,
    stack: "test",
    packDir: PACK_DIR,
    policyPackConfigFile: existsSync(configFile) ? configFile : undefined,
  });
}

/** The statuses of one policy on the resources whose URN ends with the logical name. */
export function fixtureStatuses(result: EvaluationResult, policy: string, resource: string): OutcomeStatus[] {
  return result.outcomes
    .filter((o) => o.policy === policy && o.urn.endsWith(`::${resource}`))
    .map((o) => o.status);
}

/** One mocha test per expectation of expected.json, against the result `getResult` returns. */
export function itMeetsFixtureExpectations(
  expected: FixtureExpectations,
  getResult: () => EvaluationResult,
): void {
  const cases: Array<[keyof FixtureExpectations, OutcomeStatus]> = [
    ["violations", "violation"],
    ["exempted", "exempted"],
    ["compliant", "compliant"],
    ["deferred", "deferred"],
  ];
  for (const [key, status] of cases) {
    for (const { policy, resource } of (expected[key] ?? []) as FixtureCase[]) {
      it(`${policy} on ${resource}: ${status}`, () => {
        const statuses = fixtureStatuses(getResult(), policy, resource);
        assert.ok(statuses.includes(status), `got ${JSON.stringify(statuses)}`);
        if (status !== "violation")
          assert.ok(!statuses.includes("violation"), `unexpected violation: ${JSON.stringify(statuses)}`);
      });
    }
  }
  for (const limit of expected.knownLimits ?? []) {
    it(`${limit.policy} on ${limit.resource}: ${limit.actual} (known limit; should be ${limit.expected})`, () => {
      const statuses = fixtureStatuses(getResult(), limit.policy, limit.resource);
      assert.deepEqual(
        statuses,
        [limit.actual],
        `the known limit changed (${limit.reason}); if it is now ${limit.expected}, move it to "${limit.expected}"`,
      );
    });
  }
}

// Violating twins (test/e2e/violating-twins*.test.ts): a captured stack with one guarded property flipped.

export type Props = Record<string, unknown>;

/** One flip of a captured stack: `apply` changes it in place and returns the URN that must now fail `policy`. */
export interface Flip {
  name: string;
  policy: string;
  apply(stack: CapturedStack): string;
}

export function first(stack: CapturedStack, type: string): CapturedResource {
  const found = stack.resources.find((r) => r.type === type);
  if (!found) throw new Error(`the stack has no ${type} to flip`);
  return found;
}

/** Applies the same change to what Analyze sees (inputs) and what AnalyzeStack sees (outputs). */
export function edit(resource: CapturedResource, change: (props: Props) => void): string {
  change(resource.inputs);
  change(resource.outputs);
  return resource.urn;
}

/** Replaces a role policy's document with `Allow * on *`. */
export function grantEverything(rolePolicy: CapturedResource): string {
  return edit(rolePolicy, (props) => {
    props.policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    });
  });
}

/** Sets the `protect` resource option. */
export function protect(resource: CapturedResource): string {
  resource.options.protect = true;
  return resource.urn;
}

/** Points an S3 encryption configuration at the AWS managed key (alias/aws/s3): not a CMK. */
export function useAwsManagedS3Key(config: CapturedResource): string {
  edit(config, (props) => {
    props.rules = [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" } },
    ];
  });
  delete config.propertyDependencies.rules;
  return config.urn;
}

/** Adds an internet gateway attached to `vpc` (registered like the VPC) and returns its URN. */
export function addInternetGateway(stack: CapturedStack, vpc: CapturedResource): string {
  const igw: CapturedResource = {
    ...structuredClone(vpc),
    urn: vpc.urn.replace(
      /::aws:ec2\/vpc:Vpc::.*$/,
      "::aws:ec2/internetGateway:InternetGateway::igw-twin-dev",
    ),
    type: "aws:ec2/internetGateway:InternetGateway",
    name: "igw-twin-dev",
    inputs: { vpcId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", tags: {} },
    outputs: { vpcId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", tags: {} },
    dependencies: [vpc.urn],
    propertyDependencies: { vpcId: [vpc.urn] },
  };
  stack.resources.push(igw);
  return igw.urn;
}
