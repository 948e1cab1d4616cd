import assert from "node:assert/strict";
import {
  decideExemption,
  evaluationDate,
  exemptionProblem,
  globToRegExp,
} from "../../../../policy-pack/lib/exemptions";

const urn = "urn:pulumi:prod::app::aws:s3/bucket:Bucket::logs";

describe("exemptions", () => {
  it("applies a valid exemption on its last day and not the day after", () => {
    const exemptions = [{ urn, reason: "r", expires: "2026-03-01" }];
    assert.equal(decideExemption(exemptions, urn, "2026-03-01").kind, "applies");
    const after = decideExemption(exemptions, urn, "2026-03-02");
    assert.equal(after.kind, "rejected");
    assert.equal(after.kind === "rejected" && after.problem, "it expired on 2026-03-01");
  });

  it("prefers a valid exemption over an expired one for the same resource", () => {
    const exemptions = [
      { urn, reason: "old", expires: "2020-01-01" },
      { urn, reason: "renewed", expires: "2999-01-01" },
    ];
    const decision = decideExemption(exemptions, urn, "2026-01-01");
    assert.equal(decision.kind === "applies" && decision.exemption.reason, "renewed");
  });

  it("restricts an exemption to listed finding ids", () => {
    const exemptions = [{ urn, reason: "r", expires: "2999-01-01", findings: ["Action::s3:*"] }];
    assert.equal(decideExemption(exemptions, urn, "2026-01-01", "Action::s3:*").kind, "applies");
    assert.equal(decideExemption(exemptions, urn, "2026-01-01", "Action::*").kind, "none");
    assert.equal(decideExemption(exemptions, urn, "2026-01-01").kind, "none");
  });

  it("rejects impossible and malformed expiry dates", () => {
    assert.match(
      exemptionProblem({ urn, reason: "r", expires: "2026-02-30" }, "2026-01-01") ?? "",
      /not a YYYY-MM-DD date/,
    );
    assert.match(
      exemptionProblem({ urn, reason: "r", expires: "tomorrow" }, "2026-01-01") ?? "",
      /not a YYYY-MM-DD date/,
    );
    assert.equal(exemptionProblem({ urn, reason: "r", expires: "2026-02-28" }, "2026-01-01"), undefined);
  });

  it("treats glob metacharacters literally except * and ?", () => {
    assert.ok(globToRegExp("urn:pulumi:*::app::aws:s3/bucket:Bucket::log?").test(urn));
    assert.ok(!globToRegExp("urn:pulumi:prod::app::aws:s3/bucket:Bucket::l.gs").test(urn));
    assert.ok(!globToRegExp("*Bucket").test(`${urn}x`));
  });

  it("reads the evaluation date override only when it is a valid date", () => {
    const now = new Date("2026-05-06T23:00:00Z");
    assert.equal(evaluationDate({ FINGUARD_EVALUATION_DATE: "2030-01-02" }, now), "2030-01-02");
    assert.equal(evaluationDate({ FINGUARD_EVALUATION_DATE: "soon" }, now), "2026-05-06");
    assert.equal(evaluationDate({}, now), "2026-05-06");
  });
});
