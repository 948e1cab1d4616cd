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

/**
 * Why a mutant may live, by where it is and what it changed: a first triage, not a verdict on
 * each mutant (docs/quality.md says which categories were checked by hand).
 */
export function survivorCategory(mutant: Mutant, atModuleLevel: boolean): string {
  if (atModuleLevel) return "module-level constant: built once at load, before Stryker activates the mutant";
  if (mutant.status === "NoCoverage") return "no test reaches this branch";
  switch (mutant.mutatorName) {
    case "StringLiteral":
      return "text or id no test asserts";
    case "OptionalChaining":
      return "optional chaining on a value always set here (equivalent)";
    case "MethodExpression":
      return "string or array method on input already in that form";
    case "Regex":
      return "pattern change that accepts the same tested inputs";
    case "ArrayDeclaration":
    case "ObjectLiteral":
      return "fallback value no test observes";
    default:
      return "guard whose outcomes agree on every tested input (equivalent or an untested edge)";
  }
}

/**
 * Which lines are module-level data: a top-level statement (bracket depth 0 where it starts) with no
 * function between its first line and this one. Such values are built once, when the module loads.
 */
function moduleLevelLines(lines: string[]): boolean[] {
  let depth = 0;
  let inFunction = false;
  return lines.map((line) => {
    const code = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, "");
    if (depth === 0) inFunction = !/^\s*(export\s+)?(const|let)\s/.test(code);
    inFunction ||= /=>|\bfunction\b/.test(code);
    depth += (code.match(/[{[(]/g) ?? []).length - (code.match(/[}\])]/g) ?? []).length;
    return !inFunction;
  });
}

export function summarize(report: Report): string {
  const overall = empty();
  const byArea = new Map<string, Tally>();
  const byFile = new Map<string, Tally>();
  const survivors: string[] = [];
  const categories = new Map<string, number>();
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const area = areaOf(file);
    const lines = source.split("\n");
    const moduleLevel = moduleLevelLines(lines);
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
        const category = survivorCategory(mutant, moduleLevel[line - 1]);
        categories.set(category, (categories.get(category) ?? 0) + 1);
        survivors.push(
          `| ${shown}:${line}:${column} | ${mutant.status} | ${mutant.mutatorName} | \`${original.replace(/\|/g, "\\|")}\` → \`${replacement.replace(/\|/g, "\\|")}\` | ${category} |`,
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
    `## Survivors by category (${survivors.length})`,
    "",
    "| category | mutants |",
    "|---|---|",
    ...[...categories].sort(([, a], [, b]) => b - a).map(([category, n]) => `| ${category} | ${n} |`),
    "",
    `## Survivors (${survivors.length})`,
    "",
    "| where | status | mutator | original → mutant | category |",
    "|---|---|---|---|---|",
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
