import assert from "node:assert/strict";
import { networkNoPublicSubnet } from "../../../../../policy-pack/policies/network/network-no-public-subnet";
import { DEFAULT_SUBNET, SUBNET } from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { DMZ_CONFIG, resource, subnet, vpc } from "./stack-builder";

describe("network-no-public-subnet", () => {
  describe("compliant", () => {
    it("passes private subnets, explicit or by default", async () => {
      const cases = [
        vpc("core-vpc"),
        subnet("a", "core-vpc", { mapPublicIpOnLaunch: false }),
        subnet("b", "core-vpc"),
        subnet("outpost", "core-vpc", {
          mapCustomerOwnedIpOnLaunch: true,
          customerOwnedIpv4Pool: "ipv4pool-coip-1",
        }),
      ];
      assert.deepEqual(await evaluateStack(networkNoPublicSubnet, cases), { violations: [] });
    });

    it("allows a public subnet in an authorized DMZ VPC", async () => {
      const cases = [
        vpc("dmz-vpc"),
        subnet("web", "dmz-vpc", { mapPublicIpOnLaunch: true, assignIpv6AddressOnCreation: true }),
      ];
      assert.deepEqual(await evaluateStack(networkNoPublicSubnet, cases, DMZ_CONFIG), { violations: [] });
    });

    it("passes a default subnet that turns public IPs off explicitly", async () => {
      const cases = [
        resource(DEFAULT_SUBNET, "default-a", { availabilityZone: "us-east-1a", mapPublicIpOnLaunch: false }),
      ];
      assert.deepEqual(await evaluateStack(networkNoPublicSubnet, cases), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports mapPublicIpOnLaunch: true", async () => {
      const verdict = await evaluateStack(networkNoPublicSubnet, [
        vpc("core-vpc"),
        subnet("web", "core-vpc", { mapPublicIpOnLaunch: true }),
      ]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(SUBNET, "web"),
          message:
            "mapPublicIpOnLaunch is true: every instance launched in this subnet gets a public IPv4 address. Expected " +
            "mapPublicIpOnLaunch: false. Not allowed here: VPC 'core-vpc' is not an authorized DMZ (authorizedDmzVpcs is empty).",
        },
      ]);
    });

    it("reports assignIpv6AddressOnCreation: true as a separate finding", async () => {
      const cases = [
        vpc("core-vpc"),
        subnet("v6", "core-vpc", { mapPublicIpOnLaunch: true, assignIpv6AddressOnCreation: true }),
      ];
      const verdict = await evaluateStack(networkNoPublicSubnet, cases);
      assert.equal(verdict.violations.length, 2);
      assert.match(
        verdict.violations[1].message,
        /^assignIpv6AddressOnCreation is true: every network interface in this subnet gets a globally routable IPv6 address/,
      );
    });

    it("reports a default subnet that leaves mapPublicIpOnLaunch unset (the provider makes it true)", async () => {
      const verdict = await evaluateStack(networkNoPublicSubnet, [
        resource(DEFAULT_SUBNET, "default-a", { availabilityZone: "us-east-1a" }),
      ]);
      assert.match(
        verdict.violations[0].message,
        /^mapPublicIpOnLaunch is not set \(the provider uses true\)/,
      );
      assert.match(verdict.violations[0].message, /no VPC of this stack was found for it/);
    });
  });

  describe("unknown during preview", () => {
    it("defers a flag built from another resource's output", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(SUBNET, "s", {}, { vpcId: ["core-vpc"], mapPublicIpOnLaunch: ["core-vpc"] }),
      ];
      const verdict = await evaluateStack(networkNoPublicSubnet, cases);
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^deferred .*::s: mapPublicIpOnLaunch is unknown during preview \(built from 'core-vpc' \(aws:ec2\/vpc:Vpc\)\)$/,
      );
    });

    it("decides an unknown flag in an authorized DMZ: allowed whatever its value", async () => {
      const cases = [
        vpc("dmz-vpc"),
        resource(SUBNET, "s", {}, { vpcId: ["dmz-vpc"], mapPublicIpOnLaunch: ["dmz-vpc"] }),
      ];
      assert.deepEqual(await evaluateStack(networkNoPublicSubnet, cases, DMZ_CONFIG), { violations: [] });
    });

    it("reads an unknown flag without dependencies as the provider default", async () => {
      const cases = [vpc("core-vpc"), subnet("s", "core-vpc", { mapPublicIpOnLaunch: UNKNOWN })];
      assert.deepEqual(await evaluateStack(networkNoPublicSubnet, cases), { violations: [] });
    });
  });

  describe("malformed input", () => {
    it("reports a flag that is not a boolean", async () => {
      const verdict = await evaluateStack(networkNoPublicSubnet, [
        vpc("core-vpc"),
        subnet("s", "core-vpc", { mapPublicIpOnLaunch: "yes" }),
      ]);
      assert.match(
        verdict.violations[0].message,
        /^mapPublicIpOnLaunch must be a boolean, got "yes"\. Expected mapPublicIpOnLaunch: false\./,
      );
    });

    it('accepts the strings "true" and "false" a provider may pass', async () => {
      const verdict = await evaluateStack(networkNoPublicSubnet, [
        vpc("core-vpc"),
        subnet("s", "core-vpc", { mapPublicIpOnLaunch: "true" }),
      ]);
      assert.match(verdict.violations[0].message, /^mapPublicIpOnLaunch is true/);
    });
  });

  describe("exemptions", () => {
    it("exempts one finding of a subnet by id", async () => {
      const cases = [
        vpc("core-vpc"),
        subnet("v6", "core-vpc", { mapPublicIpOnLaunch: true, assignIpv6AddressOnCreation: true }),
      ];
      const exemptions = [
        {
          urn: urnOf(SUBNET, "v6"),
          findings: ["assignIpv6AddressOnCreation"],
          reason: "IPv6 pilot",
          expires: "2999-01-01",
        },
      ];
      const verdict = await evaluateStack(networkNoPublicSubnet, cases, { exemptions });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0].message, /^mapPublicIpOnLaunch is true/);
      assert.match(
        verdict.notApplicable ?? "",
        /IPv6 pilot .*suppressed: assignIpv6AddressOnCreation is true/,
      );
    });
  });
});
