import assert from "node:assert/strict";
import { networkAwsxVpcPrivate } from "../../../../../policy-pack/policies/components/network-awsx-vpc-private";
import { AWSX_VPC } from "../../../../../policy-pack/policies/components/resource-types";
import { INTERNET_GATEWAY, VPC } from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf, type StackResourceCase } from "../../harness";
import { resource } from "../network/stack-builder";

/** An awsx:ec2:Vpc as registered offline: the component with the inputs the program gave it. */
const awsxVpc = (name: string, props: Record<string, unknown> = {}, from: Record<string, string[]> = {}) =>
  resource(AWSX_VPC, name, props, from);

const PRIVATE = {
  subnetStrategy: "Auto",
  subnetSpecs: [{ type: "Private" }, { type: "Isolated" }],
  natGateways: { strategy: "None" },
};

const findingsOf = async (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  (await evaluateStack(networkAwsxVpcPrivate, cases, config)).violations.map((v) => v.message);

describe("network-awsx-vpc-private", () => {
  describe("compliant", () => {
    it("allows awsx's defaults in an authorized DMZ, matched on the VPC awsx creates", async () => {
      const config = { authorizedDmzVpcs: ["*awsx:ec2:Vpc$aws:ec2/vpc:Vpc::dmz-*"] };
      assert.deepEqual(await evaluateStack(networkAwsxVpcPrivate, [awsxVpc("dmz-vpc")], config), {
        violations: [],
      });
    });

    it("allows it when the allow-list names the component itself", async () => {
      const config = { authorizedDmzVpcs: [urnOf(AWSX_VPC, "edge")] };
      assert.deepEqual(await evaluateStack(networkAwsxVpcPrivate, [awsxVpc("edge")], config), {
        violations: [],
      });
    });

    it("stays silent once the plugin's children are in the stack (the Pulumi CLI): the network policies judge them", async () => {
      const child = {
        ...resource(VPC, "core-vpc-child", { cidrBlock: "10.0.0.0/16" }),
        urn: "urn:pulumi:test::finguard-test::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::core-vpc",
        parent: "core-vpc",
      };
      const igw = { ...resource(INTERNET_GATEWAY, "core-vpc-igw"), parent: "core-vpc-child" };
      assert.deepEqual(await evaluateStack(networkAwsxVpcPrivate, [awsxVpc("core-vpc"), child, igw]), {
        violations: [],
      });
    });
  });

  describe("violating", () => {
    it("reports what awsx's defaults create: an internet gateway, public subnets and a NAT gateway per zone", async () => {
      const messages = await findingsOf([awsxVpc("core-vpc")]);
      assert.equal(messages.length, 3);
      assert.match(
        messages[0],
        /awsx creates an internet gateway for every Vpc, even one without public subnets \(network-no-internet-gateway reports it under the Pulumi CLI\)/,
      );
      assert.match(
        messages[1],
        /subnetSpecs is not set: awsx's default layout has a Private and a Public subnet in every zone: public subnets hand out public IPv4 addresses/,
      );
      assert.match(
        messages[2],
        /natGateways\.strategy is not set \(awsx uses "OnePerAz"\): awsx creates 3 public NAT gateways \(one per availability zone\) with Elastic IPs/,
      );
      for (const message of messages)
        assert.match(
          message,
          /Not allowed here: awsx Vpc 'core-vpc' is not an authorized DMZ \(authorizedDmzVpcs is empty\)\.$/,
        );
    });

    it("leaves a Vpc with private and isolated subnets and no NAT gateway only the internet gateway", async () => {
      const messages = await findingsOf([awsxVpc("cde-vpc", PRIVATE)]);
      assert.equal(messages.length, 1);
      assert.match(messages[0], /awsx creates an internet gateway for every Vpc/);
    });

    it("counts NAT gateways from the strategy and the zones", async () => {
      const single = await findingsOf([
        awsxVpc("a", {
          subnetSpecs: [{ type: "Public" }, { type: "Private" }],
          natGateways: { strategy: "Single" },
        }),
      ]);
      assert.match(single[2], /natGateways\.strategy is "Single": awsx creates 1 public NAT gateway with/);
      const two = await findingsOf([awsxVpc("b", { numberOfAvailabilityZones: 2 })]);
      assert.match(two[2], /awsx creates 2 public NAT gateways \(one per availability zone\)/);
    });

    it('finds the public subnets "AutoMerge" adds even when only private specs are given', async () => {
      const messages = await findingsOf([
        awsxVpc("merged", {
          subnetStrategy: "AutoMerge",
          subnetSpecs: [{ type: "Private" }],
          natGateways: { strategy: "None" },
        }),
      ]);
      assert.equal(messages.length, 2);
      assert.match(
        messages[1],
        /subnetStrategy "AutoMerge" adds awsx's default Public subnet spec to the ones given/,
      );
    });

    it("reports a Public spec by its index, and IPv6 addresses assigned on creation", async () => {
      const messages = await findingsOf([
        awsxVpc("v6", {
          assignGeneratedIpv6CidrBlock: true,
          subnetSpecs: [{ type: "Isolated" }, { type: "public" }],
          natGateways: { strategy: "None" },
        }),
      ]);
      assert.equal(messages.length, 3);
      assert.match(messages[1], /subnetSpecs\[1\] has type Public/);
      assert.match(
        messages[2],
        /assignGeneratedIpv6CidrBlock is true and subnetSpecs\[0\] does not set assignIpv6AddressOnCreation: false/,
      );
    });

    it("reports a NAT strategy awsx rejects without public subnets, even in an authorized DMZ", async () => {
      const config = { authorizedDmzVpcs: ["*::dmz-*"] };
      const messages = await findingsOf([awsxVpc("dmz-vpc", { subnetSpecs: [{ type: "Private" }] })], config);
      assert.equal(messages.length, 1);
      assert.match(
        messages[0],
        /natGateways\.strategy is not set \(awsx uses "OnePerAz"\) but there is no public subnet to host a NAT gateway: awsx rejects this Vpc during preview/,
      );
    });

    it("names the configured patterns a Vpc does not match", async () => {
      const messages = await findingsOf([awsxVpc("core-vpc", PRIVATE)], { authorizedDmzVpcs: ["*::dmz-*"] });
      assert.match(
        messages[0],
        /is not an authorized DMZ \(matches none of authorizedDmzVpcs: "\*::dmz-\*"\)\.$/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("defers the subnet and NAT findings when subnetSpecs is built from another resource's output", async () => {
      const cases = [
        resource("pulumi:pulumi:StackReference", "shared"),
        awsxVpc(
          "core-vpc",
          { subnetSpecs: UNKNOWN, natGateways: { strategy: "None" } },
          { subnetSpecs: ["shared"] },
        ),
      ];
      const verdict = await evaluateStack(networkAwsxVpcPrivate, cases);
      assert.equal(verdict.violations.length, 1);
      assert.match(
        verdict.notApplicable ?? "",
        /^deferred urn:.*::core-vpc: subnetSpecs is unknown during preview \(built from 'shared'/,
      );
    });

    it("defers a NAT strategy that is unknown", async () => {
      const verdict = await evaluateStack(networkAwsxVpcPrivate, [
        awsxVpc("core-vpc", { ...PRIVATE, natGateways: { strategy: UNKNOWN } }),
      ]);
      assert.match(
        verdict.notApplicable ?? "",
        /deferred .*::core-vpc: natGateways\.strategy is unknown during preview/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports subnetSpecs that is not a list, a spec type awsx does not know and a bad NAT strategy", async () => {
      assert.match(
        (await findingsOf([awsxVpc("a", { subnetSpecs: "Private", natGateways: { strategy: "None" } })]))[1],
        /subnetSpecs must be a list of subnet specs, got "Private"\./,
      );
      assert.match(
        (
          await findingsOf([
            awsxVpc("b", { subnetSpecs: [{ type: "Dmz" }], natGateways: { strategy: "None" } }),
          ])
        )[1],
        /subnetSpecs\[0\]\.type must be Public, Private, Isolated or Unused, got "Dmz"\./,
      );
      assert.match(
        (await findingsOf([awsxVpc("c", { ...PRIVATE, natGateways: "none" })]))[1],
        /natGateways must be an object such as \{ strategy: "None" \}, got "none"\./,
      );
      assert.match(
        (await findingsOf([awsxVpc("d", { ...PRIVATE, natGateways: { strategy: "Two" } })]))[1],
        /natGateways\.strategy must be OnePerAz, Single or None, got "Two"\./,
      );
    });
  });

  describe("exemptions", () => {
    it("exempts only the internet gateway finding of one Vpc, and still reports the rest", async () => {
      const exemptions = [
        {
          urn: urnOf(AWSX_VPC, "cde-vpc"),
          findings: ["internetGateway"],
          reason: "awsx always creates it; no route targets it",
          expires: "2999-01-01",
        },
      ];
      const verdict = await evaluateStack(
        networkAwsxVpcPrivate,
        [awsxVpc("cde-vpc", PRIVATE), awsxVpc("core-vpc")],
        { exemptions },
      );
      assert.deepEqual(
        verdict.violations.map((v) => v.urn),
        [urnOf(AWSX_VPC, "core-vpc"), urnOf(AWSX_VPC, "core-vpc"), urnOf(AWSX_VPC, "core-vpc")],
      );
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted .*::cde-vpc: awsx always creates it; no route targets it/,
      );
    });
  });

  describe("how many NAT gateways and which IPv6 addresses awsx would create", () => {
    const withPublic = (props: Record<string, unknown>) =>
      awsxVpc("core-vpc", {
        subnetSpecs: [{ type: "Public" }, { type: "Private" }],
        natGateways: { strategy: "OnePerAz" },
        ...props,
      });
    const natMessage = async (props: Record<string, unknown>) =>
      (await findingsOf([withPublic(props)])).find((m) => m.startsWith("natGateways.strategy"));

    it("counts one NAT gateway per zone from numberOfAvailabilityZones or availabilityZoneNames", async () => {
      assert.match(
        (await natMessage({ numberOfAvailabilityZones: 2 })) ?? "",
        /awsx creates 2 public NAT gateways \(one per availability zone\)/,
      );
      assert.match(
        (await natMessage({ availabilityZoneNames: ["eu-west-2a"] })) ?? "",
        /awsx creates 1 public NAT gateway \(one per availability zone\)/,
      );
    });

    it("says 'a NAT gateway per zone' when the zone count is unknown during preview", async () => {
      assert.match(
        (await natMessage({ numberOfAvailabilityZones: UNKNOWN })) ?? "",
        /awsx creates a public NAT gateway per availability zone/,
      );
    });

    it("reports globally routable IPv6 addresses when assignGeneratedIpv6CidrBlock is true", async () => {
      const messages = await findingsOf([awsxVpc("core-vpc", { assignGeneratedIpv6CidrBlock: true })]);
      assert.ok(
        messages.some((m) =>
          m.startsWith("assignGeneratedIpv6CidrBlock is true and no subnet spec turns it off"),
        ),
        messages.join("\n"),
      );
    });
  });
});
