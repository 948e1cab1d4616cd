/**
 * The FinGuard policy pack: what `pulumi preview --policy-pack` and Pulumi Cloud run.
 * Ships compiled (bin/index.js) and never imports @pulumi/aws, so start-up stays near the floor.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, pulumiPolicies } from "./library";

new PolicyPack(PACK_NAME, { policies: pulumiPolicies() });
