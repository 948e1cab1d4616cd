import assert from "node:assert/strict";
import { networkAwsxLbInternal } from "../../../../../policy-pack/policies/components/network-awsx-lb-internal";
import { AWSX_ALB, AWSX_NLB, AWSX_VPC } from "../../../../../policy-pack/policies/components/resource-types";
import { LB } from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { resource, subnet, vpc } from "../network/stack-builder";

const cde = resource(AWSX_VPC, "cde-vpc", { subnetSpecs: [{ type: "Private" }] });
const dmz = resource(AWSX_VPC, "dmz-vpc");
const DMZ = { authorizedDmzVpcs: ["*awsx:ec2:Vpc$aws:ec2/vpc:Vpc::dmz-*"] };

/** A load balancer whose subnetIds come from an awsx Vpc's outputs (unknown during preview). */
const alb = (name: string, props: Record<string, unknown> = {}, vpcName = "cde-vpc") =>
  resource(AWSX_ALB, name, { subnetIds: UNKNOWN, ...props }, { subnetIds: [vpcName] });

const messagesOf = async (cases: Parameters<typeof evaluateStack>[1], config: Record<string, unknown> = {}) =>
  (await evaluateStack(networkAwsxLbInternal, cases, config)).violations.map((v) => v.message);

describe("network-awsx-lb-internal", () => {
  describe("compliant", () => {
    it("passes an internal load balancer with its own security groups or awsx's group skipped", async () => {
      const cases = [
        cde,
        alb("api", { internal: true, securityGroups: ["sg-0123456789abcdef0"] }),
        alb("admin", { internal: true, defaultSecurityGroup: { skip: true } }),
        alb("ops", { internal: true, defaultSecurityGroup: { securityGroupId: "sg-0123456789abcdef0" } }),
        resource(AWSX_NLB, "tcp", { internal: true, subnetIds: UNKNOWN }, { subnetIds: ["cde-vpc"] }),
      ];
      assert.deepEqual(await evaluateStack(networkAwsxLbInternal, cases), { violations: [] });
    });

    it("allows an internet-facing load balancer in an authorized DMZ, found through the awsx Vpc's subnets", async () => {
      const cases = [dmz, alb("web", { securityGroups: ["sg-0123456789abcdef0"] }, "dmz-vpc")];
      assert.deepEqual(await evaluateStack(networkAwsxLbInternal, cases, DMZ), { violations: [] });
    });

    it("allows one placed in a DMZ VPC of the stack through subnets", async () => {
      const cases = [
        vpc("dmz-plain"),
        subnet("dmz-a", "dmz-plain"),
        resource(AWSX_NLB, "web", { subnetIds: [UNKNOWN] }, { subnetIds: ["dmz-a"] }),
      ];
      const config = { authorizedDmzVpcs: ["urn:pulumi:*::aws:ec2/vpc:Vpc::dmz-*"] };
      assert.deepEqual(await evaluateStack(networkAwsxLbInternal, cases, config), { violations: [] });
    });

    it("stays silent once the plugin's children are in the stack (the Pulumi CLI)", async () => {
      const child = { ...resource(LB, "web"), parent: "web" };
      assert.deepEqual(await evaluateStack(networkAwsxLbInternal, [resource(AWSX_ALB, "web"), child]), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("reports awsx's defaults: internet-facing, in the default VPC, behind its open security group", async () => {
      const messages = await messagesOf([resource(AWSX_ALB, "web")]);
      assert.equal(messages.length, 2);
      assert.match(
        messages[0],
        /internal is not set \(the provider uses false\): awsx creates an internet-facing load balancer \(network-no-internet-facing-lb under the Pulumi CLI\)\. Expected internal: true\. Not allowed here: no subnetIds, subnets or subnetMappings are given, so awsx places it in the default VPC's public subnets/,
      );
      assert.match(
        messages[1],
        /securityGroups is not set: awsx creates the load balancer's security group allowing every port and protocol from 0\.0\.0\.0\/0 and ::\/0/,
      );
    });

    it("reports internal: false in a VPC outside the DMZ, naming the awsx Vpc", async () => {
      const messages = await messagesOf(
        [cde, alb("api", { internal: false, securityGroups: ["sg-1"] })],
        DMZ,
      );
      assert.equal(messages.length, 1);
      assert.match(messages[0], /internal is false: awsx creates an internet-facing load balancer/);
      assert.match(
        messages[0],
        /awsx Vpc 'cde-vpc' is not an authorized DMZ \(matches none of authorizedDmzVpcs/,
      );
    });

    it("reports awsx's open default security group even in an authorized DMZ", async () => {
      const messages = await messagesOf([dmz, alb("web", {}, "dmz-vpc")], DMZ);
      assert.equal(messages.length, 1);
      assert.match(messages[0], /this group opens every port and protocol\.$/);
    });

    it("reports a network load balancer that is internet-facing, without judging security groups", async () => {
      const messages = await messagesOf([resource(AWSX_NLB, "tcp")]);
      assert.equal(messages.length, 1);
      assert.match(messages[0], /internal is not set/);
    });
  });

  describe("unknown during preview", () => {
    it("defers internal built from another resource, and a security group awsx builds from args", async () => {
      const cases = [
        cde,
        resource("pulumi:pulumi:StackReference", "shared"),
        resource(
          AWSX_ALB,
          "api",
          { internal: UNKNOWN, subnetIds: UNKNOWN, defaultSecurityGroup: { args: { ingress: [] } } },
          {
            internal: ["shared"],
            subnetIds: ["cde-vpc"],
          },
        ),
      ];
      const verdict = await evaluateStack(networkAwsxLbInternal, cases);
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /deferred .*::api: internal is unknown during preview \(built from 'shared'/,
      );
      assert.match(
        verdict.notApplicable ?? "",
        /deferred .*::api: the security group awsx builds from defaultSecurityGroup\.args is a child of the component/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports internal that is not a boolean and defaultSecurityGroup that is not an object", async () => {
      const messages = await messagesOf([cde, alb("api", { internal: "yes", defaultSecurityGroup: "none" })]);
      assert.match(messages[0], /internal must be a boolean, got "yes"\. Expected internal: true\./);
      assert.match(messages[1], /defaultSecurityGroup must be an object, got "none"\./);
    });
  });

  describe("exemptions", () => {
    it("exempts one load balancer's internet-facing finding and keeps its security group finding", async () => {
      const exemptions = [
        {
          urn: urnOf(AWSX_ALB, "status"),
          findings: ["internal"],
          reason: "Public status page",
          expires: "2999-01-01",
        },
      ];
      const verdict = await evaluateStack(networkAwsxLbInternal, [resource(AWSX_ALB, "status")], {
        exemptions,
      });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0].message, /securityGroups is not set/);
      assert.match(verdict.notApplicable ?? "", /^exempted .*::status: Public status page/);
    });
  });
});
