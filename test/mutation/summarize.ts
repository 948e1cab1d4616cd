/**
 * `npm run mutation` ends here: reads Stryker's JSON report (reports/mutation/mutation.json) and
 * writes reports/mutation/summary.md with the score overall, per area (lib, each policies/<area>)
 * and per file, and the survivors, so docs/quality.md can quote them.
 *
 * Score = (killed + timeout) / (killed + timeout + survived + no coverage), Stryker's "total".
 * Static mutants are ignored by the configuration (stryker.config.json: ignoreStatic).
 *
 *   node -r ts-node/register/transpile-only test/mutation/summarize.ts [report.json]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}

interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

interface Tally {
  killed: number;
  survived: number;
  noCoverage: number;
  ignored: number;
}

const REPO_ROOT = join(__dirname, "..", "..");

function areaOf(file: string): string {
  const path = relative(REPO_ROOT, file).replace(/\\/g, "/");
  const match = /^policy-pack\/(lib|policies\/[^/]+)\//.exec(path);
  return match ? match[1] : path;
}

const score = (t: Tally) => {
  const total = t.killed + t.survived + t.noCoverage;
  return total === 0 ? "n/a" : `${((100 * t.killed) / total).toFixed(2)}%`;
};

function add(tally: Tally, status: string): void {
  if (status === "Killed" || status === "Timeout") tally.killed++;
  else if (status === "Survived") tally.survived++;
  else if (status === "NoCoverage") tally.noCoverage++;
  else if (status === "Ignored") tally.ignored++;
}

const empty = (): Tally => ({ killed: 0, survived: 0, noCoverage: 0, ignored: 0 });

export function summarize(report: Report): string {
  const overall = empty();
  const byArea = new Map<string, Tally>();
  const byFile = new Map<string, Tally>();
  const survivors: string[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const area = areaOf(file);
    const lines = source.split("\n");
    for (const mutant of mutants) {
      add(overall, mutant.status);
      add(byArea.get(area) ?? byArea.set(area, empty()).get(area)!, mutant.status);
      const shown = relative(REPO_ROOT, file).replace(/\\/g, "/");
      add(byFile.get(shown) ?? byFile.set(shown, empty()).get(shown)!, mutant.status);
      if (mutant.status === "Survived" || mutant.status === "NoCoverage") {
        const { line, column } = mutant.location.start;
        const original = lines[line - 1]?.trim().slice(0, 100) ?? "";
        const replacement = String(mutant.replacement ?? "")
          .replace(/\s+/g, " ")
          .slice(0, 60);
        survivors.push(
          `| ${shown}:${line}:${column} | ${mutant.status} | ${mutant.mutatorName} | \`${original.replace(/\|/g, "\\|")}\` → \`${replacement.replace(/\|/g, "\\|")}\` |`,
        );
      }
    }
  }
  const row = (name: string, t: Tally) =>
    `| ${name} | ${score(t)} | ${t.killed} | ${t.survived} | ${t.noCoverage} | ${t.ignored} |`;
  const header =
    "| | score | killed | survived | no coverage | ignored (static) |\n|---|---|---|---|---|---|";
  return [
    "# Mutation testing summary",
    "",
    `Overall: **${score(overall)}** (${overall.killed} killed, ${overall.survived} survived, ${overall.noCoverage} without coverage, ${overall.ignored} static ignored)`,
    "",
    "## Per area",
    "",
    header,
    ...[...byArea].sort(([a], [b]) => a.localeCompare(b)).map(([area, t]) => row(area, t)),
    "",
    "## Per file",
    "",
    header,
    ...[...byFile].sort(([a], [b]) => a.localeCompare(b)).map(([file, t]) => row(file, t)),
    "",
    `## Survivors (${survivors.length})`,
    "",
    "| where | status | mutator | original → mutant |",
    "|---|---|---|---|",
    ...survivors,
    "",
  ].join("\n");
}

if (require.main === module) {
  const reportFile = process.argv[2] ?? join(REPO_ROOT, "reports", "mutation", "mutation.json");
  if (!existsSync(reportFile)) {
    process.stderr.write(`no mutation report at ${reportFile}: run \`npm run mutation\` first\n`);
    process.exit(2);
  }
  const summary = summarize(JSON.parse(readFileSync(reportFile, "utf8")) as Report);
  const out = join(dirname(reportFile), "summary.md");
  writeFileSync(out, summary);
  process.stdout.write(summary.split("## Per file")[0]);
  process.stdout.write(`full summary: ${out}\n`);
}
