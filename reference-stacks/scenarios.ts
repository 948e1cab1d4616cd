/**
 * The registry of reference scenarios: id -> program. Add a scenario here (and a
 * `Pulumi.<scenario>.yaml` at the repository root) to make it selectable.
 *
 * Each program creates its resources when called and returns the stack outputs.
 */
import { createFinancialDataPii } from "./financial-data-pii";
import { createLoanProcessing } from "./loan-processing";
import { createPaymentApi } from "./payment-api";
import { createTradingFoundation } from "./trading-foundation";
import { createZeroTrustPayments } from "./zero-trust-payments";

export type ScenarioProgram = () => Record<string, unknown>;

export const SCENARIOS: Record<string, ScenarioProgram> = {
  "trading-foundation": () => ({ ...createTradingFoundation().outputs }),
  "zero-trust-payments": () => ({ ...createZeroTrustPayments().outputs }),
  "financial-data-pii": () => ({ ...createFinancialDataPii().outputs }),
  "payment-api": () => ({ ...createPaymentApi().outputs }),
  "loan-processing": () => ({ ...createLoanProcessing().outputs }),
};

export class UnknownScenarioError extends Error {
  constructor(requested: string, source: string) {
    super(
      `Unknown reference scenario '${requested}' (from ${source}). Valid scenarios: ${Object.keys(SCENARIOS)
        .sort()
        .join(", ")}. Set it with: pulumi config set finguard-reference:scenario <scenario>`,
    );
    this.name = "UnknownScenarioError";
  }
}

/** Picks the scenario: config `finguard-reference:scenario`, else the stack name. */
export function selectScenario(
  configured: string | undefined,
  stackName: string,
): { id: string; program: ScenarioProgram } {
  const id = configured ?? stackName;
  const source =
    configured !== undefined ? "config finguard-reference:scenario" : `stack name '${stackName}'`;
  const program = Object.prototype.hasOwnProperty.call(SCENARIOS, id) ? SCENARIOS[id] : undefined;
  if (program === undefined) throw new UnknownScenarioError(id, source);
  return { id, program };
}
