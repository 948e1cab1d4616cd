#!/usr/bin/env node
// Runs the TypeScript CLI without a build step; type checking happens once in CI (npm run typecheck).
"use strict";
require("ts-node").register({ transpileOnly: true, project: require("path").join(__dirname, "..", "..", "tsconfig.json") });
const { main, EXIT_ERROR } = require("../cli");
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`finguard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT_ERROR);
  },
);
