/**
 * The resource monitor the SDK talks to instead of the engine. It hands every raw request to the
 * recorder and answers like the engine does in a preview: engine URNs, no id, state = inputs.
 *
 * Built on the MockMonitor of the program's own SDK copy (sdk.ts), so the responses are objects of
 * the protobuf classes that copy expects.
 */
import type { Mocks } from "@pulumi/pulumi/runtime/mocks";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type { CaptureRecorder } from "./recorder";
import type { ProgramSdk } from "./sdk";

type Callback = (err: unknown, response?: unknown) => void;

/** The MockMonitor members used here; its declaration marks newUrn private, which this class must replace. */
interface MockMonitorBase {
  readonly resources: Map<string, { urn: string; id: string | null; state: unknown }>;
}

export function createCaptureMonitor(sdk: ProgramSdk, recorder: CaptureRecorder): MockMonitorBase {
  const MonitorBase = sdk.MockMonitor as unknown as new (mocks: Mocks) => MockMonitorBase;
  const { RegisterResourceResponse } = sdk.resproto;
  const { Struct } = sdk;

  class CaptureMonitor extends MonitorBase {
    constructor() {
      super({
        call: (args) => recorder.answerInvoke(args.token, args.inputs, args.provider),
        newResource: (args) => recorder.answerRead(args.type, args.name, args.id),
        registerTransform: () => recorder.warn("stack transforms are not applied offline"),
        registerInvokeTransform: () => recorder.warn("invoke transforms are not applied offline"),
      });
    }

    /** Called by MockMonitor for reads as well as by registerResource below. */
    newUrn(parentUrn: string, type: string, name: string): string {
      return recorder.urnFor(parentUrn, type, name);
    }

    /**
     * Outputs not in the response are unknown to the SDK during a preview, so answering with the
     * inputs and an empty id leaves every computed output (ids, ARNs...) unknown, as `pulumi preview` does.
     */
    async registerResource(req: resproto.RegisterResourceRequest, callback: Callback): Promise<void> {
      try {
        const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
        const state = recorder.recordRegistration(req, urn);
        this.resources.set(urn, { urn, id: null, state });
        const response = new RegisterResourceResponse();
        response.setUrn(urn);
        response.setId("");
        response.setObject(Struct.fromJavaScript(state as Parameters<typeof Struct.fromJavaScript>[0]));
        callback(null, response);
      } catch (err) {
        callback(err);
      }
    }

    registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback): void {
      recorder.recordOutputs(req.getUrn(), req.getOutputs()?.toJavaScript());
      callback(null, {});
    }
  }

  return new CaptureMonitor();
}
