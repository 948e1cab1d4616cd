import assert from "node:assert/strict";
import { PolicyConfigError } from "../../../../../policy-pack/lib/config";
import {
  NameMatcher,
  parseConvention,
  tokenConvention,
  typeShortNames,
} from "../../../../../policy-pack/policies/naming/name-pattern";

const QUEUE = "aws:sqs/queue:Queue";
const matcher = (pattern: string, suffix: string, type = QUEUE, caseSensitive = false) =>
  new NameMatcher(parseConvention(pattern, caseSensitive, new Map()), suffix, type);

describe("naming conventions", () => {
  it("suffix-token: the suffix as a whole token anywhere", () => {
    const m = matcher("suffix-token", "test");
    for (const name of ["test", "a-test", "test-a", "a_test_b", "a.test", "/a/test/b", "A-TEST"])
      assert.ok(m.matches(name), name);
    for (const name of ["tests", "a-testb", "atest", "a-te-st", "a test"]) assert.ok(!m.matches(name), name);
  });

  it("ends-with-suffix: the suffix as the last token", () => {
    const m = matcher("ends-with-suffix", "test");
    assert.ok(m.matches("orders-test"));
    assert.ok(!m.matches("test-orders"));
  });

  it("matches any separator where the suffix has one, and no separator where it has none", () => {
    const m = matcher("suffix-token", "eu-west.1");
    for (const name of ["a-eu_west-1", "a_eu.west_1", "a-eu-west-1"]) assert.ok(m.matches(name), name);
    assert.ok(!m.matches("a-euwest1"));
  });

  it("escapes the suffix and keeps replacement patterns literal", () => {
    assert.ok(!matcher("suffix-token", "t+").matches("a-ttt"));
    assert.ok(matcher("^{suffix}$", "a$&b").matches("a$&b"));
  });

  it("compares case only when asked", () => {
    assert.ok(!matcher("suffix-token", "Test", QUEUE, true).matches("a-test"));
    assert.ok(matcher("suffix-token", "Test", QUEUE, true).matches("a-Test"));
  });

  it("derives a type's short names from its class name", () => {
    assert.deepEqual(typeShortNames("aws:ec2/securityGroup:SecurityGroup", "sg"), [
      "securitygroup",
      "security-group",
      "security_group",
      "SecurityGroup",
      "sg",
    ]);
    assert.deepEqual(typeShortNames(QUEUE), ["queue", "Queue"]);
  });

  it("turns any convention into the suffix-token rule for prefixes", () => {
    const convention = tokenConvention(parseConvention("ends-with-suffix", false, new Map()));
    assert.ok(new NameMatcher(convention, "test", QUEUE).matches("test-orders"));
  });

  it("rejects custom patterns without {suffix} or that do not compile", () => {
    assert.throws(() => parseConvention("^[a-z-]+$", false, new Map()), PolicyConfigError);
    assert.throws(() => parseConvention("toString", false, new Map()), PolicyConfigError);
    assert.throws(
      () => parseConvention("[{suffix}", false, new Map()),
      /'pattern' is not a valid regular expression/,
    );
  });
});
