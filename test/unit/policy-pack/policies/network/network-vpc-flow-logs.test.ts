import assert from "node:assert/strict";
import { networkVpcFlowLogs } from "../../../../../policy-pack/policies/network/network-vpc-flow-logs";
import { DEFAULT_VPC, FLOW_LOG, VPC } from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { resource, subnet, vpc } from "./stack-builder";

const flowLog = (name: string, vpcName: string, trafficType?: unknown) =>
  resource(FLOW_LOG, name, trafficType === undefined ? {} : { trafficType }, { vpcId: [vpcName] });

describe("network-vpc-flow-logs", () => {
  describe("compliant", () => {
    it("passes a VPC with a flow log of ALL traffic, found through vpcId during preview", async () => {
      const verdict = await evaluateStack(networkVpcFlowLogs, [
        vpc("core-vpc"),
        flowLog("core-flow", "core-vpc", "ALL"),
      ]);
      assert.deepEqual(verdict, { violations: [] });
    });

    it("passes when one of several flow logs captures ALL traffic", async () => {
      const cases = [
        vpc("core-vpc"),
        flowLog("rejects", "core-vpc", "REJECT"),
        flowLog("all", "core-vpc", "ALL"),
      ];
      assert.deepEqual(await evaluateStack(networkVpcFlowLogs, cases), { violations: [] });
    });

    it("passes a stack without VPCs", async () => {
      assert.deepEqual(
        await evaluateStack(networkVpcFlowLogs, [
          resource(FLOW_LOG, "eni-log", { eniId: "eni-1", trafficType: "ALL" }),
        ]),
        {
          violations: [],
        },
      );
    });
  });

  describe("violating", () => {
    it("reports a VPC without a flow log: omitting it does not dodge the rule", async () => {
      const verdict = await evaluateStack(networkVpcFlowLogs, [vpc("core-vpc")]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(VPC, "core-vpc"),
          message:
            "No aws:ec2/flowLog:FlowLog has a vpcId built from this VPC: its traffic is not logged. Expected an aws.ec2.FlowLog " +
            'with vpcId set to this VPC\'s id and trafficType "ALL".',
        },
      ]);
    });

    it("reports flow logs that capture only part of the traffic, naming them", async () => {
      const cases = [
        vpc("core-vpc"),
        flowLog("rejects", "core-vpc", "REJECT"),
        flowLog("untyped", "core-vpc"),
      ];
      const verdict = await evaluateStack(networkVpcFlowLogs, cases);
      assert.match(
        verdict.violations[0].message,
        /^No flow log of this VPC captures all traffic \('rejects' trafficType "REJECT"; 'untyped' trafficType not set\)/,
      );
    });

    it("does not count subnet-level flow logs or flow logs of another VPC", async () => {
      const cases = [
        vpc("core-vpc"),
        vpc("other-vpc"),
        subnet("s", "core-vpc"),
        resource(FLOW_LOG, "subnet-log", { trafficType: "ALL" }, { subnetId: ["s"] }),
        flowLog("other-log", "other-vpc", "ALL"),
      ];
      const verdict = await evaluateStack(networkVpcFlowLogs, cases);
      assert.deepEqual(
        verdict.violations.map((v) => v.urn),
        [urnOf(VPC, "core-vpc")],
      );
    });

    it("covers default VPCs too", async () => {
      const verdict = await evaluateStack(networkVpcFlowLogs, [resource(DEFAULT_VPC, "default")]);
      assert.equal(verdict.violations[0].urn, urnOf(DEFAULT_VPC, "default"));
    });
  });

  describe("unknown during preview", () => {
    it("defers a VPC whose only flow log has a trafficType built from another resource", async () => {
      const cases = [
        vpc("core-vpc"),
        resource("pulumi:pulumi:StackReference", "settings"),
        resource(FLOW_LOG, "log", {}, { vpcId: ["core-vpc"], trafficType: ["settings"] }),
      ];
      const verdict = await evaluateStack(networkVpcFlowLogs, cases);
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^deferred .*::core-vpc: trafficType of flow log 'log' \(built from 'settings' .*\) is unknown during preview$/,
      );
    });

    it("reads an unknown trafficType without dependencies as unset", async () => {
      const verdict = await evaluateStack(networkVpcFlowLogs, [
        vpc("core-vpc"),
        flowLog("log", "core-vpc", UNKNOWN),
      ]);
      assert.match(verdict.violations[0].message, /'log' trafficType not set/);
    });
  });

  describe("malformed input", () => {
    it("does not accept a trafficType in the wrong case or type", async () => {
      const cases = [
        vpc("core-vpc"),
        flowLog("lower", "core-vpc", "all"),
        flowLog("list", "core-vpc", ["ALL"]),
      ];
      const verdict = await evaluateStack(networkVpcFlowLogs, cases);
      assert.match(verdict.violations[0].message, /'lower' trafficType "all"; 'list' trafficType \["ALL"\]/);
    });
  });

  describe("exemptions", () => {
    it("suppresses an exempted VPC", async () => {
      const exemptions = [
        { urn: urnOf(VPC, "sandbox-vpc"), reason: "Sandbox without cardholder data", expires: "2999-01-01" },
      ];
      const verdict = await evaluateStack(networkVpcFlowLogs, [vpc("sandbox-vpc")], { exemptions });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /^exempted .*::sandbox-vpc: Sandbox without cardholder data/);
    });

    it("does not apply an expired exemption", async () => {
      const exemptions = [{ urn: urnOf(VPC, "sandbox-vpc"), reason: "Sandbox", expires: "2022-01-01" }];
      const verdict = await evaluateStack(networkVpcFlowLogs, [vpc("sandbox-vpc")], { exemptions });
      assert.match(verdict.violations[0].message, /Exemption not applied because it expired on 2022-01-01/);
    });
  });
});
