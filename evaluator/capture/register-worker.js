"use strict";
/**
 * Preloaded into the capture worker (`node -r`) when the evaluator runs from TypeScript sources:
 * compiles the worker's own files (this directory) with FinGuard's tsconfig and nothing else, so
 * the program's files get the compiler settings the Pulumi CLI would give them (loader.ts).
 */
const path = require("node:path");

require("ts-node").register({
  transpileOnly: true,
  project: path.join(__dirname, "..", "..", "tsconfig.json"),
  scope: true,
  scopeDir: __dirname,
  // FinGuard itself may be installed under node_modules.
  ignore: [],
});
