/**
 * aws:iam/getPolicyDocument computed the way the AWS provider computes it
 * (terraform-provider-aws internal/service/iam/policy_document_data_source.go and policy_model.go),
 * so policies that parse `json` see the document the real preview would produce.
 */
import { crc32 } from "node:zlib";

interface PrincipalInput {
  type: string;
  identifiers: string[];
}

interface ConditionInput {
  test: string;
  variable: string;
  values: string[];
}

interface StatementInput {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PrincipalInput[];
  notPrincipals?: PrincipalInput[];
  conditions?: ConditionInput[];
}

export interface PolicyDocumentArgs {
  version?: string;
  policyId?: string;
  statements?: StatementInput[];
  sourcePolicyDocuments?: string[];
  overridePolicyDocuments?: string[];
}

export interface PolicyDocumentResult {
  id: string;
  json: string;
  minifiedJson: string;
}

/** Principal or condition values: one string, or a list. */
type StringOrList = string | string[];

interface Principal {
  type: string;
  identifiers: StringOrList;
}

interface Condition {
  test: string;
  variable: string;
  values: StringOrList;
}

/** A statement before marshalling; keys are the JSON names, in the provider's field order. */
interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: Principal[];
  NotPrincipal?: Principal[];
  Condition?: Condition[];
}

interface PolicyDoc {
  Version: string;
  Id: string;
  Statement: Statement[];
}

export function computePolicyDocument(args: PolicyDocumentArgs): PolicyDocumentResult {
  const merged: PolicyDoc = { Version: "", Id: "", Statement: [] };
  for (const source of args.sourcePolicyDocuments ?? []) mergeInto(merged, parsePolicyJson(source));
  mergeInto(merged, {
    Version: args.version ?? "2012-10-17",
    Id: args.policyId ?? "",
    Statement: (args.statements ?? []).map((statement) => statementFromInput(statement)),
  });
  for (const override of args.overridePolicyDocuments ?? []) mergeInto(merged, parsePolicyJson(override));

  const plain = marshalDocument(merged);
  const json = goJson(JSON.stringify(plain, null, 2));
  return { id: String(crc32(json)), json, minifiedJson: goJson(JSON.stringify(plain)) };
}

/** Later documents replace statements with the same Sid, append the rest, adopt Id and newer Version. */
function mergeInto(target: PolicyDoc, next: PolicyDoc): void {
  if (next.Id) target.Id = next.Id;
  if (next.Version > target.Version) target.Version = next.Version;
  for (const statement of next.Statement) {
    const existing = statement.Sid ? target.Statement.findIndex((s) => s.Sid === statement.Sid) : -1;
    if (existing >= 0) target.Statement[existing] = statement;
    else target.Statement.push(statement);
  }
}

function statementFromInput(input: StatementInput): Statement {
  return {
    Sid: input.sid || undefined,
    Effect: input.effect ?? "Allow",
    Action: decodeStringSet(input.actions),
    NotAction: decodeStringSet(input.notActions),
    Resource: replaceVars(decodeStringSet(input.resources)),
    NotResource: replaceVars(decodeStringSet(input.notResources)),
    Principal: principalsFromInput(input.principals),
    NotPrincipal: principalsFromInput(input.notPrincipals),
    Condition: input.conditions?.length
      ? input.conditions.map((c) => ({
          test: c.test,
          variable: c.variable,
          values: replaceVars(singleOrList(c.values)),
        }))
      : undefined,
  };
}

function principalsFromInput(principals: PrincipalInput[] | undefined): Principal[] | undefined {
  if (!principals?.length) return undefined;
  return principals.map((p) => ({
    type: p.type,
    identifiers: replaceVars(decodeStringSet(p.identifiers)) ?? [],
  }));
}

/** Sets of strings: one element becomes a string, more become a list sorted in reverse. */
function decodeStringSet(values: string[] | undefined): StringOrList | undefined {
  if (!values?.length) return undefined;
  const unique = [...new Set(values)];
  return unique.length === 1 ? unique[0] : sortDescending(unique);
}

function singleOrList(values: string[]): StringOrList {
  return values.length === 1 ? values[0] : values;
}

function sortDescending(values: string[]): string[] {
  return [...values].sort().reverse();
}

/** `&{aws:username}` is how programs escape IAM policy variables from interpolation. */
function replaceVars<T extends StringOrList | undefined>(value: T): T {
  const replace = (s: string) => s.replaceAll("&{", "${");
  if (value === undefined) return value;
  return (typeof value === "string" ? replace(value) : value.map(replace)) as T;
}

/** A policy document from JSON, normalized the way the provider's unmarshalling does. */
function parsePolicyJson(text: string): PolicyDoc {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const statements = (doc.Statement ?? []) as Record<string, unknown>[];
  return {
    Version: typeof doc.Version === "string" ? doc.Version : "",
    Id: typeof doc.Id === "string" ? doc.Id : "",
    Statement: statements.map((s) => ({
      Sid: (s.Sid as string) || undefined,
      Effect: (s.Effect as string) || undefined,
      Action: s.Action ?? undefined,
      NotAction: s.NotAction ?? undefined,
      Resource: s.Resource ?? undefined,
      NotResource: s.NotResource ?? undefined,
      Principal: s.Principal === undefined ? undefined : principalsFromJson(s.Principal),
      NotPrincipal: s.NotPrincipal === undefined ? undefined : principalsFromJson(s.NotPrincipal),
      Condition: s.Condition === undefined ? undefined : conditionsFromJson(s.Condition),
    })),
  };
}

function principalsFromJson(value: unknown): Principal[] {
  if (typeof value === "string") return [{ type: "*", identifiers: ["*"] }];
  return Object.entries(value as Record<string, StringOrList>).map(([type, identifiers]) => ({
    type,
    identifiers: typeof identifiers === "string" ? identifiers : [...identifiers].sort(),
  }));
}

function conditionsFromJson(value: unknown): Condition[] {
  return Object.entries(value as Record<string, Record<string, unknown>>).flatMap(([test, variables]) =>
    Object.entries(variables).map(([variable, values]) => ({
      test,
      variable,
      values: Array.isArray(values) ? values.map(String) : [String(values)],
    })),
  );
}

function marshalDocument(doc: PolicyDoc): Record<string, unknown> {
  return omitEmpty({
    Version: doc.Version,
    Id: doc.Id,
    Statement: doc.Statement.map((s) =>
      omitEmpty({
        ...s,
        Principal: s.Principal && marshalPrincipals(s.Principal),
        NotPrincipal: s.NotPrincipal && marshalPrincipals(s.NotPrincipal),
        Condition: s.Condition && marshalConditions(s.Condition),
      }),
    ),
  });
}

/** Principals grouped by type; a lone `{"*": "*"}` becomes "*" (but `{"AWS": "*"}` stays). */
function marshalPrincipals(principals: Principal[]): unknown {
  if (
    principals.length === 1 &&
    principals[0].type === "*" &&
    [principals[0].identifiers].flat().join() === "*"
  ) {
    return "*";
  }
  const byType: Record<string, StringOrList> = {};
  for (const { type, identifiers } of principals) {
    const existing = byType[type];
    if (typeof identifiers === "string") {
      byType[type] = existing === undefined ? identifiers : [existing, identifiers].flat();
    } else {
      byType[type] = [...[existing ?? []].flat(), ...sortDescending(identifiers)];
    }
  }
  return sortKeys(byType);
}

/** Conditions grouped by test then variable, values concatenated; single values become strings. */
function marshalConditions(conditions: Condition[]): unknown {
  const byTest: Record<string, Record<string, string[]>> = {};
  for (const { test, variable, values } of conditions) {
    byTest[test] ??= {};
    byTest[test][variable] = [...(byTest[test][variable] ?? []), ...[values].flat()];
  }
  return sortKeys(
    Object.fromEntries(
      Object.entries(byTest).map(([test, variables]) => [
        test,
        sortKeys(
          Object.fromEntries(Object.entries(variables).map(([v, values]) => [v, singleOrList(values)])),
        ),
      ]),
    ),
  );
}

/** Go's encoding/json writes map keys sorted. */
function sortKeys<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `omitempty`: drops undefined, "" and empty lists. */
function omitEmpty(object: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(
      ([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

/** Go's encoding/json escapes HTML-significant characters and line/paragraph separators. */
function goJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
