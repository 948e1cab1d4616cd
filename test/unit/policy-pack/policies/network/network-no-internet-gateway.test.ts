import assert from "node:assert/strict";
import { networkNoInternetGateway } from "../../../../../policy-pack/policies/network/network-no-internet-gateway";
import {
  EGRESS_ONLY_INTERNET_GATEWAY,
  INTERNET_GATEWAY,
  INTERNET_GATEWAY_ATTACHMENT,
} from "../../../../../policy-pack/policies/network/resource-types";
import { evaluateStack, urnOf } from "../../harness";
import { DMZ_CONFIG, resource, vpc } from "./stack-builder";

const igw = (name: string, vpcName: string) => resource(INTERNET_GATEWAY, name, {}, { vpcId: [vpcName] });

describe("network-no-internet-gateway", () => {
  describe("compliant", () => {
    it("passes a stack without internet gateways", async () => {
      assert.deepEqual(await evaluateStack(networkNoInternetGateway, [vpc("core-vpc")]), { violations: [] });
    });

    it("allows an internet gateway in an authorized DMZ VPC, found through vpcId during preview", async () => {
      const verdict = await evaluateStack(
        networkNoInternetGateway,
        [vpc("dmz-vpc"), igw("dmz-igw", "dmz-vpc")],
        DMZ_CONFIG,
      );
      assert.deepEqual(verdict, { violations: [] });
    });

    it("allows a detached gateway attached to a DMZ VPC through an attachment", async () => {
      const cases = [
        vpc("dmz-vpc"),
        resource(INTERNET_GATEWAY, "dmz-igw"),
        resource(
          INTERNET_GATEWAY_ATTACHMENT,
          "dmz-igw-attachment",
          {},
          { internetGatewayId: ["dmz-igw"], vpcId: ["dmz-vpc"] },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetGateway, cases, DMZ_CONFIG), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports an internet gateway of a VPC outside the DMZ, naming the VPC and the empty allow-list", async () => {
      const verdict = await evaluateStack(networkNoInternetGateway, [
        vpc("core-vpc"),
        igw("core-igw", "core-vpc"),
      ]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(INTERNET_GATEWAY, "core-igw"),
          message:
            "This internet gateway connects its VPC to the internet, inbound and outbound. Expected no internet gateway " +
            "outside an authorized DMZ. Not allowed here: VPC 'core-vpc' is not an authorized DMZ (authorizedDmzVpcs is empty).",
        },
      ]);
    });

    it("names the configured patterns a VPC does not match", async () => {
      const verdict = await evaluateStack(
        networkNoInternetGateway,
        [vpc("core-vpc"), igw("core-igw", "core-vpc")],
        DMZ_CONFIG,
      );
      assert.match(
        verdict.violations[0].message,
        /VPC 'core-vpc' is not an authorized DMZ \(matches none of authorizedDmzVpcs: "urn:pulumi:\*::aws:ec2\/vpc:Vpc::dmz-\*"\)/,
      );
    });

    it("reports both the gateway and its attachment when the attachment targets a VPC outside the DMZ", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(INTERNET_GATEWAY, "core-igw"),
        resource(
          INTERNET_GATEWAY_ATTACHMENT,
          "core-igw-attachment",
          {},
          { internetGatewayId: ["core-igw"], vpcId: ["core-vpc"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoInternetGateway, cases, DMZ_CONFIG);
      assert.deepEqual(
        verdict.violations.map((v) => v.urn),
        [urnOf(INTERNET_GATEWAY, "core-igw"), urnOf(INTERNET_GATEWAY_ATTACHMENT, "core-igw-attachment")],
      );
    });

    it("reports an egress-only internet gateway", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(EGRESS_ONLY_INTERNET_GATEWAY, "core-eigw", {}, { vpcId: ["core-vpc"] }),
      ];
      const verdict = await evaluateStack(networkNoInternetGateway, cases);
      assert.match(
        verdict.violations[0].message,
        /^This egress-only internet gateway gives its VPC outbound IPv6 internet access/,
      );
    });

    it("reports a gateway attached to both a DMZ VPC and another VPC", async () => {
      const cases = [
        vpc("dmz-vpc"),
        vpc("core-vpc"),
        resource(INTERNET_GATEWAY, "igw", {}, { vpcId: ["dmz-vpc"] }),
        resource(
          INTERNET_GATEWAY_ATTACHMENT,
          "igw-attachment",
          {},
          { internetGatewayId: ["igw"], vpcId: ["core-vpc"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoInternetGateway, cases, DMZ_CONFIG);
      assert.equal(verdict.violations.length, 2);
      assert.match(verdict.violations[0].message, /VPC 'core-vpc' is not an authorized DMZ/);
    });
  });

  describe("unknown during preview and VPCs outside the stack", () => {
    it("cannot allow-list a VPC given as a literal id from outside the stack", async () => {
      const verdict = await evaluateStack(
        networkNoInternetGateway,
        [resource(INTERNET_GATEWAY, "igw", { vpcId: "vpc-0abc" })],
        {
          authorizedDmzVpcs: ["*"],
        },
      );
      assert.match(
        verdict.violations[0].message,
        /no VPC of this stack was found for it .*so it is in no authorized DMZ\.$/,
      );
    });

    it("reports a detached gateway", async () => {
      const verdict = await evaluateStack(
        networkNoInternetGateway,
        [resource(INTERNET_GATEWAY, "spare-igw")],
        DMZ_CONFIG,
      );
      assert.equal(verdict.violations.length, 1);
    });
  });

  describe("malformed input", () => {
    it("fails closed on malformed config", async () => {
      const verdict = await evaluateStack(networkNoInternetGateway, [vpc("core-vpc")], {
        authorizedDmzVpcs: "dmz-vpc",
      });
      assert.deepEqual(verdict.violations, [
        {
          urn: undefined,
          message:
            "invalid configuration for policy 'network-no-internet-gateway': 'authorizedDmzVpcs' must be an array of strings, got string \"dmz-vpc\"",
        },
      ]);
    });

    it("ignores malformed property values it does not need", async () => {
      const cases = [
        vpc("dmz-vpc"),
        resource(INTERNET_GATEWAY, "igw", { vpcId: 42, tags: "x" }, { vpcId: ["dmz-vpc"] }),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetGateway, cases, DMZ_CONFIG), { violations: [] });
    });
  });

  describe("exemptions", () => {
    const igwUrn = urnOf(INTERNET_GATEWAY, "core-igw");
    const cases = [vpc("core-vpc"), igw("core-igw", "core-vpc")];

    it("reports an exempted gateway as not applicable, with reason and ticket", async () => {
      const exemptions = [
        {
          urn: igwUrn,
          reason: "Migration window for the legacy web tier",
          expires: "2999-12-31",
          ticket: "RISK-7",
        },
      ];
      const verdict = await evaluateStack(networkNoInternetGateway, cases, { exemptions });
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted urn:.*::core-igw: Migration window for the legacy web tier \[ticket RISK-7\] \(expires 2999-12-31\); suppressed: This internet gateway/,
      );
    });

    it("does not apply an expired exemption and says why", async () => {
      const exemptions = [{ urn: igwUrn, reason: "Migration window", expires: "2021-06-30" }];
      const verdict = await evaluateStack(networkNoInternetGateway, cases, { exemptions });
      assert.equal(verdict.notApplicable, undefined);
      assert.match(
        verdict.violations[0].message,
        /Exemption not applied because it expired on 2021-06-30: "Migration window"\.$/,
      );
    });
  });
});
