import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DOCS_DIR, renderPolicyDocs } from "../../../docs/generate-policy-docs";
import { ALL_POLICIES } from "../../../policy-pack/library";

describe("docs/policies", () => {
  it("has one page per policy plus an index", () => {
    const pages = renderPolicyDocs();
    assert.equal(pages.size, ALL_POLICIES.length + 1);
  });

  it("is up to date with the policies' metadata (run `npm run docs` after changing a policy)", () => {
    for (const [file, expected] of renderPolicyDocs()) {
      const path = join(DOCS_DIR, file);
      assert.ok(existsSync(path), `${path} is missing`);
      assert.equal(readFileSync(path, "utf8"), expected, `${path} is stale`);
    }
  });

  it("documents why, how to fix and the PCI requirements of every policy", () => {
    for (const policy of ALL_POLICIES) {
      const page = renderPolicyDocs().get(`${policy.name}.md`) ?? "";
      assert.match(page, /## Why\n\n\S/, `${policy.name}: the policy file needs a leading doc comment`);
      assert.match(page, /## How to fix\n\n\S/);
      for (const id of policy.pci) assert.ok(page.includes(`**${id}**`), `${policy.name} lacks PCI ${id}`);
    }
  });
});
