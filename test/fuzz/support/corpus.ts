/** The fuzz seed corpus (corpus/resources.json, built by corpus/build-corpus.ts). */
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
  provider?: { type: string; urn: string; inputs: Record<string, unknown> };
}

let corpus: CorpusResource[] | undefined;

export function loadCorpus(): CorpusResource[] {
  corpus ??= JSON.parse(readFileSync(join(__dirname, "..", "corpus", "resources.json"), "utf8")) as CorpusResource[];
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
