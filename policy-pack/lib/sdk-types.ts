/**
 * Typings for the one @pulumi/policy internal FinGuard relies on: its UnknownValueError class,
 * which the published .d.ts strips (@internal) but the server's `instanceof` check needs.
 */
export declare class UnknownValueError extends Error {
  constructor(unknownTypeSentinel: string, props: string[]);
}
