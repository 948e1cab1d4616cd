import assert from "node:assert/strict";
import {
  LOG_GROUP,
  logGroupRetention,
} from "../../../../../policy-pack/policies/logging/log-group-retention";
import { UNKNOWN, evaluateResource, urnOf } from "../../harness";

const logGroup = (
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
  name = "app-logs-test",
) => evaluateResource(logGroupRetention, { type: LOG_GROUP, name, props, config });

describe("logging-log-group-retention", () => {
  describe("compliant", () => {
    it("passes the default minimum of 90 days and longer CloudWatch values", async () => {
      for (const retentionInDays of [90, 365, 3653]) {
        assert.deepEqual(await logGroup({ retentionInDays }), { violations: [] }, `${retentionInDays}`);
      }
    });

    it("accepts a numeric string as the engine may pass it", async () => {
      assert.deepEqual(await logGroup({ retentionInDays: "365" }), { violations: [] });
    });

    it("accepts exactly the configured value in exact mode", async () => {
      assert.deepEqual(await logGroup({ retentionInDays: 90 }, { mode: "exact", minimumDays: 90 }), {
        violations: [],
      });
    });

    it("accepts a value within the range in range mode", async () => {
      const config = { mode: "range", minimumDays: 90, maximumDays: 400 };
      assert.deepEqual(await logGroup({ retentionInDays: 400 }, config), { violations: [] });
    });

    it("accepts never-expiring logs in minimum mode when allowNeverExpire is set", async () => {
      assert.deepEqual(await logGroup({}, { allowNeverExpire: true }), { violations: [] });
    });

    it("ignores other resource types", async () => {
      const verdict = await evaluateResource(logGroupRetention, { type: "aws:s3/bucket:Bucket", props: {} });
      assert.deepEqual(verdict, { violations: [] });
    });
  });

  describe("violating", () => {
    it("names the property, the value and the minimum", async () => {
      const verdict = await logGroup({ retentionInDays: 30 });
      assert.deepEqual(verdict.violations, [
        "retentionInDays is 30; expected at least 90 days (mode minimum).",
      ]);
    });

    it("reports an absent retention as never expiring", async () => {
      const verdict = await logGroup({});
      assert.deepEqual(verdict.violations, [
        "retentionInDays is not set: events never expire; expected at least 90 days, set explicitly (or allowNeverExpire: true) (mode minimum).",
      ]);
    });

    it("reports 0 as never expiring, even with allowNeverExpire in exact and range modes", async () => {
      const exact = await logGroup({ retentionInDays: 0 }, { mode: "exact", allowNeverExpire: true });
      assert.deepEqual(exact.violations, [
        "retentionInDays is 0: events never expire; expected exactly 90 days (mode exact).",
      ]);
      const range = await logGroup(
        { retentionInDays: 0 },
        { mode: "range", maximumDays: 365, allowNeverExpire: true },
      );
      assert.match(range.violations[0], /expected between 90 and 365 days \(mode range\)/);
    });

    it("reports a longer retention than demanded in exact mode", async () => {
      const verdict = await logGroup({ retentionInDays: 365 }, { mode: "exact", minimumDays: 90 });
      assert.deepEqual(verdict.violations, [
        "retentionInDays is 365; expected exactly 90 days (mode exact).",
      ]);
    });

    it("reports a retention above the maximum in range mode", async () => {
      const verdict = await logGroup(
        { retentionInDays: 3653 },
        { mode: "range", minimumDays: 90, maximumDays: 400 },
      );
      assert.match(verdict.violations[0], /retentionInDays is 3653; expected between 90 and 400 days/);
    });

    it("reports the 2 days forced by logGroupClass DELIVERY", async () => {
      const verdict = await logGroup({ retentionInDays: 365, logGroupClass: "DELIVERY" });
      assert.deepEqual(verdict.violations, [
        "retentionInDays is 2 (forced by logGroupClass DELIVERY); expected at least 90 days (mode minimum).",
      ]);
    });

    it("uses the configured minimum", async () => {
      const verdict = await logGroup({ retentionInDays: 180 }, { minimumDays: 365 });
      assert.match(verdict.violations[0], /retentionInDays is 180; expected at least 365 days/);
    });
  });

  describe("unknown during preview", () => {
    it("defers when retentionInDays is unknown", async () => {
      const verdict = await logGroup({ retentionInDays: UNKNOWN });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });

    it("decides a too-short retention even when logGroupClass is unknown", async () => {
      const verdict = await logGroup({ retentionInDays: 30, logGroupClass: UNKNOWN });
      assert.match(verdict.violations[0], /retentionInDays is 30/);
    });

    it("defers a sufficient retention when logGroupClass is unknown (DELIVERY would force 2 days)", async () => {
      const verdict = await logGroup({ retentionInDays: 365, logGroupClass: UNKNOWN });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.deferred ?? "", /can't be known during preview/);
    });
  });

  describe("malformed input", () => {
    it("reports values CloudWatch does not accept", async () => {
      for (const retentionInDays of [45, 90.5, -1, "ninety", true]) {
        const verdict = await logGroup({ retentionInDays });
        assert.equal(verdict.violations.length, 1, JSON.stringify(retentionInDays));
        assert.match(
          verdict.violations[0],
          /^retentionInDays .* is not a retention CloudWatch accepts \(0 or 1, 3, 5, 7, 14, 30, 60, 90, 120/,
        );
      }
    });

    it("fails closed on an unknown mode", async () => {
      const verdict = await logGroup({ retentionInDays: 90 }, { mode: "at-least" });
      assert.match(
        verdict.violations[0],
        /invalid configuration for policy 'logging-log-group-retention': 'mode' must be one of minimum, exact, range/,
      );
    });

    it("rejects an exact value CloudWatch cannot hold", async () => {
      const verdict = await logGroup({ retentionInDays: 90 }, { mode: "exact", minimumDays: 100 });
      assert.match(verdict.violations[0], /'minimumDays' must be a CloudWatch retention value in exact mode/);
    });

    it("rejects a range whose maximum is below its minimum", async () => {
      const verdict = await logGroup(
        { retentionInDays: 90 },
        { mode: "range", minimumDays: 365, maximumDays: 90 },
      );
      assert.match(verdict.violations[0], /'maximumDays' \(90\) must be >= 'minimumDays' \(365\)/);
    });

    it("rejects fractional and out-of-range day counts", async () => {
      assert.match(
        (await logGroup({}, { minimumDays: 90.5 })).violations[0],
        /'minimumDays' must be a whole number of days/,
      );
      assert.match((await logGroup({}, { minimumDays: 0 })).violations[0], /'minimumDays' must be >= 1/);
      assert.match(
        (await logGroup({}, { allowNeverExpire: "yes" })).violations[0],
        /'allowNeverExpire' must be a boolean/,
      );
    });
  });

  describe("exemptions", () => {
    const urn = urnOf(LOG_GROUP, "legacy-logs-test");

    it("reports an exempted log group as not applicable with the reason", async () => {
      const exemptions = [
        { urn, reason: "Vendor agent manages retention", expires: "2999-01-01", ticket: "RISK-9" },
      ];
      const verdict = await logGroup({ retentionInDays: 30 }, { exemptions }, "legacy-logs-test");
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted: Vendor agent manages retention \[ticket RISK-9\] .*suppressed: retentionInDays is 30/,
      );
    });

    it("can exempt malformed values without exempting short retention", async () => {
      const exemptions = [{ urn, reason: "migration", expires: "2999-01-01", findings: ["malformed"] }];
      const verdict = await logGroup({ retentionInDays: 30 }, { exemptions }, "legacy-logs-test");
      assert.equal(verdict.violations.length, 1);
    });

    it("does not apply an expired exemption and says why", async () => {
      const exemptions = [{ urn, reason: "temporary", expires: "2021-06-30" }];
      const verdict = await logGroup({}, { exemptions }, "legacy-logs-test");
      assert.match(verdict.violations[0], /Exemption not applied because it expired on 2021-06-30/);
    });
  });
});
