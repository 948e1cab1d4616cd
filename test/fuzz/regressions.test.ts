/**
 * Every input the fuzz tests shrank to a failure, replayed through the analyzer server, so a fixed
 * bug stays fixed (and an open one is visible by name). Each case names the fuzz run that found it.
 */
import assert from "node:assert/strict";
import { ALL_POLICIES, toPulumiPolicy } from "../../policy-pack/library";
import { resourceProblems, stackProblems } from "./support/invariants";
import { analyzeRequest, analyzeStackRequest, call, makeHandlers, type WireResource } from "./support/rpc";
import { setStackIdentity } from "./support/settings";

setStackIdentity();

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const urn = (type: string, name: string) => `urn:pulumi:test::finguard-fuzz::${type}::${name}`;

function policy(name: string) {
  const definition = ALL_POLICIES.find((p) => p.name === name);
  assert.ok(definition, `no policy ${name}`);
  return definition;
}

async function stackProblemsOf(name: string, resources: WireResource[]): Promise<string[]> {
  const definition = policy(name);
  const outcome = await call(
    makeHandlers([toPulumiPolicy(definition)]).analyzeStack,
    analyzeStackRequest(resources),
  );
  return stackProblems([definition], resources, outcome);
}

async function resourceProblemsOf(name: string, resource: WireResource): Promise<string[]> {
  const outcome = await call(makeHandlers([toPulumiPolicy(policy(name))]).analyze, analyzeRequest(resource));
  return resourceProblems(resource, outcome);
}

const securityGroup = (ingress: unknown): WireResource => ({
  type: "aws:ec2/securityGroup:SecurityGroup",
  name: "web-sg-test",
  urn: urn("aws:ec2/securityGroup:SecurityGroup", "web-sg-test"),
  props: { vpcId: UNKNOWN, ingress },
});

describe("fuzz regressions", () => {
  // Found by `FUZZ_SEED=434548476 FUZZ_RUNS=500 npm run fuzz`: String(protocol) throws
  // "Cannot convert object to primitive value" when the protocol is an object whose toString is
  // not a function, so the policy failed closed instead of judging the rule.
  // Fixed: a protocol that is neither text nor a number is judged as all traffic.
  for (const protocol of [{ toString: 0 }, [{ toString: 0 }], { valueOf: 0, toString: null }]) {
    it(`network-no-open-ingress judges an ingress rule whose protocol is ${JSON.stringify(protocol)}`, async () => {
      const open = securityGroup([{ protocol, fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]);
      assert.deepEqual(await stackProblemsOf("network-no-open-ingress", [open]), []);
    });
  }

  // Same cause, standalone rule path.
  it("network-no-open-ingress judges a standalone rule whose ipProtocol is an object", async () => {
    const rule: WireResource = {
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      name: "ssh-test",
      urn: urn("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ssh-test"),
      props: {
        securityGroupId: UNKNOWN,
        ipProtocol: { toString: 0 },
        fromPort: 22,
        toPort: 22,
        cidrIpv4: "0.0.0.0/0",
      },
    };
    assert.deepEqual(await stackProblemsOf("network-no-open-ingress", [rule]), []);
  });

  // Found reviewing the approved outputs (test/unit/policy-pack/approvals): a provider's
  // defaultTags unknown during preview (an output inside) are read as no tags at all, so every
  // resource relying on them gets "Missing required tags ... (present: none)" instead of a
  // deferral. Pinned end to end in test/fixtures/adversarial/provider-default-tags-only.
  // Fixed: unknown defaultTags leave missing tags undecided (policies/tags/tag-sources.ts).
  it("tags-required defers when the provider's defaultTags are unknown during preview", async () => {
    const queue: WireResource = {
      type: "aws:sqs/queue:Queue",
      name: "orders-test",
      urn: urn("aws:sqs/queue:Queue", "orders-test"),
      props: { name: "orders-test" },
      provider: {
        type: "pulumi:providers:aws",
        name: "computed",
        urn: urn("pulumi:providers:aws", "computed"),
        props: { region: "us-east-1", defaultTags: UNKNOWN },
      },
    };
    const outcome = await call(
      makeHandlers([toPulumiPolicy(policy("tags-required"))]).analyze,
      analyzeRequest(queue),
    );
    // The SDK's advisory deferral, not a violation.
    assert.deepEqual(
      outcome.diagnostics.map((d) => d.message.startsWith("can't run policy 'tags-required'")),
      [true],
    );
  });

  // Kept as a canary for the whole resource path: the SDK's own deserialiser and proxy in front.
  it("a resource policy survives a resource whose every value is a poison object", async () => {
    const resource: WireResource = {
      type: "aws:s3/bucket:Bucket",
      name: "poison-test",
      urn: urn("aws:s3/bucket:Bucket", "poison-test"),
      props: { bucket: { toString: 0 }, tags: { Environment: { toString: 0 } }, policy: { toString: 0 } },
    };
    for (const definition of ALL_POLICIES.filter((p) => p.kind === "resource")) {
      assert.deepEqual(await resourceProblemsOf(definition.name, resource), [], definition.name);
    }
  });
});
