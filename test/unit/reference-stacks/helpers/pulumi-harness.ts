/**
 * Runs a reference-stack program under `pulumi.runtime.setMocks` and records what it registers.
 *
 * Pulumi's runtime is global state: call `runProgram` once per test file (in `before`), which
 * installs fresh mocks and config, runs the program, waits for every registration and returns
 * the recorded resources. Mocks run in "update" mode (not preview) and return computed outputs
 * (ids, ARNs, key ids, prefix lists), so every Output resolves.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { parse } from "yaml";

export const ACCOUNT_ID = "123456789012";
export const REPO_ROOT = path.resolve(__dirname, "../../../..");

/* eslint-disable @typescript-eslint/no-explicit-any -- resource inputs are arbitrary JSON. */
export type Inputs = Record<string, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Inputs;
  provider?: string;
}

export interface ProgramRun<T> {
  result: T;
  resources: RecordedResource[];
  calls: MockCallArgs[];
  ofType(type: string): RecordedResource[];
  one(type: string, predicate?: (r: RecordedResource) => boolean): RecordedResource;
}

/** Reads `Pulumi.<stack>.yaml` at the repository root into PULUMI_CONFIG shape (strings). */
export function stackConfig(stack: string): Record<string, string> {
  const file = path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

const GATEWAY_CIDRS: Record<string, string[]> = {
  s3: ["52.216.0.0/15", "54.231.0.0/16", "3.5.0.0/19"],
  dynamodb: ["52.94.0.0/22", "3.218.180.0/22"],
};

function mockCall(args: MockCallArgs): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: ACCOUNT_ID,
        arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci`,
        userId: "AIDATEST",
        id: ACCOUNT_ID,
      };
    case "aws:ec2/getPrefixList:getPrefixList": {
      const service = String(args.inputs.name).split(".").pop() ?? "";
      return { id: `pl-${service}`, name: args.inputs.name, cidrBlocks: GATEWAY_CIDRS[service] ?? [] };
    }
    case "aws:ssm/getParameter:getParameter":
      return { id: args.inputs.name, name: args.inputs.name, type: "String", value: "ami-0123456789abcdef0" };
    default:
      throw new Error(`Unexpected invoke ${args.token} in a reference-stack test`);
  }
}

function mockResource(args: MockResourceArgs): { id: string; state: Inputs } {
  const inputs: Inputs = args.inputs ?? {};
  const service = args.type.split(":")[1]?.split("/")[0] ?? "x";
  const physical = inputs.name ?? inputs.bucket ?? args.name;
  const id = args.type === "aws:kms/key:Key" ? `key-${args.name}` : `${args.name}-id`;
  const state: Inputs = {
    ...inputs,
    arn: `arn:aws:${service}:us-east-1:${ACCOUNT_ID}:${args.type.split(":")[2]?.toLowerCase()}/${physical}`,
    name: inputs.name ?? args.name,
  };
  if (args.type === "aws:kms/key:Key") state.keyId = id;
  if (args.type === "aws:s3/bucket:Bucket") state.arn = `arn:aws:s3:::${inputs.bucket}`;
  if (args.type === "aws:ec2/vpcEndpoint:VpcEndpoint") state.prefixListId = `pl-${args.name}`;
  return { id, state };
}

export async function runProgram<T>(
  config: Record<string, string>,
  program: () => T,
  options: { project?: string; stack?: string } = {},
): Promise<ProgramRun<T>> {
  const resources: RecordedResource[] = [];
  const calls: MockCallArgs[] = [];
  pulumi.runtime.setAllConfig(config);
  await pulumi.runtime.setMocks(
    {
      newResource(args: MockResourceArgs) {
        resources.push({
          type: args.type,
          name: args.name,
          custom: args.custom !== false,
          inputs: args.inputs,
          provider: args.provider,
        });
        return mockResource(args);
      },
      call(args: MockCallArgs) {
        calls.push(args);
        return mockCall(args);
      },
    },
    options.project ?? "finguard-reference",
    options.stack ?? "test",
    false,
  );
  const result = program();
  await settle();
  const ofType = (type: string): RecordedResource[] => resources.filter((r) => r.type === type);
  return {
    result,
    resources,
    calls,
    ofType,
    one(type, predicate = () => true) {
      const found = ofType(type).filter(predicate);
      if (found.length !== 1) throw new Error(`Expected exactly one ${type}, found ${found.length}.`);
      return found[0];
    },
  };
}

/** Waits until no registration or invoke is outstanding. */
async function settle(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setImmediate(r));
    if (runtime.waitForRPCs) await runtime.waitForRPCs();
  }
}

/** Resolves an Output (mocks run in update mode, so outputs are known). */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/** Parses a JSON policy document input (a string after resolution). */
export function policyOf(value: unknown): { Statement: Inputs[] } {
  if (typeof value !== "string") throw new Error(`Expected a JSON policy string, got ${typeof value}`);
  return JSON.parse(value);
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
