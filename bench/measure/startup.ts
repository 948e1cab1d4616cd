/**
 * Start-up: spawn through run-policy-pack to the GetAnalyzerInfo reply, and the pack's RSS then.
 * Rounds interleave the packs (each round starts with the next one) so machine noise hits all alike.
 */
import type { PackIdentity } from "../../evaluator/analyzer/pack-process";
import { PackSession } from "../pack-session";
import type { PackId, PackSpec } from "../packs";
import { rotate, spread, type Spread } from "../stats";

export interface StartupResult {
  startupMs: Spread;
  rssMb: Spread;
  policies: number;
}

export async function measureStartup(
  packs: readonly PackSpec[],
  identity: PackIdentity,
  rounds: number,
  log: (line: string) => void,
): Promise<Record<PackId, StartupResult>> {
  const samples = new Map(
    packs.map((p) => [p.id, { startupMs: [] as number[], rssMb: [] as number[], policies: 0 }]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const spec of rotate(packs, round)) {
      const { session, startupMs, rssMb } = await PackSession.start(spec, identity);
      await session.close();
      const sample = samples.get(spec.id)!;
      sample.startupMs.push(startupMs);
      sample.rssMb.push(rssMb);
      sample.policies = session.info.policies.length;
    }
    log(`start-up round ${round + 1}/${rounds} done`);
  }
  return Object.fromEntries(
    [...samples].map(([id, s]) => [
      id,
      { startupMs: spread(s.startupMs), rssMb: spread(s.rssMb), policies: s.policies },
    ]),
  ) as Record<PackId, StartupResult>;
}
