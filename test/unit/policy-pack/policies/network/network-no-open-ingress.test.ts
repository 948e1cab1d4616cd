import assert from "node:assert/strict";
import {
  isWholeInternet,
  networkNoOpenIngress,
} from "../../../../../policy-pack/policies/network/network-no-open-ingress";
import {
  DEFAULT_SECURITY_GROUP,
  SECURITY_GROUP,
  SECURITY_GROUP_INGRESS_RULE,
  SECURITY_GROUP_RULE,
} from "../../../../../policy-pack/policies/network/resource-types";
import { UNKNOWN, evaluateStack, urnOf } from "../../harness";
import { DMZ_CONFIG, resource, vpc } from "./stack-builder";

const tcp = (port: number, extra: Record<string, unknown>) => ({
  protocol: "tcp",
  fromPort: port,
  toPort: port,
  ...extra,
});
const group = (name: string, vpcName: string, ingress: unknown[]) =>
  resource(SECURITY_GROUP, name, { ingress }, { vpcId: [vpcName] });
const ingressRule = (name: string, groupName: string, props: Record<string, unknown>) =>
  resource(SECURITY_GROUP_INGRESS_RULE, name, props, { securityGroupId: [groupName] });

describe("network-no-open-ingress", () => {
  describe("compliant", () => {
    it("passes ingress from private ranges, security groups and prefix lists, and open egress", async () => {
      const cases = [
        vpc("core-vpc"),
        group("app-sg", "core-vpc", [
          tcp(443, { cidrBlocks: ["10.0.0.0/16"] }),
          tcp(8080, { securityGroups: ["sg-1"] }),
        ]),
        ingressRule("from-pl", "app-sg", {
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          prefixListId: "pl-123",
        }),
        resource(
          SECURITY_GROUP_RULE,
          "egress-all",
          { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
          {
            securityGroupId: ["app-sg"],
          },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoOpenIngress, cases), { violations: [] });
    });

    it("allows the configured ports from the internet in an authorized DMZ VPC", async () => {
      const cases = [
        vpc("dmz-vpc"),
        group("web-sg", "dmz-vpc", [tcp(443, { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] })]),
        ingressRule("quic", "web-sg", {
          ipProtocol: "udp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "0.0.0.0/0",
        }),
      ];
      assert.deepEqual(await evaluateStack(networkNoOpenIngress, cases, DMZ_CONFIG), { violations: [] });
    });

    it("decides unknown CIDRs built from VPCs or subnets: never the whole internet", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(
          SECURITY_GROUP,
          "sg",
          { ingress: [tcp(5432, { cidrBlocks: [UNKNOWN] })] },
          { vpcId: ["core-vpc"], ingress: ["core-vpc"] },
        ),
        resource(
          SECURITY_GROUP_RULE,
          "r",
          { type: "ingress", ...tcp(22, {}) },
          { securityGroupId: ["sg"], cidrBlocks: ["core-vpc"] },
        ),
      ];
      assert.deepEqual(await evaluateStack(networkNoOpenIngress, cases), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports inline ingress from 0.0.0.0/0 and ::/0, one finding per CIDR", async () => {
      const cases = [
        vpc("core-vpc"),
        group("web-sg", "core-vpc", [
          tcp(22, { cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }),
        ]),
      ];
      const verdict = await evaluateStack(networkNoOpenIngress, cases);
      assert.deepEqual(verdict.violations, [
        {
          urn: urnOf(SECURITY_GROUP, "web-sg"),
          message:
            "ingress[0].cidrBlocks allows 0.0.0.0/0 (the whole internet) on TCP port 22. Expected ingress only from known " +
            "address ranges, security groups or prefix lists. Not allowed here: VPC 'core-vpc' is not an authorized DMZ " +
            "(authorizedDmzVpcs is empty).",
        },
        {
          urn: urnOf(SECURITY_GROUP, "web-sg"),
          message:
            "ingress[0].ipv6CidrBlocks allows ::/0 (the whole internet) on TCP port 22. Expected ingress only from known " +
            "address ranges, security groups or prefix lists. Not allowed here: VPC 'core-vpc' is not an authorized DMZ " +
            "(authorizedDmzVpcs is empty).",
        },
      ]);
    });

    it("reports standalone rules of both kinds and the default security group", async () => {
      const cases = [
        vpc("core-vpc"),
        group("sg", "core-vpc", []),
        resource(
          SECURITY_GROUP_RULE,
          "rdp",
          { type: "ingress", ...tcp(3389, { cidrBlocks: ["0.0.0.0/0"] }) },
          { securityGroupId: ["sg"] },
        ),
        ingressRule("any", "sg", { ipProtocol: "-1", cidrIpv6: "::/0" }),
        resource(
          DEFAULT_SECURITY_GROUP,
          "default-sg",
          { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
          {
            vpcId: ["core-vpc"],
          },
        ),
      ];
      const verdict = await evaluateStack(networkNoOpenIngress, cases);
      assert.deepEqual(
        verdict.violations.map((v) => v.message.split(". Expected")[0]),
        [
          "ingress[0].cidrBlocks allows 0.0.0.0/0 (the whole internet) on all traffic",
          "cidrBlocks allows 0.0.0.0/0 (the whole internet) on TCP port 3389",
          "cidrIpv6 allows ::/0 (the whole internet) on all traffic",
        ],
      );
    });

    it("reports ports outside dmzIngressPorts even in an authorized DMZ", async () => {
      const cases = [
        vpc("dmz-vpc"),
        group("web-sg", "dmz-vpc", [
          { protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
          { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] },
        ]),
      ];
      const verdict = await evaluateStack(networkNoOpenIngress, cases, DMZ_CONFIG);
      assert.deepEqual(
        verdict.violations.map((v) => v.message.split("Not allowed here: ")[1]),
        [
          "VPC 'dmz-vpc' is an authorized DMZ, but only TCP/UDP ports 443 may be open to the internet there, not TCP ports 80-443.",
          "VPC 'dmz-vpc' is an authorized DMZ, but only TCP/UDP ports 443 may be open to the internet there, not protocol icmp.",
        ],
      );
    });

    it("uses the configured dmzIngressPorts", async () => {
      const cases = [
        vpc("dmz-vpc"),
        group("web-sg", "dmz-vpc", [{ protocol: "6", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }]),
      ];
      const allowed = await evaluateStack(networkNoOpenIngress, cases, {
        ...DMZ_CONFIG,
        dmzIngressPorts: [80, 443],
      });
      assert.deepEqual(allowed, { violations: [] });
      const none = await evaluateStack(networkNoOpenIngress, cases, { ...DMZ_CONFIG, dmzIngressPorts: [] });
      assert.match(
        none.violations[0].message,
        /only TCP\/UDP ports \(none\) may be open to the internet there, not TCP port 80\.$/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("defers an inline ingress list unknown as a whole", async () => {
      const cases = [
        vpc("core-vpc"),
        group("alb-sg", "core-vpc", []),
        resource(SECURITY_GROUP, "app-sg", {}, { vpcId: ["core-vpc"], ingress: ["alb-sg"] }),
      ];
      const verdict = await evaluateStack(networkNoOpenIngress, cases);
      assert.deepEqual(verdict.violations, []);
      assert.match(
        verdict.notApplicable ?? "",
        /^deferred .*::app-sg: ingress is unknown during preview as a whole \(built from 'alb-sg'/,
      );
    });

    it("reads an unknown ingress without dependencies as unset (the provider's computed rules)", async () => {
      const cases = [vpc("core-vpc"), group("sg", "core-vpc", [])];
      cases[1].props = { ...cases[1].props, ingress: UNKNOWN };
      assert.deepEqual(await evaluateStack(networkNoOpenIngress, cases), { violations: [] });
    });

    it("defers a CIDR built from another stack's outputs, and a rule whose type is unknown", async () => {
      const cases = [
        vpc("core-vpc"),
        group("sg", "core-vpc", []),
        resource("pulumi:pulumi:StackReference", "shared"),
        ingressRule("from-shared", "sg", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN }),
        resource(
          SECURITY_GROUP_RULE,
          "typed-later",
          { ...tcp(22, { cidrBlocks: ["0.0.0.0/0"] }) },
          { securityGroupId: ["sg"], type: ["shared"] },
        ),
      ];
      cases[3].propertyDependencies = { ...cases[3].propertyDependencies, cidrIpv4: ["shared"] };
      const verdict = await evaluateStack(networkNoOpenIngress, cases);
      assert.deepEqual(verdict.violations, []);
      const deferred = (verdict.notApplicable ?? "").split("\n");
      assert.match(
        deferred[0],
        /::typed-later: type is unknown during preview, so this may be an ingress rule$/,
      );
      assert.match(
        deferred[1],
        /::from-shared: cidrIpv4 is unknown during preview \(built from 'shared' .*\) and may be the whole internet$/,
      );
    });

    it("defers open ingress in a DMZ whose ports are unknown, and reports it outside", async () => {
      const rule = (vpcName: string) => [
        vpc(vpcName),
        group("sg", vpcName, []),
        resource(
          SECURITY_GROUP_INGRESS_RULE,
          "r",
          { ipProtocol: "tcp", fromPort: UNKNOWN, toPort: UNKNOWN, cidrIpv4: "0.0.0.0/0" },
          {
            securityGroupId: ["sg"],
            fromPort: ["sg"],
            toPort: ["sg"],
          },
        ),
      ];
      const inDmz = await evaluateStack(networkNoOpenIngress, rule("dmz-vpc"), DMZ_CONFIG);
      assert.deepEqual(inDmz.violations, []);
      assert.match(inDmz.notApplicable ?? "", /this rule's protocol or ports are unknown during preview$/);
      const outside = await evaluateStack(networkNoOpenIngress, rule("core-vpc"), DMZ_CONFIG);
      assert.match(
        outside.violations[0].message,
        /^cidrIpv4 allows 0\.0\.0\.0\/0 \(the whole internet\) on traffic whose protocol or ports are unknown/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports malformed ingress lists, entries and CIDR lists", async () => {
      const cases = [
        vpc("core-vpc"),
        resource(SECURITY_GROUP, "a", { ingress: "0.0.0.0/0" }, { vpcId: ["core-vpc"] }),
        resource(
          SECURITY_GROUP,
          "b",
          { ingress: [42, tcp(22, { cidrBlocks: { all: true } })] },
          { vpcId: ["core-vpc"] },
        ),
      ];
      const verdict = await evaluateStack(networkNoOpenIngress, cases);
      assert.deepEqual(
        verdict.violations.map((v) => v.message.split(". Expected")[0]),
        [
          'ingress must be a list of rules, got "0.0.0.0/0"',
          "ingress[0] must be a rule, got 42",
          'ingress[1].cidrBlocks must be a list of CIDR blocks, got {"all":true}',
        ],
      );
    });

    it("fails closed on malformed dmzIngressPorts", async () => {
      const verdict = await evaluateStack(networkNoOpenIngress, [vpc("core-vpc")], {
        dmzIngressPorts: ["443"],
      });
      assert.match(
        verdict.violations[0].message,
        /^invalid configuration for policy 'network-no-open-ingress': 'dmzIngressPorts' must be an array of port numbers/,
      );
    });

    it("recognises whole-internet CIDRs by their /0 prefix length", () => {
      assert.deepEqual(
        ["0.0.0.0/0", " ::/0 ", "0::/0", "0.0.0.0/1", "10.0.0.0/8", "::/128"].map(isWholeInternet),
        [true, true, true, false, false, false],
      );
    });
  });

  describe("exemptions", () => {
    it("exempts one rule of a group by its finding id", async () => {
      const cases = [
        vpc("core-vpc"),
        group("web-sg", "core-vpc", [
          tcp(80, { cidrBlocks: ["0.0.0.0/0"] }),
          tcp(22, { cidrBlocks: ["0.0.0.0/0"] }),
        ]),
      ];
      const exemptions = [
        {
          urn: urnOf(SECURITY_GROUP, "web-sg"),
          findings: ["tcp:80-80:0.0.0.0/0"],
          reason: "HTTP redirect to HTTPS",
          expires: "2999-01-01",
        },
      ];
      const verdict = await evaluateStack(networkNoOpenIngress, cases, { exemptions });
      assert.equal(verdict.violations.length, 1);
      assert.match(verdict.violations[0].message, /TCP port 22/);
      assert.match(
        verdict.notApplicable ?? "",
        /HTTP redirect to HTTPS .*suppressed: ingress\[0\]\.cidrBlocks allows 0\.0\.0\.0\/0/,
      );
    });
  });
});
