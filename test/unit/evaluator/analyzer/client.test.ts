import assert from "node:assert/strict";
import { callErrorText, loadProtocol, toWireObject } from "../../../../evaluator/analyzer/client";
import { SECRET_SIG, SECRET_SIG_VALUE, UNKNOWN_STRING } from "../../../../evaluator/capture/types";
import { packDir } from "./support";

describe("analyzer/client wire conversion", () => {
  const secret = { [SECRET_SIG]: SECRET_SIG_VALUE, value: { password: "p" } };
  const properties = {
    name: UNKNOWN_STRING,
    secret,
    __defaults: ["name"],
    nested: { __internal: 1, kept: [1, undefined, { __x: 2, y: 3 }] },
    missing: undefined,
  };

  it("drops __ keys at every depth and undefined values, keeping sentinels and secret wrappers", () => {
    assert.deepEqual(toWireObject(properties, true), {
      name: UNKNOWN_STRING,
      secret,
      nested: { kept: [1, null, { y: 3 }] },
    });
  });

  it("keeps __ keys when asked (Remediate), still dropping undefined", () => {
    assert.deepEqual(toWireObject(properties, false), {
      name: UNKNOWN_STRING,
      secret,
      __defaults: ["name"],
      nested: { __internal: 1, kept: [1, null, { __x: 2, y: 3 }] },
    });
  });

  it("round-trips through the pack's own google.protobuf.Struct", () => {
    const { struct } = loadProtocol(packDir("basic"));
    const wire = toWireObject(properties, true);
    assert.deepEqual(struct.Struct.fromJavaScript(wire as never).toJavaScript(), wire);
  });

  it("prefers a gRPC error's details over its message", () => {
    assert.equal(callErrorText(Object.assign(new Error("2 UNKNOWN: x"), { details: "x" })), "x");
    assert.equal(callErrorText(new Error("plain")), "plain");
  });
});
