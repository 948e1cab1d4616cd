import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import {
  coversWholeService,
  expandAction,
  parseActionPattern,
  serviceActions,
} from "../../../../../policy-pack/lib/iam-actions";
import { iamPolicies } from "../../../../../policy-pack/policies/iam";
import {
  DOCUMENT_LOCATIONS,
  documentsOf,
  typesWithDocuments,
} from "../../../../../policy-pack/policies/iam/document-locations";
import { UNKNOWN } from "../../harness";
import { ROLE, allow, doc } from "./documents";

describe("iam area: document locations, action catalog, registry", () => {
  describe("document locations", () => {
    it("finds the document of every listed type, by audience", () => {
      for (const [type, locations] of DOCUMENT_LOCATIONS) {
        const props: Record<string, unknown> = Object.fromEntries(locations.map((l) => [l.property, "{}"]));
        if (type === ROLE) props.inlinePolicies = [{ name: "a", policy: "{}" }];
        const found = documentsOf(type, props);
        assert.equal(found.length, locations.length, type);
      }
      assert.ok(typesWithDocuments("trust").has(ROLE));
      assert.ok(!typesWithDocuments("resource").has(ROLE));
      assert.ok(typesWithDocuments("resource").has("aws:cloudwatch/logResourcePolicy:LogResourcePolicy"));
    });

    it("reads role inline policies one by one, and a list unknown as a whole as one unknown document", () => {
      const located = documentsOf(ROLE, {
        assumeRolePolicy: doc(
          allow({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
        ),
        inlinePolicies: [{ name: "a", policy: UNKNOWN }, UNKNOWN, { name: "empty" }, "x"],
      });
      assert.deepEqual(
        located.map((d) => [d.location, d.audience, d.document.kind]),
        [
          ["assumeRolePolicy", "trust", "parsed"],
          ["inlinePolicies[0].policy", "identity", "unknown"],
          ["inlinePolicies[1]", "identity", "unknown"],
          ["inlinePolicies[2].policy", "identity", "absent"],
          ["inlinePolicies[3]", "identity", "malformed"],
        ],
      );
      assert.deepEqual(
        documentsOf(ROLE, { inlinePolicies: UNKNOWN }).map((d) => [d.location, d.document.kind]),
        [
          ["assumeRolePolicy", "absent"],
          ["inlinePolicies", "unknown"],
        ],
      );
    });

    it("returns nothing for other types", () => {
      assert.deepEqual(documentsOf("aws:s3/bucket:Bucket", { policy: "{}" }), []);
    });
  });

  describe("action catalog", () => {
    it("parses action entries", () => {
      assert.deepEqual(parseActionPattern("S3:Get*"), {
        text: "S3:Get*",
        service: "s3",
        name: "Get*",
        wildcard: true,
      });
      assert.deepEqual(parseActionPattern("*"), { text: "*", service: "*", name: "*", wildcard: true });
      for (const bad of ["s3", "s3:", ":Get", "s3:Get Object", "arn:aws:s3:::b"])
        assert.equal(parseActionPattern(bad), undefined, bad);
    });

    it("knows which actions support resource-level permissions", () => {
      const expand = (text: string) => expandAction(parseActionPattern(text)!);
      assert.deepEqual(expand("sts:getcalleridentity"), {
        kind: "actions",
        actions: [{ name: "sts:GetCallerIdentity", accessLevels: ["Read"], resourceLevel: false }],
      });
      const passRole = expand("iam:PassRole");
      assert.equal(passRole.kind === "actions" && passRole.actions[0].resourceLevel, true);
      assert.deepEqual(expand("nosuch:Thing"), { kind: "unknown-service" });
      assert.deepEqual(expand("*"), { kind: "any-service" });
      assert.ok(serviceActions("s3").length > 100);
      assert.deepEqual(serviceActions("../services"), []);
    });

    it("splits compound access levels", () => {
      const putBucketPolicy = serviceActions("s3").find((a) => a.name === "s3:PutBucketPolicy");
      assert.deepEqual(putBucketPolicy?.accessLevels, ["Permissions management", "Write"]);
    });

    it("knows which entries cover a whole service", () => {
      for (const entry of ["*", "kms:*", "KMS:*", "k*:*"]) assert.ok(coversWholeService(entry, "kms"), entry);
      for (const entry of ["kms:?", "kms:Get*", "s3:*", "kms:Decrypt"])
        assert.ok(!coversWholeService(entry, "kms"), entry);
    });

    it("is loaded lazily: loading the area reads no catalog file", () => {
      const script = `
        const fs = require("node:fs");
        const read = fs.readFileSync;
        let catalogReads = 0;
        fs.readFileSync = (file, ...rest) => { if (String(file).includes("iam-data")) catalogReads++; return read(file, ...rest); };
        require("./policy-pack/policies/iam");
        require("./policy-pack/policies/encryption/encryption-kms-key-policy-restricted");
        process.stdout.write(String(catalogReads));`;
      const output = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: join(__dirname, "..", "..", "..", "..", ".."),
        encoding: "utf8",
      });
      assert.equal(output, "0");
    });
  });

  describe("registry", () => {
    it("registers the seven iam policies with complete metadata", () => {
      assert.deepEqual(
        iamPolicies.map((p) => p.name),
        [
          "iam-no-wildcard-actions",
          "iam-no-not-action-not-resource",
          "iam-resource-wildcard-scoped",
          "iam-passrole-scoped",
          "iam-no-public-principal",
          "iam-no-admin-managed-policies",
          "iam-unknown-actions",
        ],
      );
      for (const policy of iamPolicies) {
        assert.equal(policy.area, "iam");
        assert.ok(
          policy.pci.length > 0 && policy.examples?.compliant && policy.examples.violating,
          policy.name,
        );
        for (const [key, schema] of Object.entries(policy.configProperties))
          assert.ok("default" in schema, `${policy.name}.${key}`);
      }
    });
  });
});
