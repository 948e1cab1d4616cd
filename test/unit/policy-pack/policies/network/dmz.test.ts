import assert from "node:assert/strict";
import type { GraphResource } from "../../../../../policy-pack/lib/graph";
import { StackGraph } from "../../../../../policy-pack/lib/graph";
import { DmzPlacement } from "../../../../../policy-pack/policies/network/dmz";
import { decideExposure } from "../../../../../policy-pack/policies/network/exposure";
import { DEFAULT_VPC, EIP, INSTANCE, VPC } from "../../../../../policy-pack/policies/network/resource-types";
import { urnOf } from "../../harness";

/** A graph node whose inputs in `from` were built from the named nodes. */
function node(type: string, name: string, from: Record<string, string[]> = {}): GraphResource {
  const propertyDependencies = Object.fromEntries(
    Object.entries(from).map(([key, names]) => [key, names.map((n) => urnByName.get(n) ?? n)]),
  );
  const urn = urnOf(type, name);
  urnByName.set(name, urn);
  return {
    urn,
    type,
    name,
    props: {},
    protect: false,
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
  };
}
const urnByName = new Map<string, string>();

describe("network DMZ placement", () => {
  const dmzVpc = node(VPC, "dmz-vpc");
  const coreVpc = node(VPC, "core-vpc");
  const defaultVpc = node(DEFAULT_VPC, "default");
  const subnet = node("aws:ec2/subnet:Subnet", "dmz-subnet", { vpcId: ["dmz-vpc"] });
  const eni = node("aws:ec2/networkInterface:NetworkInterface", "eni", { subnetId: ["dmz-subnet"] });
  const instance = node(INSTANCE, "app", { primaryNetworkInterface: ["eni"] });
  const eip = node(EIP, "eip", { instance: ["app"] });
  const graph = new StackGraph([dmzVpc, coreVpc, defaultVpc, subnet, eni, instance, eip]);

  it("follows placement inputs transitively (Elastic IP -> instance -> interface -> subnet -> VPC)", () => {
    const placement = new DmzPlacement(graph, { authorizedDmzVpcs: ["*::dmz-*"] }).of(eip);
    assert.deepEqual(placement, { inAuthorizedDmz: true, explanation: "VPC 'dmz-vpc' is an authorized DMZ" });
  });

  it("matches any of several patterns, default VPCs included", () => {
    const placements = new DmzPlacement(graph, {
      authorizedDmzVpcs: ["*::core-vpc", "*::aws:ec2/defaultVpc:DefaultVpc::*"],
    });
    assert.equal(placements.of(coreVpc).inAuthorizedDmz, true);
    assert.equal(placements.of(defaultVpc).inAuthorizedDmz, true);
    assert.equal(placements.of(eip).inAuthorizedDmz, false);
  });

  it("names every VPC outside the allow-list", () => {
    const both = node("aws:ec2/securityGroupRule:SecurityGroupRule", "odd", {
      vpcId: ["dmz-vpc", "core-vpc"],
    });
    const placement = new DmzPlacement(new StackGraph([dmzVpc, coreVpc, both]), { authorizedDmzVpcs: [] }).of(
      both,
    );
    assert.equal(
      placement.explanation,
      "VPCs 'dmz-vpc', 'core-vpc' are not an authorized DMZ (authorizedDmzVpcs is empty)",
    );
  });

  it("survives a dependency cycle", () => {
    const a = node(INSTANCE, "a", { networkInterfaceId: ["b"] });
    const b = node("aws:ec2/networkInterface:NetworkInterface", "b", { instance: ["a"] });
    a.propertyDependencies.networkInterfaceId = [b.urn];
    const placement = new DmzPlacement(new StackGraph([a, b]), { authorizedDmzVpcs: ["*"] }).of(a);
    assert.equal(placement.inAuthorizedDmz, false);
  });
});

describe("network exposure decisions", () => {
  const inDmz = { inAuthorizedDmz: true, explanation: "VPC 'dmz' is an authorized DMZ" };
  const outside = { inAuthorizedDmz: false, explanation: "VPC 'core' is not an authorized DMZ" };
  const exposure = { id: "x", message: "X is open." };

  it("passes what a DMZ may have, in a DMZ, even when undecided", () => {
    assert.deepEqual(decideExposure(exposure, inDmz), { kind: "pass" });
    assert.deepEqual(decideExposure({ ...exposure, undecided: "X unknown" }, inDmz), { kind: "pass" });
  });

  it("reports outside a DMZ, and defers there only when undecided", () => {
    assert.deepEqual(decideExposure(exposure, outside), {
      kind: "violation",
      message: "X is open. Not allowed here: VPC 'core' is not an authorized DMZ.",
    });
    assert.deepEqual(decideExposure({ ...exposure, undecided: "X unknown" }, outside), {
      kind: "defer",
      reason: "X unknown",
    });
  });

  it("reports or defers in a DMZ what even a DMZ may not have", () => {
    const forbidden = { ...exposure, inDmz: { allowed: false as const, why: "only port 443" } };
    assert.deepEqual(decideExposure(forbidden, inDmz), {
      kind: "violation",
      message: "X is open. Not allowed here: VPC 'dmz' is an authorized DMZ, but only port 443.",
    });
    assert.deepEqual(
      decideExposure({ ...exposure, inDmz: { allowed: "unknown", why: "ports unknown" } }, inDmz),
      {
        kind: "defer",
        reason: "ports unknown",
      },
    );
  });
});
