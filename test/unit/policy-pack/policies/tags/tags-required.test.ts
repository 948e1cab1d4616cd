import assert from "node:assert/strict";
import { tagsRequired } from "../../../../../policy-pack/policies/tags/tags-required";
import { UNKNOWN, UNKNOWN_OBJECT, evaluateResource, secret, urnOf } from "../../harness";

const BUCKET = "aws:s3/bucket:Bucket";
const fullTags = {
  Environment: "dev",
  Owner: "payments",
  CostCenter: "CC-1",
  DataClassification: "confidential",
};
const bucket = (props: Record<string, unknown>, extra: object = {}) =>
  evaluateResource(tagsRequired, { type: BUCKET, props, ...extra });

describe("tags-required", () => {
  describe("compliant", () => {
    it("passes a bucket with every required tag", async () => {
      assert.deepEqual(await bucket({ tags: fullTags }), { violations: [] });
    });

    it("merges provider defaultTags given as the JSON string the provider SDK sends", async () => {
      const provider = {
        props: {
          region: "us-east-1",
          defaultTags: JSON.stringify({ tags: { Owner: "x", CostCenter: "y" } }),
        },
      };
      const verdict = await bucket(
        { tags: { Environment: "dev", DataClassification: "internal" } },
        { provider },
      );
      assert.deepEqual(verdict.violations, []);
    });

    it("accepts secret tag values and unknown values of present keys", async () => {
      const verdict = await bucket({ tags: { ...fullTags, Owner: secret("team"), CostCenter: UNKNOWN } });
      assert.deepEqual(verdict.violations, []);
    });

    it("ignores resource types that cannot be tagged", async () => {
      const verdict = await evaluateResource(tagsRequired, {
        type: "aws:s3/bucketPolicy:BucketPolicy",
        props: {},
      });
      assert.deepEqual(verdict, { violations: [] });
    });
  });

  describe("violating", () => {
    it("names the missing tags and the present ones", async () => {
      const verdict = await bucket({ tags: { Environment: "dev" } });
      assert.equal(verdict.violations.length, 1);
      assert.match(
        verdict.violations[0],
        /Missing required tags: Owner, CostCenter, DataClassification \(present: Environment\)/,
      );
    });

    it("treats a resource without tags as missing all of them", async () => {
      const verdict = await bucket({});
      assert.match(
        verdict.violations[0],
        /Missing required tags: Environment, Owner, CostCenter, DataClassification \(present: none\)/,
      );
    });

    it("treats blank values as missing", async () => {
      const verdict = await bucket({ tags: { ...fullTags, Owner: "  " } });
      assert.match(verdict.violations[0], /Missing required tags: Owner\b/);
    });

    it("lets resource tags satisfy what defaultTags lack but not the reverse of a blank override", async () => {
      const provider = { props: { defaultTags: { tags: { Owner: "platform" } } } };
      const verdict = await bucket(
        { tags: { Environment: "dev", CostCenter: "1", DataClassification: "x", Owner: "" } },
        { provider },
      );
      assert.match(verdict.violations[0], /Missing required tags: Owner/);
    });

    it("checks configured value patterns", async () => {
      const config = { allowedValues: { Environment: "^(dev|staging|prod)$" } };
      const verdict = await bucket({ tags: { ...fullTags, Environment: "qa" } }, { config });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /Tag Environment="qa" does not match/);
    });

    it("uses the configured required keys instead of the defaults", async () => {
      const verdict = await bucket(
        { tags: { Team: "a" } },
        { config: { requiredTags: ["Team", "ComplianceScope"] } },
      );
      assert.match(verdict.violations[0], /Missing required tags: ComplianceScope \(present: Team\)/);
    });
  });

  describe("unknown during preview", () => {
    it("defers when the whole tags map is unknown and defaults do not cover the required keys", async () => {
      const verdict = await bucket({ tags: UNKNOWN_OBJECT });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("decides when provider defaultTags alone cover the required keys", async () => {
      const provider = { props: { defaultTags: JSON.stringify({ tags: fullTags }) } };
      assert.deepEqual(await bucket({ tags: UNKNOWN_OBJECT }, { provider }), { violations: [] });
    });

    it("defers when the provider's defaultTags are unknown and the resource's own tags miss keys", async () => {
      for (const defaultTags of [UNKNOWN, JSON.stringify({ tags: UNKNOWN })]) {
        const verdict = await bucket(
          { tags: { Environment: "dev" } },
          { provider: { props: { defaultTags } } },
        );
        assert.deepEqual(verdict.violations, [], defaultTags);
        assert.match(verdict.deferred ?? "", /can't be known during preview/);
      }
    });

    it("decides with unknown defaultTags when the resource's own tags cover every key", async () => {
      const provider = { props: { defaultTags: UNKNOWN } };
      assert.deepEqual(await bucket({ tags: fullTags }, { provider }), { violations: [] });
    });

    it("reports a bad own tag value even when the defaultTags are unknown (own tags override them)", async () => {
      const verdict = await bucket(
        { tags: { Environment: "qa" } },
        {
          provider: { props: { defaultTags: UNKNOWN } },
          config: { allowedValues: { Environment: "^(dev|prod)$" } },
        },
      );
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0], /Tag Environment="qa" does not match/);
    });

    it("passes instead of deferring when whenUnknown=pass", async () => {
      assert.deepEqual(await bucket({ tags: UNKNOWN_OBJECT }, { config: { whenUnknown: "pass" } }), {
        violations: [],
      });
    });
  });

  describe("malformed input", () => {
    it("reports tags that are not a map", async () => {
      for (const tags of ["Owner=x", ["Owner"], 42]) {
        const verdict = await bucket({ tags });
        assert.equal(verdict.violations.length, 1, JSON.stringify(tags));
        assert.match(verdict.violations[0], /'tags' must be a map of strings/);
      }
    });

    it("ignores a defaultTags string that is not JSON", async () => {
      const verdict = await bucket({ tags: fullTags }, { provider: { props: { defaultTags: "{not json" } } });
      assert.deepEqual(verdict.violations, []);
    });

    it("fails closed with a clear message on malformed config", async () => {
      const verdict = await bucket({ tags: fullTags }, { config: { requiredTags: "Owner" } });
      assert.deepEqual(verdict.violations, [
        "invalid configuration for policy 'tags-required': 'requiredTags' must be an array of strings, got string \"Owner\"",
      ]);
    });

    it("names an invalid value pattern", async () => {
      const verdict = await bucket({ tags: fullTags }, { config: { allowedValues: { Owner: "([" } } });
      assert.match(verdict.violations[0], /'allowedValues.Owner' is not a valid regular expression/);
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(BUCKET, "legacy-logs");
    const exemption = {
      urn,
      reason: "Vendor bucket, tags managed by vendor",
      expires: "2999-01-01",
      ticket: "RISK-12",
    };

    it("reports an exempted violation as not applicable with its reason and ticket", async () => {
      const verdict = await bucket({}, { name: "legacy-logs", config: { exemptions: [exemption] } });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Vendor bucket, tags managed by vendor \[ticket RISK-12\] \(expires 2999-01-01\); suppressed: Missing required tags/,
      );
    });

    it("matches URN patterns", async () => {
      const config = {
        exemptions: [
          { urnPattern: "*::aws:s3/bucket:Bucket::legacy-*", reason: "legacy", expires: "2999-01-01" },
        ],
      };
      const verdict = await bucket({}, { name: "legacy-logs", config });
      assert.match(verdict.notApplicable ?? "", /^exempted: legacy/);
    });

    it("does not apply an expired exemption and says why", async () => {
      const config = { exemptions: [{ ...exemption, expires: "2020-01-31" }] };
      const verdict = await bucket({}, { name: "legacy-logs", config });
      assert.equal(verdict.notApplicable, undefined);
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2020-01-31/);
    });

    it("does not apply an exemption without a reason", async () => {
      const config = { exemptions: [{ urn, reason: "", expires: "2999-01-01" }] };
      const verdict = await bucket({}, { name: "legacy-logs", config });
      assert.match(verdict.violations[0], /Exemption not applied because it has no reason/);
    });

    it("does not touch other resources", async () => {
      const verdict = await bucket({}, { name: "other", config: { exemptions: [exemption] } });
      assert.equal(verdict.notApplicable, undefined);
      assert.equal(verdict.violations.length, 1);
    });
  });
});
