/**
 * Sequential Remediate+Analyze per resource, as the engine sends them during a preview. The packs
 * take turns resource by resource (the first pack rotates), so noise spreads over all of them.
 */
import type { AnalyzerResource } from "../../evaluator/analyzer/types";
import type { PackSession } from "../pack-session";
import type { PackId } from "../packs";
import { latency, rotate, type Latency } from "../stats";

export interface PerResourceResult {
  resources: number;
  warmupResources: number;
  latencyMs: Latency;
  /** The pack's own CPU time per resource (its /proc counters over the measured pass). */
  packCpuMsPerResource: number;
  diagnostics: number;
}

export async function measurePerResource(
  sessions: readonly PackSession[],
  requests: readonly AnalyzerResource[],
  warmup: number,
): Promise<Record<PackId, PerResourceResult>> {
  for (const request of requests.slice(0, warmup)) {
    for (const session of sessions) await remediateThenAnalyze(session, request);
  }
  const runs = new Map(
    sessions.map((s) => [s, { samples: [] as number[], diagnostics: 0, cpuBefore: s.cpuMs() }]),
  );
  for (const [index, request] of requests.entries()) {
    for (const session of rotate(sessions, index)) {
      const run = runs.get(session)!;
      const started = performance.now();
      run.diagnostics += await remediateThenAnalyze(session, request);
      run.samples.push(performance.now() - started);
    }
  }
  return Object.fromEntries(
    [...runs].map(([session, run]) => [
      session.spec.id,
      {
        resources: requests.length,
        warmupResources: warmup,
        latencyMs: latency(run.samples),
        packCpuMsPerResource: (session.cpuMs() - run.cpuBefore) / requests.length,
        diagnostics: run.diagnostics,
      },
    ]),
  ) as Record<PackId, PerResourceResult>;
}

/** One resource as the engine handles it: Remediate, then Analyze on the remediated inputs. */
async function remediateThenAnalyze(session: PackSession, request: AnalyzerResource): Promise<number> {
  const remediated = await session.analyzer.remediate(request);
  const properties =
    remediated.remediations.filter((r) => r.properties).at(-1)?.properties ?? request.properties;
  const analysis = await session.analyzer.analyze({ ...request, properties });
  return analysis.diagnostics.length;
}
