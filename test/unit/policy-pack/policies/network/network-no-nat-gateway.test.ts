import assert from "node:assert/strict";
import { networkNoNatGateway } from "../../../../../policy-pack/policies/network/network-no-nat-gateway";
import { NAT_GATEWAY } from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { DMZ_CONFIG, resource, subnet, vpc } from "./stack-builder";

const nat = (name: string, subnetName: string, props: Record<string, unknown> = {}) =>
  resource(NAT_GATEWAY, name, props, { subnetId: [subnetName] });
const core = [vpc("core-vpc"), subnet("core-subnet", "core-vpc")];

describe("network-no-nat-gateway", () => {
  describe("compliant", () => {
    it('allows a private NAT gateway (connectivityType "private" needs no internet gateway)', async () => {
      const verdict = await evaluateStack(networkNoNatGateway, [
        ...core,
        nat("partner-nat", "core-subnet", { connectivityType: "private" }),
      ]);
      assert.deepEqual(verdict, { violations: [] });
    });

    it("allows a public NAT gateway in an authorized DMZ VPC, found through its subnet", async () => {
      const cases = [vpc("dmz-vpc"), subnet("dmz-subnet", "dmz-vpc"), nat("egress-nat", "dmz-subnet")];
      assert.deepEqual(await evaluateStack(networkNoNatGateway, cases, DMZ_CONFIG), { violations: [] });
    });

    it("places a regional NAT gateway through its vpcId", async () => {
      const cases = [
        vpc("dmz-vpc"),
        resource(NAT_GATEWAY, "regional-nat", { availabilityMode: "regional" }, { vpcId: ["dmz-vpc"] }),
      ];
      assert.deepEqual(await evaluateStack(networkNoNatGateway, cases, DMZ_CONFIG), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports a NAT gateway without connectivityType (public by default)", async () => {
      const verdict = await evaluateStack(networkNoNatGateway, [...core, nat("egress-nat", "core-subnet")]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(NAT_GATEWAY, "egress-nat"),
          message:
            'connectivityType is not set (the provider uses "public"): a public NAT gateway gives the VPC outbound internet ' +
            'access. Expected connectivityType "private" (no internet access) outside an authorized DMZ. Not allowed here: ' +
            "VPC 'core-vpc' is not an authorized DMZ (authorizedDmzVpcs is empty).",
        },
      ]);
    });

    it('reports connectivityType "public"', async () => {
      const verdict = await evaluateStack(networkNoNatGateway, [
        ...core,
        nat("egress-nat", "core-subnet", { connectivityType: "public" }),
      ]);
      assert.match(verdict.violations[0].message, /^connectivityType is "public": a public NAT gateway/);
    });
  });

  describe("unknown during preview", () => {
    it("reads an unknown connectivityType without dependencies as the provider default (public)", async () => {
      const verdict = await evaluateStack(networkNoNatGateway, [
        ...core,
        nat("egress-nat", "core-subnet", { connectivityType: UNKNOWN }),
      ]);
      assert.match(verdict.violations[0].message, /^connectivityType is not set/);
    });

    it("defers a connectivityType built from another resource", async () => {
      const cases = [
        ...core,
        resource("pulumi:pulumi:StackReference", "settings"),
        resource(NAT_GATEWAY, "nat", {}, { subnetId: ["core-subnet"], connectivityType: ["settings"] }),
      ];
      const verdict = await evaluateStack(networkNoNatGateway, cases);
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^deferred urn:.*::nat: connectivityType is unknown during preview \(built from 'settings'/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports a connectivityType that is not a string", async () => {
      const verdict = await evaluateStack(networkNoNatGateway, [
        ...core,
        nat("nat", "core-subnet", { connectivityType: ["private"] }),
      ]);
      assert.match(verdict.violations[0].message, /^connectivityType is \["private"\]: a public NAT gateway/);
    });
  });

  describe("exemptions", () => {
    it("suppresses an exempted NAT gateway", async () => {
      const exemptions = [
        {
          urnPattern: "*::egress-nat",
          reason: "Patch mirror egress until proxy lands",
          expires: "2999-01-01",
        },
      ];
      const verdict = await evaluateStack(networkNoNatGateway, [...core, nat("egress-nat", "core-subnet")], {
        exemptions,
      });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted .*egress-nat: Patch mirror egress until proxy lands/,
      );
    });
  });
});
