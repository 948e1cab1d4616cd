/**
 * One pack process driven the way the engine drives it, through the evaluator's own startPack and
 * AnalyzerClient: started with run-policy-pack (cwd = the pack) for the synthetic stack, then
 * ConfigureStack -> GetAnalyzerInfo -> Configure (the pack's defaults and initial config, as the
 * engine reconciles them without a --policy-pack-config file).
 */
import { AnalyzerClient } from "../evaluator/analyzer/client";
import { reconcilePolicyConfig } from "../evaluator/analyzer/config";
import { startPack, type PackIdentity, type PackProcess } from "../evaluator/analyzer/pack-process";
import type { AnalyzerInfo } from "../evaluator/analyzer/types";
import type { PackSpec } from "./packs";
import { cpuMsOf, memoryOf } from "./proc";
import { elapsedMs } from "./stats";

export interface StartedSession {
  session: PackSession;
  /** Spawn to the GetAnalyzerInfo reply, in ms. */
  startupMs: number;
  /** VmRSS right after that reply, in MB. */
  rssMb: number;
}

export class PackSession {
  /** Policies not disabled by the configuration sent (set by configure()). */
  policiesOn = 0;

  private constructor(
    readonly spec: PackSpec,
    readonly info: AnalyzerInfo,
    private readonly pack: PackProcess,
    private readonly client: AnalyzerClient,
  ) {}

  static async start(spec: PackSpec, identity: PackIdentity): Promise<StartedSession> {
    const started = performance.now();
    const pack = await startPack({ packDir: spec.dir, identity });
    try {
      const client = await AnalyzerClient.connect(pack.packDir, pack.port);
      await client.configureStack({ ...identity, dryRun: true });
      const info = await client.getAnalyzerInfo();
      const startupMs = elapsedMs(started);
      const session = new PackSession(spec, info, pack, client);
      return { session, startupMs, rssMb: session.memory().rssMb };
    } catch (error) {
      await pack.kill();
      throw error;
    }
  }

  get analyzer(): AnalyzerClient {
    return this.client;
  }

  /** Configure with an entry for every policy, as the engine sends it. */
  async configure(): Promise<void> {
    const config = reconcilePolicyConfig(this.info);
    await this.client.configure(config);
    this.policiesOn = Object.values(config).filter((entry) => entry.enforcementLevel !== "disabled").length;
  }

  memory(): { rssMb: number; peakRssMb: number } {
    return memoryOf(this.pack.pid);
  }

  cpuMs(): number {
    return cpuMsOf(this.pack.pid);
  }

  async close(): Promise<void> {
    this.client.close();
    await this.pack.kill();
  }
}

/** Starts every pack (one after the other, so start-ups do not compete), runs `use`, stops them all. */
export async function withSessions<T>(
  specs: readonly PackSpec[],
  identity: PackIdentity,
  use: (sessions: PackSession[]) => Promise<T>,
): Promise<T> {
  const sessions: PackSession[] = [];
  try {
    for (const spec of specs) {
      const { session } = await PackSession.start(spec, identity);
      sessions.push(session);
      await session.configure();
    }
    return await use(sessions);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}
