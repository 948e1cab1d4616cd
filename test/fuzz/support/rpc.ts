/**
 * The @pulumi/policy analyzer server's own Analyze and AnalyzeStack handlers, fed real protobuf
 * requests: what the fuzz tests drive. Nothing of the SDK is reimplemented here. Requests are built
 * with the stubs of @pulumi/pulumi/proto/analyzer_pb.js and google-protobuf's Struct from the same
 * @pulumi/pulumi copy, sent through a binary round trip (as over the wire), and handled by
 * `makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` from @pulumi/policy/server.js, so
 * deserialisation, the unknown-checking proxy, getConfig (the pack config starts empty there,
 * so the adapter's schema defaults apply) and the error handling are the SDK's.
 *
 * The server answers with a gRPC error for anything a policy throws except UnknownValueError
 * (deferral) and notApplicable: under the Pulumi CLI that error aborts the preview.
 */
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/* eslint-disable @typescript-eslint/no-require-imports */
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof AnalyzerPb;
const { Struct } = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [require.resolve("@pulumi/pulumi")],
  }),
) as typeof import("google-protobuf/google/protobuf/struct_pb");
const server = require("@pulumi/policy/server") as {
  makeAnalyzeRpcFun: MakeRpcFun;
  makeAnalyzeStackRpcFun: MakeRpcFun;
};
/* eslint-enable @typescript-eslint/no-require-imports */

type RpcFun = (
  call: { request: unknown },
  callback: (error: Error | null | undefined, response?: AnalyzerPb.AnalyzeResponse) => void,
) => Promise<void>;
type MakeRpcFun = (
  packName: string,
  packVersion: string,
  enforcementLevel: string,
  policies: Array<ResourceValidationPolicy | StackValidationPolicy>,
) => RpcFun;

export const PACK_NAME = "finguard-fuzz";
export const PACK_VERSION = "0.0.0";

export interface WireProvider {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

/** One resource as the engine sends it (properties in wire form: sentinels, secret objects, assets). */
export interface WireResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  protect?: boolean;
  provider?: WireProvider;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export interface DiagnosticRecord {
  policy: string;
  urn: string;
  message: string;
  enforcementLevel: number;
}

export interface RpcOutcome {
  /** The gRPC error the server answered with: under the CLI, a failed preview. */
  error?: string;
  diagnostics: DiagnosticRecord[];
  notApplicable: Array<{ policy: string; reason: string }>;
}

function toStruct(props: Record<string, unknown>) {
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

function toOptions(resource: WireResource): AnalyzerPb.AnalyzerResourceOptions {
  const timeouts = new pb.AnalyzerResourceOptions.CustomTimeouts().setCreate(0).setUpdate(0).setDelete(0);
  return new pb.AnalyzerResourceOptions()
    .setProtect(resource.protect === true)
    .setIgnorechangesList([])
    .setDeletebeforereplace(false)
    .setDeletebeforereplacedefined(false)
    .setAdditionalsecretoutputsList([])
    .setAliasesList([])
    .setCustomtimeouts(timeouts)
    .setParent(resource.parent ?? "");
}

function toProvider(provider: WireProvider): AnalyzerPb.AnalyzerProviderResource {
  return new pb.AnalyzerProviderResource()
    .setType(provider.type)
    .setName(provider.name)
    .setUrn(provider.urn)
    .setProperties(toStruct(provider.props));
}

/** An AnalyzeRequest, after a binary round trip. */
export function analyzeRequest(resource: WireResource): AnalyzerPb.AnalyzeRequest {
  const request = new pb.AnalyzeRequest()
    .setType(resource.type)
    .setName(resource.name)
    .setUrn(resource.urn)
    .setProperties(toStruct(resource.props))
    .setOptions(toOptions(resource));
  if (resource.provider) request.setProvider(toProvider(resource.provider));
  return pb.AnalyzeRequest.deserializeBinary(request.serializeBinary());
}

/** An AnalyzeStackRequest, after a binary round trip. */
export function analyzeStackRequest(resources: readonly WireResource[]): AnalyzerPb.AnalyzeStackRequest {
  const messages = resources.map((resource) => {
    const message = new pb.AnalyzerResource()
      .setType(resource.type)
      .setName(resource.name)
      .setUrn(resource.urn)
      .setProperties(toStruct(resource.props))
      .setOptions(toOptions(resource))
      .setParent(resource.parent ?? "")
      .setDependenciesList(resource.dependencies ?? []);
    if (resource.provider) message.setProvider(toProvider(resource.provider));
    for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
      message
        .getPropertydependenciesMap()
        .set(property, new pb.AnalyzerPropertyDependencies().setUrnsList(urns));
    }
    return message;
  });
  const request = new pb.AnalyzeStackRequest().setResourcesList(messages);
  return pb.AnalyzeStackRequest.deserializeBinary(request.serializeBinary());
}

/** The server's handlers for a set of policies (one policy per fuzz property keeps findings attributable). */
export function makeHandlers(policies: Array<ResourceValidationPolicy | StackValidationPolicy>) {
  return {
    analyze: server.makeAnalyzeRpcFun(PACK_NAME, PACK_VERSION, "mandatory", policies),
    analyzeStack: server.makeAnalyzeStackRpcFun(PACK_NAME, PACK_VERSION, "mandatory", policies),
  };
}

/** Calls a handler as grpc-js would, and records what it answered. */
export async function call(handler: RpcFun, request: unknown): Promise<RpcOutcome> {
  let answered: { error?: Error | null; response?: AnalyzerPb.AnalyzeResponse } | undefined;
  let answers = 0;
  await handler({ request }, (error, response) => {
    answers++;
    answered = { error, response };
  });
  if (answers !== 1)
    return { error: `the handler answered ${answers} times`, diagnostics: [], notApplicable: [] };
  if (answered?.error) return { error: answered.error.message, diagnostics: [], notApplicable: [] };
  // Round-trip the response too: it must serialise.
  const response = pb.AnalyzeResponse.deserializeBinary(answered!.response!.serializeBinary());
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policy: d.getPolicyname(),
      urn: d.getUrn(),
      message: d.getMessage(),
      enforcementLevel: d.getEnforcementlevel(),
    })),
    notApplicable: response
      .getNotApplicableList()
      .map((entry) => ({ policy: entry.getPolicyName(), reason: entry.getReason() })),
  };
}
