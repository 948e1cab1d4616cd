import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  PHYSICAL_NAME_PROPERTIES,
  isDefaultAutoname,
  splitFixedText,
} from "../../../../../policy-pack/policies/naming/physical-names";

const AWS_DIR = join(require.resolve("@pulumi/aws/package.json"), "..");

/** Input names of `<Class>Args` in the installed provider's type definitions for a type token. */
function argsOf(type: string): Set<string> {
  const [, module, className] = type.split(":");
  const source = readFileSync(join(AWS_DIR, `${module}.d.ts`), "utf8");
  const body = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
  assert.ok(body, `${type}: no ${className}Args in ${module}.d.ts`);
  return new Set([...body.matchAll(/^\s{4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]));
}

describe("naming physical-name table", () => {
  it("names only inputs that exist on the installed @pulumi/aws types", () => {
    for (const [type, spec] of PHYSICAL_NAME_PROPERTIES) {
      const args = argsOf(type);
      for (const property of [...spec.names, ...spec.prefixes])
        assert.ok(args.has(property), `${type}.${property}`);
    }
  });

  it("lists the namePrefix of every type whose name it lists", () => {
    for (const [type, spec] of PHYSICAL_NAME_PROPERTIES) {
      const args = argsOf(type);
      for (const name of spec.names) {
        if (args.has(`${name}Prefix`))
          assert.ok(spec.prefixes.includes(`${name}Prefix`), `${type}.${name}Prefix`);
      }
    }
  });

  it("splits off the text AWS requires around a name", () => {
    const alias = PHYSICAL_NAME_PROPERTIES.get("aws:kms/alias:Alias")!;
    assert.deepEqual(splitFixedText("alias/orders-test", alias), {
      start: "alias/",
      core: "orders-test",
      end: "",
    });
    const queue = PHYSICAL_NAME_PROPERTIES.get("aws:sqs/queue:Queue")!;
    assert.deepEqual(splitFixedText("orders-test.fifo", queue), {
      start: "",
      core: "orders-test",
      end: ".fifo",
    });
    assert.deepEqual(splitFixedText("orders-test", queue), { start: "", core: "orders-test", end: "" });
  });

  it("recognises Pulumi's default autoname of a logical name only", () => {
    assert.equal(isDefaultAutoname("orders-test-1a2b3c4", "orders-test"), true);
    assert.equal(isDefaultAutoname("audit-test-0f3c9a1", "Audit-Test"), true);
    assert.equal(isDefaultAutoname("orders-test-prod123", "orders-test"), false);
    assert.equal(isDefaultAutoname("orders-prod-1a2b3c4", "orders-test"), false);
    assert.equal(isDefaultAutoname("orders-test-1a2b3c45", "orders-test"), false);
  });
});
