import assert from "node:assert/strict";
import { networkNoInternetRoute } from "../../../../../policy-pack/policies/network/network-no-internet-route";
import {
  DEFAULT_ROUTE_TABLE,
  EGRESS_ONLY_INTERNET_GATEWAY,
  INTERNET_GATEWAY,
  ROUTE,
  ROUTE_TABLE,
  STACK_REFERENCE,
} from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { DMZ_CONFIG, resource, vpc } from "./stack-builder";

const network = (vpcName: string) => [
  vpc(vpcName),
  resource(INTERNET_GATEWAY, `${vpcName}-igw`, {}, { vpcId: [vpcName] }),
  resource(ROUTE_TABLE, `${vpcName}-rt`, {}, { vpcId: [vpcName] }),
];
const routeToIgw = (vpcName: string) =>
  resource(
    ROUTE,
    `${vpcName}-default-route`,
    { destinationCidrBlock: "0.0.0.0/0" },
    {
      routeTableId: [`${vpcName}-rt`],
      gatewayId: [`${vpcName}-igw`],
    },
  );

describe("network-no-internet-route", () => {
  describe("compliant", () => {
    it("passes routes to NAT, transit and VPN targets", async () => {
      const cases = [
        ...network("core-vpc"),
        resource("aws:ec2/vpnGateway:VpnGateway", "vgw", {}, { vpcId: ["core-vpc"] }),
        resource(
          ROUTE,
          "to-onprem",
          { destinationCidrBlock: "172.16.0.0/12" },
          { routeTableId: ["core-vpc-rt"], gatewayId: ["vgw"] },
        ),
        resource(
          ROUTE,
          "to-tgw",
          { destinationCidrBlock: "10.20.0.0/16", transitGatewayId: "tgw-0123" },
          { routeTableId: ["core-vpc-rt"] },
        ),
        resource(
          ROUTE_TABLE,
          "inline-rt",
          { routes: [{ cidrBlock: "10.30.0.0/16", vpcPeeringConnectionId: "pcx-1" }] },
          { vpcId: ["core-vpc"] },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetRoute, cases), { violations: [] });
    });

    it("allows a route to an internet gateway in an authorized DMZ VPC", async () => {
      const verdict = await evaluateStack(
        networkNoInternetRoute,
        [...network("dmz-vpc"), routeToIgw("dmz-vpc")],
        DMZ_CONFIG,
      );
      assert.deepEqual(verdict, { violations: [] });
    });

    it("places a route on the VPC's main route table through the VPC itself", async () => {
      const cases = [
        ...network("dmz-vpc"),
        resource(
          ROUTE,
          "main-route",
          { destinationCidrBlock: "0.0.0.0/0" },
          { routeTableId: ["dmz-vpc"], gatewayId: ["dmz-vpc-igw"] },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetRoute, cases, DMZ_CONFIG), { violations: [] });
    });
    it("reads the provider's planned state, where unset ids are empty strings", async () => {
      const planned = {
        cidrBlock: "",
        ipv6CidrBlock: "",
        gatewayId: "",
        egressOnlyGatewayId: "",
        natGatewayId: "",
      };
      const cases = [
        ...network("core-vpc"),
        resource(
          ROUTE_TABLE,
          "planned-rt",
          { routes: [{ ...planned, cidrBlock: "10.9.0.0/16", transitGatewayId: "tgw-1" }] },
          {
            vpcId: ["core-vpc"],
          },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetRoute, cases), { violations: [] });
    });

    it("places a route on a route table outside the stack through its gateway", async () => {
      const cases = [
        ...network("dmz-vpc"),
        resource(
          ROUTE,
          "shared-table-route",
          { routeTableId: "rtb-0abc", destinationCidrBlock: "0.0.0.0/0" },
          {
            gatewayId: ["dmz-vpc-igw"],
          },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetRoute, cases, DMZ_CONFIG), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports a standalone route whose gatewayId is built from an internet gateway", async () => {
      const verdict = await evaluateStack(networkNoInternetRoute, [
        ...network("core-vpc"),
        routeToIgw("core-vpc"),
      ]);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(ROUTE, "core-vpc-default-route"),
          message:
            "gatewayId is built from 'core-vpc-igw' (aws:ec2/internetGateway:InternetGateway): the route sends traffic to the " +
            "internet. Expected no route to an internet gateway outside an authorized DMZ. Not allowed here: VPC 'core-vpc' " +
            "is not an authorized DMZ (authorizedDmzVpcs is empty).",
        },
      ]);
    });

    it("reports a literal igw- id and a literal egress-only gateway id", async () => {
      const cases = [
        ...network("core-vpc"),
        resource(
          ROUTE,
          "literal",
          { destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" },
          { routeTableId: ["core-vpc-rt"] },
        ),
        resource(
          ROUTE,
          "v6",
          { destinationIpv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-0def" },
          { routeTableId: ["core-vpc-rt"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoInternetRoute, cases);
      assert.match(
        verdict.violations[0].message,
        /^gatewayId is 'igw-0abc', an internet gateway: traffic to 0\.0\.0\.0\/0 goes to and from the internet/,
      );
      assert.match(
        verdict.violations[1].message,
        /^egressOnlyGatewayId is 'eigw-0def', an egress-only internet gateway: IPv6 traffic to ::\/0/,
      );
    });

    it("reports inline routes of a route table, literal or built from a gateway of the stack", async () => {
      const cases = [
        ...network("core-vpc"),
        resource(EGRESS_ONLY_INTERNET_GATEWAY, "eigw", {}, { vpcId: ["core-vpc"] }),
        resource(
          ROUTE_TABLE,
          "public-rt",
          {
            routes: [
              { cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN },
              { ipv6CidrBlock: "::/0", egressOnlyGatewayId: UNKNOWN },
              { cidrBlock: "192.0.2.0/24", gatewayId: "igw-literal" },
            ],
          },
          { vpcId: ["core-vpc"], routes: ["core-vpc-igw", "eigw"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoInternetRoute, cases);
      assert.deepEqual(
        verdict.violations.map((v) => v.message.split(":")[0]),
        [
          "routes[2].gatewayId is 'igw-literal', an internet gateway",
          "routes is built from 'core-vpc-igw' (aws",
          "routes is built from 'eigw' (aws",
        ],
      );
    });

    it("reports the default route table of a VPC", async () => {
      const cases = [
        ...network("core-vpc"),
        resource(
          DEFAULT_ROUTE_TABLE,
          "main-rt",
          {},
          { defaultRouteTableId: ["core-vpc"], routes: ["core-vpc-igw"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoInternetRoute, cases);
      assert.equal(verdict.violations[0].urn, urnOf(DEFAULT_ROUTE_TABLE, "main-rt"));
      assert.match(verdict.violations[0].message, /VPC 'core-vpc' is not an authorized DMZ/);
    });
  });

  describe("unknown during preview", () => {
    it("decides a route table whose routes are unknown as a whole from their dependencies", async () => {
      const cases = [
        ...network("core-vpc"),
        resource(ROUTE_TABLE, "rt", {}, { vpcId: ["core-vpc"], routes: ["core-vpc-igw"] }),
      ];
      const verdict = await evaluateStack(networkNoInternetRoute, cases);
      assert.equal(verdict.violations.length, 1);
    });

    it("reads an unknown without dependencies as unset (the provider's computed value)", async () => {
      const cases = [
        ...network("core-vpc"),
        resource(ROUTE_TABLE, "rt", { routes: UNKNOWN }, { vpcId: ["core-vpc"] }),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetRoute, cases), { violations: [] });
    });

    it("defers a target that comes from another stack, and allows it in a DMZ", async () => {
      const ref = resource(STACK_REFERENCE, "network-stack", { name: "org/network/prod" });
      const route = (vpcName: string) =>
        resource(
          ROUTE,
          `${vpcName}-shared`,
          { destinationCidrBlock: "0.0.0.0/0" },
          {
            routeTableId: [`${vpcName}-rt`],
            gatewayId: ["network-stack"],
          },
        );
      const outside = await evaluateStack(networkNoInternetRoute, [
        ref,
        ...network("core-vpc"),
        route("core-vpc"),
      ]);
      assert.deepEqual(outside.violations, []);
      assert.match(
        outside.notApplicable ?? "",
        /^deferred urn:.*::core-vpc-shared: gatewayId is unknown during preview and comes from 'network-stack' \(pulumi:pulumi:StackReference\), which may hold an internet gateway id$/,
      );
      const inDmz = await evaluateStack(
        networkNoInternetRoute,
        [ref, ...network("dmz-vpc"), route("dmz-vpc")],
        DMZ_CONFIG,
      );
      assert.deepEqual(inDmz, { violations: [] });
    });
  });

  describe("malformed input", () => {
    it("reports routes that are not a list of routes", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(ROUTE_TABLE, "bad-list", { routes: "0.0.0.0/0" }, { vpcId: ["core-vpc"] }),
        resource(ROUTE_TABLE, "bad-entry", { routes: ["igw-1"] }, { vpcId: ["core-vpc"] }),
      ];
      const verdict = await evaluateStack(networkNoInternetRoute, cases);
      assert.match(verdict.violations[0].message, /^routes must be a list of routes, got "0\.0\.0\.0\/0"/);
      assert.match(verdict.violations[1].message, /^routes\[0\] must be a route, got "igw-1"/);
    });

    it("ignores a gatewayId of the wrong type", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(ROUTE, "odd", { gatewayId: 7 }, { routeTableId: ["core-vpc"] }),
      ];
      assert.deepEqual(await evaluateStack(networkNoInternetRoute, cases), { violations: [] });
    });
  });

  describe("exemptions", () => {
    it("exempts one gateway's finding by id and keeps the others", async () => {
      const cases = [
        ...network("core-vpc"),
        resource(
          ROUTE_TABLE,
          "public-rt",
          {
            routes: [
              { cidrBlock: "198.51.100.0/24", gatewayId: "igw-partner" },
              { cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN },
            ],
          },
          { vpcId: ["core-vpc"], routes: ["core-vpc-igw"] },
        ),
      ];
      const exemptions = [
        {
          urnPattern: "*::public-rt",
          findings: ["gateway:igw-partner"],
          reason: "Partner range via shared IGW",
          expires: "2999-01-01",
        },
      ];
      const verdict = await evaluateStack(networkNoInternetRoute, cases, { exemptions });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0].message, /^routes is built from 'core-vpc-igw'/);
      assert.match(
        verdict.notApplicable ?? "",
        /^exempted urn:.*::public-rt: Partner range via shared IGW \(expires 2999-01-01\)/,
      );
    });
  });
});
