import assert from "node:assert/strict";
import { networkNoPublicIp } from "../../../../../policy-pack/policies/network/network-no-public-ip";
import {
  AUTOSCALING_GROUP,
  EIP,
  EIP_ASSOCIATION,
  INSTANCE,
  LAUNCH_TEMPLATE,
  SECURITY_GROUP,
  SPOT_INSTANCE_REQUEST,
} from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { DMZ_CONFIG, resource, subnet, vpc } from "./stack-builder";

const AMI = "ami-0123456789abcdef0";
const instance = (name: string, subnetName: string, props: Record<string, unknown> = {}) =>
  resource(INSTANCE, name, { ami: AMI, instanceType: "t3.micro", ...props }, { subnetId: [subnetName] });
const core = [vpc("core-vpc"), subnet("core-subnet", "core-vpc")];
const dmz = [vpc("dmz-vpc"), subnet("dmz-subnet", "dmz-vpc")];

describe("network-no-public-ip", () => {
  describe("compliant", () => {
    it("passes instances without a public IP and an unassociated Elastic IP", async () => {
      const cases = [
        ...core,
        instance("app", "core-subnet", { associatePublicIpAddress: false }),
        instance("worker", "core-subnet"),
        resource(EIP, "nat-eip", { domain: "vpc" }),
        resource(LAUNCH_TEMPLATE, "lt", {
          networkInterfaces: [
            { associatePublicIpAddress: "false" },
            { deviceIndex: 1 },
            { associatePublicIpAddress: "" },
          ],
        }),
      ];
      assert.deepEqual(await evaluateStack(networkNoPublicIp, cases), { violations: [] });
    });

    it("allows a public IP in an authorized DMZ VPC", async () => {
      const cases = [...dmz, instance("bastion", "dmz-subnet", { associatePublicIpAddress: true })];
      assert.deepEqual(await evaluateStack(networkNoPublicIp, cases, DMZ_CONFIG), { violations: [] });
    });

    it("places a launch template through the auto scaling group launched from it", async () => {
      const cases = [
        ...dmz,
        resource(LAUNCH_TEMPLATE, "web-lt", { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
        resource(
          AUTOSCALING_GROUP,
          "web-asg",
          {},
          { launchTemplate: ["web-lt"], vpcZoneIdentifiers: ["dmz-subnet"] },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoPublicIp, cases, DMZ_CONFIG), { violations: [] });
    });

    it("places an Elastic IP through the instance it is associated with", async () => {
      const cases = [
        ...dmz,
        instance("bastion", "dmz-subnet"),
        resource(EIP, "bastion-eip", { domain: "vpc" }, { instance: ["bastion"] }),
      ];
      assert.deepEqual(await evaluateStack(networkNoPublicIp, cases, DMZ_CONFIG), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports an instance with associatePublicIpAddress: true", async () => {
      const verdict = await evaluateStack(networkNoPublicIp, [
        ...core,
        instance("bastion", "core-subnet", { associatePublicIpAddress: true }),
      ]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(INSTANCE, "bastion"),
          message:
            "associatePublicIpAddress is true: the instance gets a public IPv4 address. Expected associatePublicIpAddress: " +
            "false. Not allowed here: VPC 'core-vpc' is not an authorized DMZ (authorizedDmzVpcs is empty).",
        },
      ]);
    });

    it("reports a spot instance request placed through its security groups", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(SECURITY_GROUP, "sg", {}, { vpcId: ["core-vpc"] }),
        resource(
          SPOT_INSTANCE_REQUEST,
          "spot",
          { associatePublicIpAddress: true },
          { vpcSecurityGroupIds: ["sg"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases);
      assert.match(
        verdict.violations[0].message,
        /Not allowed here: VPC 'core-vpc' is not an authorized DMZ/,
      );
    });

    it("reports each launch template interface that associates a public IP", async () => {
      const cases = [
        ...core,
        resource(
          LAUNCH_TEMPLATE,
          "lt",
          {
            networkInterfaces: [
              { deviceIndex: 0, associatePublicIpAddress: "true", subnetId: UNKNOWN },
              { associatePublicIpAddress: true },
            ],
          },
          { networkInterfaces: ["core-subnet"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases);
      assert.deepEqual(
        verdict.violations.map((v) => v.message.split(":")[0]),
        [
          'networkInterfaces[0].associatePublicIpAddress is "true"',
          "networkInterfaces[1].associatePublicIpAddress is true",
        ],
      );
      assert.match(verdict.violations[0].message, /VPC 'core-vpc' is not an authorized DMZ/);
    });

    it("reports a launch template used only outside the DMZ, and one used nowhere", async () => {
      const cases = [
        ...core,
        resource(LAUNCH_TEMPLATE, "used", { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
        resource(
          INSTANCE,
          "from-lt",
          { associatePublicIpAddress: false },
          { launchTemplate: ["used"], subnetId: ["core-subnet"] },
        ),
        resource(LAUNCH_TEMPLATE, "unused", { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases, DMZ_CONFIG);
      assert.match(verdict.violations[0].message, /VPC 'core-vpc' is not an authorized DMZ/);
      assert.match(verdict.violations[1].message, /no VPC of this stack was found for it/);
    });

    it("reports Elastic IPs associated with an instance or a network interface, and associations", async () => {
      const cases = [
        ...core,
        instance("app", "core-subnet"),
        resource(EIP, "eip-instance", { domain: "vpc" }, { instance: ["app"] }),
        resource(EIP, "eip-eni", { domain: "vpc", networkInterface: "eni-0abc" }),
        resource(EIP, "eip-free", { domain: "vpc" }),
        resource(EIP_ASSOCIATION, "assoc", {}, { instanceId: ["app"], allocationId: ["eip-free"] }),
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases);
      assert.deepEqual(
        verdict.violations.map((v) => [v.urn, v.message.split(":")[0]]),
        [
          [urnOf(EIP, "eip-instance"), "instance is 'app' (aws"],
          [urnOf(EIP, "eip-eni"), 'networkInterface is "eni-0abc"'],
          [
            urnOf(EIP_ASSOCIATION, "assoc"),
            "This association maps an Elastic IP (a public IPv4 address) onto an instance or network interface. Expected no public IP address outside an authorized DMZ. Not allowed here",
          ],
        ],
      );
    });
  });

  describe("unknown during preview", () => {
    it("reads an unknown associatePublicIpAddress without dependencies as unset (the subnet decides)", async () => {
      const cases = [...core, instance("app", "core-subnet", { associatePublicIpAddress: UNKNOWN })];
      assert.deepEqual(await evaluateStack(networkNoPublicIp, cases), { violations: [] });
    });

    it("defers an associatePublicIpAddress built from another resource", async () => {
      const cases = [
        ...core,
        resource(
          INSTANCE,
          "app",
          {},
          { subnetId: ["core-subnet"], associatePublicIpAddress: ["core-subnet"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases);
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^deferred .*::app: associatePublicIpAddress is unknown during preview/,
      );
    });

    it("defers launch template interfaces unknown during preview", async () => {
      const cases = [
        ...core,
        resource(LAUNCH_TEMPLATE, "whole", {}, { networkInterfaces: ["core-subnet"] }),
        resource(LAUNCH_TEMPLATE, "leaf", { networkInterfaces: [{ associatePublicIpAddress: UNKNOWN }] }),
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases);
      assert.deepEqual(verdict.violations, []);
      const deferred = (verdict.notApplicable ?? "").split("\n");
      assert.match(
        deferred[0],
        /::whole: networkInterfaces is unknown during preview \(built from 'core-subnet'/,
      );
      assert.match(
        deferred[1],
        /::leaf: networkInterfaces\[0\]\.associatePublicIpAddress is unknown during preview$/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports malformed launch template interfaces and flags", async () => {
      const cases = [
        ...core,
        resource(LAUNCH_TEMPLATE, "not-a-list", { networkInterfaces: { associatePublicIpAddress: "true" } }),
        resource(LAUNCH_TEMPLATE, "odd-flag", {
          networkInterfaces: [{ associatePublicIpAddress: "maybe" }, "eth0"],
        }),
        instance("app", "core-subnet", { associatePublicIpAddress: 1 }),
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases);
      assert.deepEqual(
        verdict.violations.map((v) => v.message.split(".")[0]),
        [
          "associatePublicIpAddress must be a boolean, got 1",
          'networkInterfaces must be a list, got {"associatePublicIpAddress":"true"}',
          "networkInterfaces[0]",
        ],
      );
      assert.match(
        verdict.violations[2].message,
        /^networkInterfaces\[0\]\.associatePublicIpAddress must be "true" or "false", got "maybe"/,
      );
    });
  });

  describe("exemptions", () => {
    it("suppresses an exempted bastion with its reason", async () => {
      const cases = [...core, instance("bastion", "core-subnet", { associatePublicIpAddress: true })];
      const exemptions = [
        {
          urn: urnOf(INSTANCE, "bastion"),
          reason: "Break-glass bastion",
          expires: "2999-01-01",
          ticket: "SEC-9",
        },
      ];
      const verdict = await evaluateStack(networkNoPublicIp, cases, { exemptions });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted .*::bastion: Break-glass bastion \[ticket SEC-9\]/,
      );
    });
  });
});
