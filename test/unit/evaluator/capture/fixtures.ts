import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { CapturedResource, CapturedStack } from "../../../../evaluator/capture/types";

export const AWS_VERSION: string = JSON.parse(
  readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8"),
).version;
export const DEFAULT_AWS_PROVIDER = `default_${AWS_VERSION.replace(/\./g, "_")}`;

export function fixture(name: string): string {
  return path.resolve(__dirname, "../../../fixtures/programs", name);
}

export function resourceNamed(stack: CapturedStack, name: string): CapturedResource {
  const found = stack.resources.find((r) => r.name === name);
  if (!found)
    throw new Error(`no resource named ${name} in ${stack.resources.map((r) => r.name).join(", ")}`);
  return found;
}
