// The transport floor for `npm run bench`: one resource policy that does nothing. @pulumi/policy
// (and the @pulumi/pulumi that run-policy-pack comes from) resolve from the repository's node_modules.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("bench-noop", {
  policies: [
    {
      name: "noop",
      description: "Does nothing; measures the SDK and gRPC round trip.",
      enforcementLevel: "mandatory",
      validateResource: () => undefined,
    },
  ],
});
