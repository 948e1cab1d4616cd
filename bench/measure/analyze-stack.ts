/**
 * AnalyzeStack over synthetic stacks of growing size, to show how the stack policies scale. Wall time
 * is what the engine waits (request encoding on the host side included, the same for every pack);
 * pack CPU is what the pack itself spent. Runs interleave the packs.
 */
import type { PackSession } from "../pack-session";
import type { PackId } from "../packs";
import { analyzeStackRequest } from "../requests";
import { rotate, spread, type Spread } from "../stats";
import { syntheticStack } from "../synthetic-stack";

export interface StackSize {
  resources: number;
  runs: number;
}

export interface AnalyzeStackResult {
  resources: number;
  wallMs: Spread;
  packCpuMs: Spread;
  diagnostics: number;
}

export async function measureAnalyzeStack(
  sessions: readonly PackSession[],
  sizes: readonly StackSize[],
  log: (line: string) => void,
): Promise<Record<PackId, AnalyzeStackResult[]>> {
  const results = Object.fromEntries(sessions.map((s) => [s.spec.id, [] as AnalyzeStackResult[]]));
  for (const size of sizes) {
    const request = analyzeStackRequest(syntheticStack(size.resources));
    const samples = new Map(
      sessions.map((s) => [s, { wallMs: [] as number[], packCpuMs: [] as number[], diagnostics: 0 }]),
    );
    for (let run = 0; run < size.runs; run++) {
      for (const session of rotate(sessions, run)) {
        const sample = samples.get(session)!;
        const cpuBefore = session.cpuMs();
        const started = performance.now();
        const result = await session.analyzer.analyzeStack(request);
        sample.wallMs.push(performance.now() - started);
        sample.packCpuMs.push(session.cpuMs() - cpuBefore);
        sample.diagnostics = result.diagnostics.length;
      }
      log(`AnalyzeStack ${size.resources} resources: run ${run + 1}/${size.runs} done`);
    }
    for (const [session, s] of samples) {
      results[session.spec.id].push({
        resources: size.resources,
        wallMs: spread(s.wallMs),
        packCpuMs: spread(s.packCpuMs),
        diagnostics: s.diagnostics,
      });
    }
  }
  return results as Record<PackId, AnalyzeStackResult[]>;
}
