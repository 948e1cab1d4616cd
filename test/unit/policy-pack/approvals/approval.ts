/**
 * Characterisation ("approval") tests of the policies' exact output: every finding's id and
 * message, every deferral, every config error, for tables of inputs chosen at the edges the
 * mutation run showed untested (docs/quality.md). The approved outputs live in approved/<file>.json
 * and were reviewed when written; a change of behaviour or wording fails the test and must be
 * approved again on purpose:
 *
 *   UPDATE_APPROVALS=1 npx mocha test/unit/policy-pack/approvals/<file>.test.ts
 *   npx prettier --write test/unit/policy-pack/approvals/approved
 *
 * Checks are called directly (raw properties, parsed config), the way the adapter calls them, so a
 * finding's id is visible; the adapter itself is covered by the harness-based tests.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_POLICIES } from "../../../../policy-pack/library";
import { PolicyConfigError } from "../../../../policy-pack/lib/config";
import { StackGraph, type GraphResource } from "../../../../policy-pack/lib/graph";
import { defaultsOf, type PolicyDefinition } from "../../../../policy-pack/lib/policy";
import { readStackContext } from "../../../../policy-pack/lib/stack-context";
import { isUndecidable } from "../../../../policy-pack/lib/values";
import { urnOf, type StackResourceCase } from "../harness";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Marks a property to leave out of a case. */
export const ABSENT = Symbol("absent");

interface CaseBase {
  policy: string;
  title: string;
  config?: Record<string, unknown>;
  /** PULUMI_* variables of the stack context (project "payments", stack "test" unless given). */
  env?: Record<string, string>;
}

export interface ResourceCase extends CaseBase {
  type: string;
  name?: string;
  props?: Record<string, unknown>;
  protect?: boolean;
  /** The provider's inputs (an aws provider). */
  provider?: Record<string, unknown>;
}

export interface StackCase extends CaseBase {
  resources: StackResourceCase[];
}

export type Case = ResourceCase | StackCase;

/** One resource of a stack case: type, name, inputs and which inputs depend on which URNs. */
export const stackResource = (
  type: string,
  name: string,
  props: Record<string, unknown> = {},
  propertyDependencies: Record<string, string[]> = {},
  extra: Partial<StackResourceCase> = {},
): StackResourceCase => ({ type, name, props, propertyDependencies, ...extra });

function definitionOf(name: string): PolicyDefinition {
  const definition = ALL_POLICIES.find((p) => p.name === name);
  if (!definition) throw new Error(`no policy ${name}`);
  return definition;
}

/** Drops ABSENT markers (top level), so a table can say "this property is not set". */
function present(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== ABSENT));
}

/** The graph the SDK hands a stack policy: names resolved to URNs, dangling dependencies dropped. */
export function graphOf(cases: readonly StackResourceCase[]): StackGraph {
  const urnFor = new Map(cases.map((c) => [c.name, c.urn ?? urnOf(c.type, c.name)]));
  const urns = new Set(urnFor.values());
  const resolve = (refs: readonly string[] = []) =>
    refs.map((ref) => urnFor.get(ref) ?? ref).filter((urn) => urns.has(urn));
  return new StackGraph(
    cases.map((c): GraphResource => ({
      urn: urnFor.get(c.name)!,
      type: c.type,
      name: c.name,
      props: present(c.props ?? {}),
      protect: c.protect === true,
      parent: c.parent && resolve([c.parent])[0],
      provider: c.provider && {
        type: c.provider.type ?? "pulumi:providers:aws",
        urn: c.provider.urn ?? urnOf("pulumi:providers:aws", "default"),
        props: c.provider.props,
      },
      dependencies: resolve(c.dependencies),
      propertyDependencies: Object.fromEntries(
        Object.entries(c.propertyDependencies ?? {}).map(([key, refs]) => [key, resolve(refs)]),
      ),
    })),
  );
}

/** What a policy decides on a case: findings (id + message), deferrals, or the config error. */
export function outcomeOf(c: Case): unknown {
  const definition = definitionOf(c.policy);
  let config: unknown;
  try {
    config = definition.parseConfig({ ...defaultsOf(definition), ...(c.config ?? {}) });
  } catch (error) {
    if (error instanceof PolicyConfigError) return { configError: error.message };
    throw error;
  }
  const stack = readStackContext({
    PULUMI_NODEJS_PROJECT: "payments",
    PULUMI_NODEJS_STACK: "test",
    ...c.env,
  });
  try {
    if ("resources" in c) {
      if (definition.kind !== "stack") throw new Error(`${c.policy} is not a stack policy`);
      const graph = graphOf(c.resources);
      const result = definition.check({ graph, config, stack });
      // Resources by name: the URNs are long and say nothing more here.
      const nameOf = (urn: string) => graph.get(urn)?.name ?? urn;
      return {
        findings: result.findings.map(({ urn, ...finding }) => ({ resource: nameOf(urn), ...finding })),
        deferred: (result.deferred ?? []).map(({ urn, reason }) => ({ resource: nameOf(urn), reason })),
      };
    }
    if (definition.kind !== "resource") throw new Error(`${c.policy} is not a resource policy`);
    const name = c.name ?? "subject-test";
    return {
      findings: definition.check({
        type: c.type,
        name,
        urn: urnOf(c.type, name),
        props: present(c.props ?? {}),
        protect: c.protect === true,
        provider: c.provider && {
          type: "pulumi:providers:aws",
          urn: urnOf("pulumi:providers:aws", "default"),
          props: c.provider,
        },
        config,
        stack,
      }),
    };
  } catch (error) {
    if (isUndecidable(error)) return { undecidable: (error as Error).message };
    throw error;
  }
}

/** One mocha test per case, comparing with approved/<file>.json (written with UPDATE_APPROVALS=1). */
export function approveAll(file: string, cases: readonly Case[]): void {
  const path = join(__dirname, "approved", `${file}.json`);
  const approved: Record<string, unknown> = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
  const keys = new Set<string>();
  const updating = process.env.UPDATE_APPROVALS === "1";
  const actual: Record<string, unknown> = {};
  for (const c of cases) {
    const key = `${c.policy} › ${c.title}`;
    assert.ok(!keys.has(key), `duplicate case ${key}`);
    keys.add(key);
    it(key, () => {
      const outcome = JSON.parse(JSON.stringify(outcomeOf(c)));
      actual[key] = outcome;
      if (!updating) {
        assert.ok(
          key in approved,
          `not approved yet: run with UPDATE_APPROVALS=1 and review approved/${file}.json`,
        );
        assert.deepEqual(outcome, approved[key]);
      }
    });
  }
  if (updating) after(() => writeFileSync(path, JSON.stringify(actual, null, 2) + "\n"));
}

/** Edge values for a property: every type a wire value can take, and the usual confusions. */
export const EDGE_VALUES: ReadonlyArray<[label: string, value: unknown]> = [
  ["absent", ABSENT],
  ["null", null],
  ["empty string", ""],
  ["unknown", UNKNOWN],
  ["true", true],
  ["false", false],
  ['"true"', "true"],
  ['"false"', "false"],
  ["0", 0],
  ["1", 1],
  ["-1", -1],
  ["1.5", 1.5],
  ['"7"', "7"],
  ['" 90 "', " 90 "],
  ['"abc"', "abc"],
  ["[]", []],
  ["{}", {}],
  ['["x"]', ["x"]],
];
