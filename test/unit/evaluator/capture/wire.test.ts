import assert from "node:assert/strict";
import { answerInvoke } from "../../../../evaluator/capture/invokes";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../../../../evaluator/capture/types";
import { resourceUrn } from "../../../../evaluator/capture/urn";
import { durationToSeconds, toAnalyzerProperties } from "../../../../evaluator/capture/wire";

const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

describe("toAnalyzerProperties", () => {
  it("drops top-level __ keys and reduces resource references to id or URN, inside secrets too", () => {
    const custom = {
      [SECRET_SIG]: RESOURCE_REFERENCE_SIG,
      urn: "urn:a",
      id: UNKNOWN_STRING,
      packageVersion: "",
    };
    const component = { [SECRET_SIG]: RESOURCE_REFERENCE_SIG, urn: "urn:c", id: "", packageVersion: "" };
    const properties = toAnalyzerProperties({
      __self: "x",
      key: custom,
      nested: { __kept: 1, list: [component] },
      hidden: { [SECRET_SIG]: SECRET_SIG_VALUE, value: custom },
    });
    assert.deepEqual(properties, {
      key: UNKNOWN_STRING,
      nested: { __kept: 1, list: ["urn:c"] },
      hidden: { [SECRET_SIG]: SECRET_SIG_VALUE, value: UNKNOWN_STRING },
    });
  });
});

describe("durationToSeconds", () => {
  it("converts Go duration strings", () => {
    assert.equal(durationToSeconds("10m"), 600);
    assert.equal(durationToSeconds("1h30m"), 5400);
    assert.equal(durationToSeconds("1.5s"), 1.5);
    assert.equal(durationToSeconds("0"), 0);
    assert.equal(durationToSeconds(""), undefined);
  });

  it("rejects what the engine rejects", () => {
    assert.throws(() => durationToSeconds("10 minutes"), /invalid custom timeout "10 minutes"/);
    assert.throws(() => durationToSeconds("5"), /invalid custom timeout/);
  });
});

describe("resourceUrn", () => {
  const id = { project: "p", stack: "s" };

  it("uses the bare type under the root stack and the parent's full qualified type elsewhere", () => {
    const stack = resourceUrn(id, undefined, "pulumi:pulumi:Stack", "p-s");
    const outer = resourceUrn(id, stack, "x:index:Outer", "o");
    const inner = resourceUrn(id, outer, "x:index:Inner", "i");
    assert.equal(outer, "urn:pulumi:s::p::x:index:Outer::o");
    assert.equal(inner, "urn:pulumi:s::p::x:index:Outer$x:index:Inner::i");
    assert.equal(
      resourceUrn(id, inner, "aws:s3/bucket:Bucket", "b"),
      "urn:pulumi:s::p::x:index:Outer$x:index:Inner$aws:s3/bucket:Bucket::b",
    );
  });
});

describe("answerInvoke", () => {
  it("derives regions, partitions and zone ids from the region", () => {
    assert.deepEqual(answerInvoke("aws:index/getPartition:getPartition", {}, "cn-north-1"), {
      id: "aws-cn",
      partition: "aws-cn",
      dnsSuffix: "amazonaws.com.cn",
      reverseDnsPrefix: "cn.com.amazonaws",
    });
    const zones = answerInvoke(
      "aws:index/getAvailabilityZones:getAvailabilityZones",
      { region: "ap-southeast-2" },
      "us-east-1",
    );
    assert.deepEqual(zones?.zoneIds, ["apse2-az1", "apse2-az2", "apse2-az3"]);
    assert.equal(answerInvoke("aws:index/getRegion:getRegion", {}, "eu-west-1")?.name, "eu-west-1");
  });

  it("gives one fake AMI per query", () => {
    const ami = (owner: string) =>
      answerInvoke("aws:ec2/getAmi:getAmi", { owners: [owner] }, "us-east-1")?.id;
    assert.match(String(ami("amazon")), /^ami-[0-9a-f]{17}$/);
    assert.equal(ami("amazon"), ami("amazon"));
    assert.notEqual(ami("amazon"), ami("099720109477"));
  });

  it("returns undefined for invokes it cannot answer", () => {
    assert.equal(answerInvoke("aws:s3/getBucket:getBucket", { bucket: "b" }, "us-east-1"), undefined);
  });
});
