/**
 * Serverless processing concern: the PII-scanning function, bundled from TypeScript with esbuild,
 * in the private subnets, reaching S3 and KMS only through the VPC endpoints, its environment
 * encrypted with a CMK and its log group kept exactly 90 days.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { NodeFunction, type KmsKey, type ScenarioContext } from "../components";
import type { PiiNetworking } from "./networking";

export const SCANNER_HANDLER_ENTRY = path.join(__dirname, "functions", "pii-scanner.ts");
export const SCANNER_KIND = "scanner";

export interface PiiScannerArgs {
  context: ScenarioContext;
  networking: PiiNetworking;
  functionsKey: KmsKey;
  logsKey: KmsKey;
  dataKey: KmsKey;
  dataBucketName: pulumi.Output<string>;
  dataBucketArn: pulumi.Output<string>;
  logRetentionDays: number;
  maxObjectBytes: number;
  maxFindings: number;
}

export class PiiScanner extends pulumi.ComponentResource {
  readonly function: NodeFunction;

  constructor(name: string, args: PiiScannerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("finguard:financial-data-pii:Scanner", name, {}, opts);
    const ctx = args.context;
    const net = args.networking;
    this.function = new NodeFunction(
      ctx.name(SCANNER_KIND),
      {
        context: ctx,
        kind: SCANNER_KIND,
        description: "Scans objects of the financial data bucket for PII (types and offsets only)",
        entry: SCANNER_HANDLER_ENTRY,
        environment: {
          DATA_BUCKET: args.dataBucketName,
          MAX_OBJECT_BYTES: String(args.maxObjectBytes),
          MAX_FINDINGS: String(args.maxFindings),
        },
        environmentKey: args.functionsKey,
        logsKey: args.logsKey,
        logRetentionInDays: args.logRetentionDays,
        network: net.vpc,
        egress: net.scannerEgress,
        statements: [
          {
            Sid: "ReadFinancialData",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: pulumi.interpolate`${args.dataBucketArn}/*`,
          },
          args.dataKey.useStatement("DecryptDataThroughS3", ["kms:Decrypt"], ["s3"]),
        ],
        timeout: 120,
        memorySize: 512,
        dependsOn: net.endpoints.all,
      },
      { parent: this },
    );
    this.registerOutputs({ functionName: this.function.functionName });
  }
}
