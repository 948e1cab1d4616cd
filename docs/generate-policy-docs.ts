/**
 * Generates docs/policies/<policy>.md and docs/policies/index.md from the policies' own metadata
 * and the doc comment at the top of each policy's file, so the docs cannot drift from the pack.
 * `npm run docs` writes them; test/unit/docs/policy-docs.test.ts fails when they are stale.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ALL_POLICIES, PCI_REQUIREMENTS } from "../policy-pack/library";
import { configSchemaOf, type PolicyDefinition } from "../policy-pack/lib/policy";

const ROOT = join(__dirname, "..");
const POLICIES_DIR = join(ROOT, "policy-pack", "policies");
export const DOCS_DIR = join(ROOT, "docs", "policies");

type SchemaProperty = { type?: string; default?: unknown; description?: string; enum?: unknown[] };

export function renderPolicyDocs(policies: readonly PolicyDefinition[] = ALL_POLICIES): Map<string, string> {
  const sources = policySources();
  const pages = new Map<string, string>();
  for (const policy of policies)
    pages.set(`${policy.name}.md`, renderPolicy(policy, sources.get(policy.name)));
  pages.set("index.md", renderIndex(policies));
  return pages;
}

function renderPolicy(
  policy: PolicyDefinition,
  source: { file: string; comment: string } | undefined,
): string {
  const schema = configSchemaOf(policy).properties as Record<string, SchemaProperty>;
  const lines = [
    `# ${policy.displayName} (\`${policy.name}\`)`,
    "",
    policy.description,
    "",
    `| | |`,
    `| --- | --- |`,
    `| area | ${policy.area} |`,
    `| kind | ${policy.kind === "stack" ? "stack policy (sees dependencies between resources)" : "resource policy"} |`,
    `| severity | ${policy.severity} |`,
    `| default enforcement | ${policy.enforcementLevel ?? "mandatory"} |`,
    `| applies to | ${appliesTo(policy)} |`,
    source ? `| source | [${source.file}](../../${source.file}) |` : "",
    "",
    "## Why",
    "",
    source?.comment ?? "",
    "",
    "PCI DSS v4.0.1 requirements (primary first):",
    "",
    ...policy.pci.map((id) => `- **${id}** ${PCI_REQUIREMENTS[id]}`),
    "",
    "## How to fix",
    "",
    policy.remediationSteps,
    "",
    "## Configuration",
    "",
    "| property | type | default | description |",
    "| --- | --- | --- | --- |",
    ...Object.entries(schema).map(
      ([key, p]) =>
        `| \`${key}\` | ${p.enum ? p.enum.map((v) => `\`${String(v)}\``).join(" \\| ") : (p.type ?? "")} | \`${JSON.stringify(p.default)}\` | ${p.description ?? ""} |`,
    ),
    "",
    "Exemptions: `{ urn | urnPattern, reason, expires: YYYY-MM-DD, ticket?, findings? }`; see the README.",
  ];
  if (policy.examples) {
    lines.push("", "## Examples", "", "Compliant:", "", "```ts", policy.examples.compliant.trim(), "```", "");
    lines.push("Violating:", "", "```ts", policy.examples.violating.trim(), "```");
  }
  return lines.filter((line, i, all) => !(line === "" && all[i - 1] === "")).join("\n") + "\n";
}

function appliesTo(policy: PolicyDefinition): string {
  if (policy.appliesTo === "*") return "every resource";
  const types = [...policy.appliesTo].sort();
  return types.length > 12 ? `${types.length} AWS resource types` : types.map((t) => `\`${t}\``).join(", ");
}

function renderIndex(policies: readonly PolicyDefinition[]): string {
  return [
    "# FinGuard policies",
    "",
    "Generated from the pack's metadata by `npm run docs`; do not edit by hand.",
    "",
    "| policy | area | severity | default level | PCI DSS v4.0.1 |",
    "| --- | --- | --- | --- | --- |",
    ...policies.map(
      (p) =>
        `| [${p.name}](${p.name}.md) | ${p.area} | ${p.severity} | ${p.enforcementLevel ?? "mandatory"} | ${p.pci.join(", ")} |`,
    ),
    "",
  ].join("\n");
}

/** Finds each policy's file (by its `name:` literal) and its leading doc comment. */
function policySources(): Map<string, { file: string; comment: string }> {
  const found = new Map<string, { file: string; comment: string }>();
  for (const file of walk(POLICIES_DIR)) {
    const text = readFileSync(file, "utf8");
    const comment = /^\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? "";
    for (const match of text.matchAll(/\n\s+name: "([a-z0-9-]+)",/g)) {
      found.set(match[1], {
        file: relative(ROOT, file),
        comment: comment
          .split("\n")
          .map((l) => l.replace(/^\s*\* ?/, ""))
          .join("\n")
          .trim(),
      });
    }
  }
  return found;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (entry.endsWith(".ts") && entry !== "index.ts") yield full;
  }
}

if (require.main === module) {
  for (const [file, text] of renderPolicyDocs()) writeFileSync(join(DOCS_DIR, file), text);
  console.log(`wrote ${DOCS_DIR}`);
}
