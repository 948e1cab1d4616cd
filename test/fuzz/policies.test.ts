/**
 * Property-based fuzzing of every FinGuard policy through the @pulumi/policy server's own Analyze
 * and AnalyzeStack handlers (see support/rpc.ts): random, malformed and adversarial resources and
 * stacks must never make the server fail, never make a policy fail closed, never put a violation
 * on a resource the request did not hold (or, for Analyze, on another resource), and the same
 * request must always get the same answer.
 *
 *   npm run fuzz                                  many runs, random seed (printed)
 *   FUZZ_SEED=<seed> FUZZ_RUNS=<n> npm run fuzz   replay
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { ALL_POLICIES, toPulumiPolicy } from "../../policy-pack/library";
import type { PolicyDefinition } from "../../policy-pack/lib/policy";
import { byPolicy, canonical, resourceProblems, stackProblems } from "./support/invariants";
import { resourceArb, stackArb } from "./support/resources";
import { analyzeRequest, analyzeStackRequest, call, makeHandlers, type WireResource } from "./support/rpc";
import {
  FUZZ_RUNS,
  PACK_RUNS,
  SEED_NOTE,
  STACK_RUNS,
  fcParameters,
  setStackIdentity,
} from "./support/settings";

setStackIdentity();

/** Analyze one resource twice (and so through every cache a second time): the answers must agree. */
async function analyzeTwice(handlers: ReturnType<typeof makeHandlers>, resource: WireResource) {
  const request = analyzeRequest(resource);
  const first = await call(handlers.analyze, request);
  const second = await call(handlers.analyze, request);
  return { first, second };
}

async function analyzeStackTwice(handlers: ReturnType<typeof makeHandlers>, resources: WireResource[]) {
  const request = analyzeStackRequest(resources);
  const first = await call(handlers.analyzeStack, request);
  const second = await call(handlers.analyzeStack, request);
  return { first, second };
}

function assertNoProblems(problems: string[], first: unknown, second: unknown): void {
  assert.deepEqual(problems, []);
  assert.equal(canonical(second as never), canonical(first as never), "the same request got another answer");
}

describe(`fuzz: every policy through the analyzer server (${SEED_NOTE})`, function () {
  this.timeout(0);

  it("covers every policy of the pack", () => {
    assert.ok(ALL_POLICIES.length >= 32, `only ${ALL_POLICIES.length} policies`);
  });

  for (const definition of ALL_POLICIES) {
    const handlers = makeHandlers([toPulumiPolicy(definition)]);
    if (definition.kind === "resource") {
      it(`${definition.name}: Analyze survives ${FUZZ_RUNS} resources`, async () => {
        await fc.assert(
          fc.asyncProperty(resourceArb(definition), async (resource) => {
            const { first, second } = await analyzeTwice(handlers, resource);
            assertNoProblems(resourceProblems(resource, first), first, second);
          }),
          fcParameters(FUZZ_RUNS),
        );
      });
    } else {
      it(`${definition.name}: AnalyzeStack survives ${STACK_RUNS} stacks`, async () => {
        await fc.assert(
          fc.asyncProperty(stackArb(definition), async (resources) => {
            const { first, second } = await analyzeStackTwice(handlers, resources);
            assertNoProblems(stackProblems([definition], resources, first), first, second);
          }),
          fcParameters(STACK_RUNS),
        );
      });
    }
  }
});

describe(`fuzz: the whole pack at once (${SEED_NOTE})`, function () {
  this.timeout(0);
  const forward = makeHandlers(ALL_POLICIES.map(toPulumiPolicy));
  const backward = makeHandlers([...ALL_POLICIES].reverse().map(toPulumiPolicy));
  const everyType: PolicyDefinition = { ...ALL_POLICIES[0], appliesTo: "*" } as PolicyDefinition;

  /** Policies share caches (parsed IAM documents, config defaults): running them in another order must not matter. */
  const sameByPolicy = (a: Map<string, string[]>, b: Map<string, string[]>) =>
    assert.deepEqual(new Map([...b].sort()), new Map([...a].sort()), "the policy order changed an answer");

  it(`Analyze: every policy, in both orders, agrees on ${PACK_RUNS} resources`, async () => {
    await fc.assert(
      fc.asyncProperty(resourceArb(everyType), async (resource) => {
        const request = analyzeRequest(resource);
        const first = await call(forward.analyze, request);
        const reversed = await call(backward.analyze, request);
        assert.deepEqual(resourceProblems(resource, first), []);
        sameByPolicy(byPolicy(first), byPolicy(reversed));
      }),
      fcParameters(PACK_RUNS),
    );
  });

  it(`AnalyzeStack: every policy, in both orders, agrees on ${PACK_RUNS} stacks`, async () => {
    await fc.assert(
      fc.asyncProperty(stackArb(everyType), async (resources) => {
        const request = analyzeStackRequest(resources);
        const first = await call(forward.analyzeStack, request);
        const reversed = await call(backward.analyzeStack, request);
        assert.deepEqual(stackProblems(ALL_POLICIES, resources, first), []);
        sameByPolicy(byPolicy(first), byPolicy(reversed));
      }),
      fcParameters(Math.max(1, Math.round(PACK_RUNS / 3))),
    );
  });
});
