/**
 * Writes the ready-made --policy-pack-config files in configs/ from the policies' metadata:
 * default.json (the pack's own levels and defaults, spelled out), strict.json (everything
 * mandatory) and advisory.json (everything advisory, for a first rollout).
 * Usage (repo root): npm run configs
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_POLICIES } from "../library";
import { defaultsOf, type PolicyDefinition } from "../lib/policy";

type Level = "advisory" | "mandatory" | "disabled";

export function packConfig(
  level: (policy: PolicyDefinition) => Level,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    ALL_POLICIES.map((p) => [p.name, { enforcementLevel: level(p), ...defaultsOf(p) }]),
  );
}

export const READY_MADE_CONFIGS: Record<string, () => Record<string, Record<string, unknown>>> = {
  "default.json": () => packConfig((p) => (p.enforcementLevel ?? "mandatory") as Level),
  "strict.json": () => packConfig(() => "mandatory"),
  "advisory.json": () => packConfig(() => "advisory"),
};

if (require.main === module) {
  for (const [file, build] of Object.entries(READY_MADE_CONFIGS)) {
    writeFileSync(join(__dirname, "..", "configs", file), JSON.stringify(build(), null, 2) + "\n");
  }
  console.log(`wrote ${Object.keys(READY_MADE_CONFIGS).join(", ")}`);
}
