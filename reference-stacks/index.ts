/**
 * Entry point of the FinGuard reference stacks (Pulumi project `finguard-reference`).
 *
 * One stack per scenario: `pulumi stack select trading-foundation`. The scenario comes from the
 * stack config `finguard-reference:scenario`, else from the stack name; the selected program's
 * outputs become the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "./components";
import { selectScenario } from "./scenarios";

const configured = new pulumi.Config(CONFIG_NAMESPACE).get("scenario");
const { program } = selectScenario(configured, pulumi.getStack());

export = program();
