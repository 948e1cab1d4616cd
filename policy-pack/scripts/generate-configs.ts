/**
 * Writes the ready-made --policy-pack-config files in configs/ from the policies' metadata:
 * default.json (the pack's own levels and defaults, spelled out), strict.json (everything
 * mandatory) and advisory.json (everything advisory, for a first rollout).
 * Every file names every policy with every property, so it doubles as the list of what can be set.
 * test/unit/policy-pack/configs.test.ts validates them the engine's way and fails when they are stale.
 * Usage (repo root): npm run configs
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FinGuardEnforcementLevel } from "../build-pack";
import { defaultsOf, type PolicyDefinition } from "../lib/policy";
import { ALL_POLICIES } from "../policies";

export type PackConfigFile = Record<
  string,
  { enforcementLevel: FinGuardEnforcementLevel } & Record<string, unknown>
>;

/** Every policy, registry order: the level `level` gives it, then its schema defaults. */
export function packConfig(level: (policy: PolicyDefinition) => FinGuardEnforcementLevel): PackConfigFile {
  return Object.fromEntries(
    ALL_POLICIES.map((p) => [p.name, { enforcementLevel: level(p), ...structuredClone(defaultsOf(p)) }]),
  );
}

function ownLevel(policy: PolicyDefinition): FinGuardEnforcementLevel {
  const level = policy.enforcementLevel ?? "mandatory";
  if (level === "remediate") throw new Error(`${policy.name}: FinGuard policies do not remediate`);
  return level;
}

export const READY_MADE_CONFIGS: Record<string, () => PackConfigFile> = {
  "default.json": () => packConfig(ownLevel),
  "strict.json": () => packConfig(() => "mandatory"),
  "advisory.json": () => packConfig(() => "advisory"),
};

/** The files' exact text (two-space JSON and a final newline), as written and as the staleness test expects. */
export function renderReadyMadeConfigs(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(READY_MADE_CONFIGS).map(([file, build]) => [
      file,
      JSON.stringify(build(), null, 2) + "\n",
    ]),
  );
}

export const CONFIGS_DIR = join(__dirname, "..", "configs");

if (require.main === module) {
  const files = renderReadyMadeConfigs();
  for (const [file, text] of Object.entries(files)) writeFileSync(join(CONFIGS_DIR, file), text);
  console.log(`wrote ${Object.keys(files).join(", ")} in ${CONFIGS_DIR}`);
}
