/** The fuzz seed corpus (corpus/resources.jsonl, built by corpus/build-corpus.ts). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface CorpusResource {
  /** Which fixture or reference stack it was captured from. */
  source: string;
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  /** The URN of its provider, itself a resource of the same source. */
  providerUrn?: string;
}

let corpus: CorpusResource[] | undefined;

export function loadCorpus(): CorpusResource[] {
  corpus ??= readFileSync(join(__dirname, "..", "corpus", "resources.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CorpusResource);
  return corpus;
}

/** The corpus grouped by source (one captured stack each), in registration order. */
export function corpusStacks(): CorpusResource[][] {
  const bySource = new Map<string, CorpusResource[]>();
  for (const r of loadCorpus()) {
    const list = bySource.get(r.source) ?? [];
    list.push(r);
    bySource.set(r.source, list);
  }
  return [...bySource.values()];
}
