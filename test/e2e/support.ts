import { existsSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");
export const PACK_DIR = join(REPO_ROOT, "policy-pack");

if (!existsSync(join(PACK_DIR, "bin", "index.js"))) {
  throw new Error("the policy pack is not built: run `npm run build` first (npm test does)");
}
