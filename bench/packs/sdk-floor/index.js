// What the SDK costs for a pack shaped like FinGuard, for `npm run bench`: as many resource and stack
// policies as FinGuard (counted from its compiled library), all empty and, like FinGuard's, not
// restricted to a type through the SDK (so the SDK deserializes the properties for every one of them).
"use strict";
const { PolicyPack } = require("@pulumi/policy");
const { ALL_POLICIES } = require("../../../policy-pack/bin/library");

const policies = ALL_POLICIES.map((finguard, index) => ({
  name: `empty-${finguard.kind}-${index}`,
  description: `Does nothing, in place of ${finguard.name}.`,
  enforcementLevel: "mandatory",
  ...(finguard.kind === "stack" ? { validateStack: () => undefined } : { validateResource: () => undefined }),
}));

new PolicyPack("bench-sdk-floor", { policies });
