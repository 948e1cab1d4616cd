/**
 * The packs the benchmark compares: FinGuard as published (policy-pack/, compiled), the no-op pack
 * (the transport floor), AWSGuard with every policy on (the peer), and the SDK floor: as many empty
 * policies as FinGuard has, which separates what @pulumi/policy costs per policy from FinGuard's own
 * checks. AWSGuard is installed into the git-ignored bench/scratch/awsguard on first use, with a
 * two-line pack around it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..");
export type PackId = "finguard" | "noop" | "awsguard" | "sdk-floor";

export interface PackSpec {
  id: PackId;
  label: string;
  dir: string;
  /** A peer in the start-up comparison; the SDK floor only explains throughput. */
  startup: boolean;
}

export const PACKS: readonly PackSpec[] = [
  { id: "finguard", label: "FinGuard", dir: join(REPO_ROOT, "policy-pack"), startup: true },
  { id: "noop", label: "no-op pack", dir: join(REPO_ROOT, "bench", "packs", "noop"), startup: true },
  {
    id: "awsguard",
    label: "AWSGuard (all mandatory)",
    dir: join(REPO_ROOT, "bench", "scratch", "awsguard"),
    startup: true,
  },
  {
    id: "sdk-floor",
    label: "SDK floor (FinGuard's policy count, empty)",
    dir: join(REPO_ROOT, "bench", "packs", "sdk-floor"),
    startup: false,
  },
];

const AWSGUARD_DIR = PACKS.find((p) => p.id === "awsguard")!.dir;
const INSTALL_TIMEOUT_MS = 15 * 60_000;

const AWSGUARD_INDEX = `// AWSGuard with every policy on, as npm run bench measures it (AwsGuard is itself a PolicyPack).
"use strict";
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
`;

/** Writes the AWSGuard pack and installs @pulumi/awsguard when it is not there yet. */
export function ensureAwsGuard(log: (line: string) => void): void {
  mkdirSync(AWSGUARD_DIR, { recursive: true });
  writeFileSync(join(AWSGUARD_DIR, "index.js"), AWSGUARD_INDEX);
  const manifest = join(AWSGUARD_DIR, "package.json");
  if (!existsSync(manifest)) {
    const pkg = { name: "finguard-bench-awsguard-pack", version: "1.0.0", private: true, main: "index.js" };
    writeFileSync(manifest, JSON.stringify(pkg, null, 2) + "\n");
  }
  if (installedVersion(AWSGUARD_DIR, "@pulumi/awsguard")) return;
  log(
    "installing @pulumi/awsguard into bench/scratch/awsguard (it pulls an old @pulumi/aws; this takes a while)",
  );
  execFileSync("npm", ["install", "--prefix", AWSGUARD_DIR, "--no-audit", "--no-fund", "@pulumi/awsguard"], {
    stdio: ["ignore", "ignore", "inherit"],
    timeout: INSTALL_TIMEOUT_MS,
  });
}

/** The version of `name` that resolves from `dir`, as a pack started there would load it. */
export function installedVersion(dir: string, name: string): string | undefined {
  try {
    const manifest = require.resolve(`${name}/package.json`, { paths: [dir] });
    return String((JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version).replace(
      /^v/,
      "",
    );
  } catch {
    return undefined;
  }
}

/** Versions that explain the numbers: each pack's own version and the SDKs it loads. */
export function packVersions(spec: PackSpec): Record<string, string | undefined> {
  const own = JSON.parse(readFileSync(join(spec.dir, "package.json"), "utf8")) as { version: string };
  const versions: Record<string, string | undefined> = {
    pack: own.version,
    "@pulumi/pulumi": installedVersion(spec.dir, "@pulumi/pulumi"),
    "@pulumi/policy": installedVersion(spec.dir, "@pulumi/policy"),
  };
  if (spec.id === "awsguard") {
    versions["@pulumi/awsguard"] = installedVersion(spec.dir, "@pulumi/awsguard");
    versions["@pulumi/aws"] = installedVersion(spec.dir, "@pulumi/aws");
  }
  return versions;
}
