/**
 * The resource monitor the SDK talks to instead of the engine. It hands every raw request to the
 * recorder and answers like the engine does in a preview: engine URNs, no id, state = inputs.
 */
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { CaptureRecorder } from "./recorder";

type Callback = (err: unknown, response?: unknown) => void;

/** The MockMonitor members used here; its declaration marks newUrn private, which this class must replace. */
interface MockMonitorBase {
  readonly resources: Map<string, { urn: string; id: string | null; state: unknown }>;
}

const MonitorBase = MockMonitor as unknown as new (mocks: Mocks) => MockMonitorBase;

export class CaptureMonitor extends MonitorBase {
  constructor(private readonly recorder: CaptureRecorder) {
    super({
      call: (args) => recorder.answerInvoke(args.token, args.inputs, args.provider),
      newResource: (args) => recorder.answerRead(args.type, args.name, args.id),
      registerTransform: () => recorder.warn("stack transforms are not applied offline"),
      registerInvokeTransform: () => recorder.warn("invoke transforms are not applied offline"),
    });
  }

  /** Called by MockMonitor for reads as well as by registerResource below. */
  newUrn(parentUrn: string, type: string, name: string): string {
    return this.recorder.urnFor(parentUrn, type, name);
  }

  /**
   * Outputs not in the response are unknown to the SDK during a preview, so answering with the
   * inputs and an empty id leaves every computed output (ids, ARNs...) unknown, as `pulumi preview` does.
   */
  async registerResource(req: resproto.RegisterResourceRequest, callback: Callback): Promise<void> {
    try {
      const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
      const state = this.recorder.recordRegistration(req, urn);
      this.resources.set(urn, { urn, id: null, state });
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId("");
      response.setObject(Struct.fromJavaScript(state as Parameters<typeof Struct.fromJavaScript>[0]));
      callback(null, response);
    } catch (err) {
      callback(err);
    }
  }

  registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback): void {
    this.recorder.recordOutputs(req.getUrn(), req.getOutputs()?.toJavaScript());
    callback(null, {});
  }
}
