import assert from "node:assert/strict";
import { networkNoInternetFacingLb } from "../../../../../policy-pack/policies/network/network-no-internet-facing-lb";
import {
  ALB,
  CLASSIC_ELB,
  LB,
  SECURITY_GROUP,
} from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { DMZ_CONFIG, resource, subnet, vpc } from "./stack-builder";

const core = [vpc("core-vpc"), subnet("core-a", "core-vpc"), subnet("core-b", "core-vpc")];
const lb = (type: string, name: string, props: Record<string, unknown> = {}) =>
  resource(type, name, { subnets: [UNKNOWN, UNKNOWN], ...props }, { subnets: ["core-a", "core-b"] });

describe("network-no-internet-facing-lb", () => {
  describe("compliant", () => {
    it("passes internal load balancers of every kind, and gateway load balancers", async () => {
      const cases = [
        ...core,
        lb(LB, "api", { internal: true }),
        lb(ALB, "legacy-alb", { internal: true }),
        resource(CLASSIC_ELB, "classic", { internal: true, listeners: [] }, { subnets: ["core-a"] }),
        lb(LB, "inspection", { loadBalancerType: "gateway" }),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetFacingLb, cases), { violations: [] });
    });

    it("allows an internet-facing load balancer in an authorized DMZ VPC, placed through subnetMappings", async () => {
      const cases = [
        vpc("dmz-vpc"),
        subnet("dmz-a", "dmz-vpc"),
        resource(
          LB,
          "web",
          { loadBalancerType: "network", subnetMappings: [{ subnetId: UNKNOWN, allocationId: UNKNOWN }] },
          { subnetMappings: ["dmz-a"] },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetFacingLb, cases, DMZ_CONFIG), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports a load balancer without internal: absent means internet-facing", async () => {
      const verdict = await evaluateStack(networkNoInternetFacingLb, [...core, lb(LB, "api")]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(LB, "api"),
          message:
            "internal is not set (the provider uses false): the load balancer is internet-facing. Expected internal: true. " +
            "Not allowed here: VPC 'core-vpc' is not an authorized DMZ (authorizedDmzVpcs is empty).",
        },
      ]);
    });

    it("reports internal: false on ALB and classic load balancers", async () => {
      const cases = [
        ...core,
        lb(ALB, "alb", { internal: false }),
        resource(CLASSIC_ELB, "classic", { listeners: [] }, { subnets: ["core-a"] }),
      ];
      const verdict = await evaluateStack(networkNoInternetFacingLb, cases);
      assert.deepEqual(
        verdict.violations.map((v) => [v.urn, v.message.split(":")[0]]),
        [
          [urnOf(ALB, "alb"), "internal is false"],
          [urnOf(CLASSIC_ELB, "classic"), "internal is not set (the provider uses false)"],
        ],
      );
    });

    it("places a load balancer through its security groups when it has no subnets of the stack", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(SECURITY_GROUP, "lb-sg", {}, { vpcId: ["core-vpc"] }),
        resource(LB, "api", { subnets: ["subnet-1", "subnet-2"] }, { securityGroups: ["lb-sg"] }),
      ];
      const verdict = await evaluateStack(networkNoInternetFacingLb, cases, DMZ_CONFIG);
      assert.match(verdict.violations[0].message, /VPC 'core-vpc' is not an authorized DMZ/);
    });
  });

  describe("unknown during preview", () => {
    it("reads an unknown internal without dependencies as the provider default (internet-facing)", async () => {
      const verdict = await evaluateStack(networkNoInternetFacingLb, [
        ...core,
        lb(LB, "api", { internal: UNKNOWN }),
      ]);
      assert.match(verdict.violations[0].message, /^internal is not set/);
    });

    it("defers an internal flag built from another resource, except in an authorized DMZ", async () => {
      const flagged = (vpcName: string) => [
        vpc(vpcName),
        subnet(`${vpcName}-a`, vpcName),
        resource("pulumi:pulumi:StackReference", "shared"),
        resource(LB, "api", {}, { subnets: [`${vpcName}-a`], internal: ["shared"] }),
      ];
      const outside = await evaluateStack(networkNoInternetFacingLb, flagged("core-vpc"), DMZ_CONFIG);
      assert.deepEqual(outside.violations, []);
      assert.match(
        outside.notApplicable ?? "",
        /^deferred .*::api: internal is unknown during preview \(built from 'shared'/,
      );
      assert.deepEqual(await evaluateStack(networkNoInternetFacingLb, flagged("dmz-vpc"), DMZ_CONFIG), {
        violations: [],
      });
    });
  });

  describe("malformed input", () => {
    it("reports an internal flag that is not a boolean", async () => {
      const verdict = await evaluateStack(networkNoInternetFacingLb, [
        ...core,
        lb(LB, "api", { internal: "no" }),
      ]);
      assert.match(
        verdict.violations[0].message,
        /^internal must be a boolean, got "no"\. Expected internal: true\./,
      );
    });
  });

  describe("exemptions", () => {
    it("suppresses an exempted load balancer and still reports the others", async () => {
      const exemptions = [
        {
          urnPattern: "*::aws:lb/loadBalancer:LoadBalancer::status-*",
          reason: "Public status page",
          expires: "2999-01-01",
        },
      ];
      const verdict = await evaluateStack(
        networkNoInternetFacingLb,
        [...core, lb(LB, "status-page"), lb(LB, "api")],
        { exemptions },
      );
      assert.deepEqual(
        verdict.violations.map((v) => v.urn),
        [urnOf(LB, "api")],
      );
      assert.match(verdict.notApplicable ?? "", /^exempted .*::status-page: Public status page/);
    });
  });
});
