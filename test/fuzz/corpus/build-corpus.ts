/**
 * Builds the fuzz seed corpus: the resources of the area and adversarial fixtures and of every
 * reference stack (Pulumi.<stack>.yaml at the repository root),
 * captured by the evaluator exactly as they would reach the pack (inputs for Analyze, outputs and
 * dependencies for AnalyzeStack). The fuzz tests mutate these realistic shapes.
 *
 *   node -r ts-node/register/transpile-only test/fuzz/corpus/build-corpus.ts
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { captureProgram } from "../../../evaluator/capture/capture";
import type { CapturedStack } from "../../../evaluator/capture/types";
import type { CorpusResource } from "../support/corpus";

const REPO_ROOT = join(__dirname, "..", "..", "..");

function toCorpus(source: string, captured: CapturedStack): CorpusResource[] {
  return captured.resources.map((r) => {
    const providerUrn = r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined;
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
      providerUrn,
    };
  });
}

async function main(): Promise<void> {
  const corpus: CorpusResource[] = [];
  const fixtures = (dir: string, prefix: string) =>
    readdirSync(join(REPO_ROOT, "test", "fixtures", dir))
      .filter((name) => existsSync(join(REPO_ROOT, "test", "fixtures", dir, name, "Pulumi.test.yaml")))
      .sort()
      .map((name) => ({
        source: `${prefix}/${name}`,
        programDir: join(REPO_ROOT, "test", "fixtures", dir, name),
        stack: "test",
      }));
  const referenceStacks = readdirSync(REPO_ROOT)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort()
    .map((stack) => ({ source: `reference/${stack}`, programDir: REPO_ROOT, stack }));
  const programs = [
    ...fixtures("areas", "areas"),
    ...fixtures("adversarial", "adversarial"),
    ...referenceStacks,
  ];
  for (const program of programs) {
    const captured = await captureProgram({ programDir: program.programDir, stack: program.stack });
    corpus.push(...toCorpus(program.source, captured));
    process.stderr.write(`${program.source}: ${captured.resources.length} resources\n`);
  }
  // JSON Lines: one resource a line (diffable, and left alone by prettier).
  writeFileSync(join(__dirname, "resources.jsonl"), corpus.map((r) => JSON.stringify(r) + "\n").join(""));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
