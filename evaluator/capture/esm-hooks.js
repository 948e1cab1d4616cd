"use strict";
/**
 * Module customization hooks for TypeScript ES module programs, registered by loader.ts with
 * module.register() (they run on Node's hooks thread): ts-node's ESM hooks, set up with the
 * options the Pulumi CLI's automatic ESM mode uses. Plain JavaScript, as the hooks thread has no
 * TypeScript support of its own.
 */
let hooks;

exports.initialize = function initialize({ tsNode, options }) {
  const tsn = require(tsNode);
  hooks = tsn.createEsmHooks(tsn.register(options));
};

exports.resolve = function resolve(specifier, context, nextResolve) {
  return hooks.resolve(specifier, context, nextResolve);
};

exports.load = function load(url, context, nextLoad) {
  return hooks.load(url, context, nextLoad);
};
