/**
 * How hard the fuzz tests push. In CI (`npm test`) the seed is fixed and the run counts are sized
 * so the whole fuzz suite takes a couple of minutes on a 2-core machine; `npm run fuzz` raises
 * FUZZ_RUNS and picks a random seed (printed, so any failure can be replayed with FUZZ_SEED).
 *
 *   FUZZ_RUNS  runs per resource-policy property (stack policies and the config fuzz scale from it)
 *   FUZZ_SEED  an integer, or "random"
 */
import type fc from "fast-check";

export const DEFAULT_RUNS = 2000;
export const DEFAULT_SEED = 20_251_122;

function runsFromEnv(): number {
  const text = process.env.FUZZ_RUNS;
  if (!text) return DEFAULT_RUNS;
  const runs = Number(text);
  if (!Number.isInteger(runs) || runs <= 0)
    throw new Error(`FUZZ_RUNS must be a positive integer, got '${text}'`);
  return runs;
}

function seedFromEnv(): number {
  const text = process.env.FUZZ_SEED;
  if (!text) return DEFAULT_SEED;
  if (text === "random") return Math.floor(Math.random() * 0x7fffffff);
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or 'random', got '${text}'`);
  return seed;
}

export const FUZZ_RUNS = runsFromEnv();
export const FUZZ_SEED = seedFromEnv();

/** A stack request carries about a dozen resources: a quarter of the runs buys about the same time. */
export const STACK_RUNS = Math.max(1, Math.round(FUZZ_RUNS / 4));
/** Config runs are spread over every policy again (the stack ones dominate their cost). */
export const CONFIG_RUNS = Math.max(1, Math.round(FUZZ_RUNS / 12));
/** The whole pack at once, in both orders (stacks: a third of it). */
export const PACK_RUNS = Math.max(1, Math.round(FUZZ_RUNS / 4));

/** For test titles: which seed produced a failure. */
export const SEED_NOTE = `seed ${FUZZ_SEED}`;

/** fast-check parameters: the seed is shared, each property gets its own stream from its path. */
export function fcParameters(numRuns: number): fc.Parameters<unknown> {
  return { numRuns, seed: FUZZ_SEED, endOnFailure: false, verbose: 0 };
}

if (process.env.FUZZ_SEED || process.env.FUZZ_RUNS) {
  process.stderr.write(`fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per resource policy\n`);
}

/**
 * The stack the pack believes it evaluates (the CLI passes it in PULUMI_* variables): set before
 * any policy reads it, so naming has a suffix. Left alone when a host already set it.
 */
export function setStackIdentity(): void {
  process.env.PULUMI_NODEJS_PROJECT ??= "finguard-fuzz";
  process.env.PULUMI_NODEJS_STACK ??= "test";
  process.env.PULUMI_NODEJS_ORGANIZATION ??= "organization";
  process.env.PULUMI_NODEJS_DRY_RUN ??= "true";
  process.env.PULUMI_CONFIG ??= JSON.stringify({
    "finguard-fuzz:environmentSuffix": "test",
    "aws:region": "us-east-1",
  });
}
