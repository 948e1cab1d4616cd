/**
 * Builds the fuzz seed corpus: the resources of the area fixtures and of the reference stacks,
 * captured by the evaluator exactly as they would reach the pack (inputs for Analyze, outputs and
 * dependencies for AnalyzeStack). The fuzz tests mutate these realistic shapes.
 *
 *   node -r ts-node/register/transpile-only test/fuzz/corpus/build-corpus.ts
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { captureProgram } from "../../../evaluator/capture/capture";
import type { CapturedStack } from "../../../evaluator/capture/types";
import type { CorpusResource } from "../support/corpus";

const REPO_ROOT = join(__dirname, "..", "..", "..");

function toCorpus(source: string, captured: CapturedStack): CorpusResource[] {
  const providers = new Map(captured.resources.map((r) => [r.urn, r]));
  return captured.resources.map((r) => {
    const providerUrn = r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined;
    const provider = providerUrn ? providers.get(providerUrn) : undefined;
    return {
      source,
      type: r.type,
      name: r.name,
      urn: r.urn,
      inputs: r.inputs,
      outputs: r.outputs,
      parent: r.parent,
      dependencies: r.dependencies,
      propertyDependencies: r.propertyDependencies,
      protect: r.options.protect,
      provider: provider && { type: provider.type, urn: provider.urn, inputs: provider.inputs },
    };
  });
}

async function main(): Promise<void> {
  const corpus: CorpusResource[] = [];
  const areas = join(REPO_ROOT, "test", "fixtures", "areas");
  const programs = [
    ...readdirSync(areas)
      .sort()
      .map((area) => ({ source: `areas/${area}`, programDir: join(areas, area), stack: "test" })),
    { source: "reference/trading-foundation", programDir: REPO_ROOT, stack: "trading-foundation" },
    { source: "reference/zero-trust-payments", programDir: REPO_ROOT, stack: "zero-trust-payments" },
  ];
  for (const program of programs) {
    const captured = await captureProgram({ programDir: program.programDir, stack: program.stack });
    corpus.push(...toCorpus(program.source, captured));
    process.stderr.write(`${program.source}: ${captured.resources.length} resources\n`);
  }
  writeFileSync(join(__dirname, "resources.json"), JSON.stringify(corpus) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
