/** Project, stack, type and name from an engine URN: urn:pulumi:<stack>::<project>::<qualified type>::<name>. */
export function parseUrn(
  urn: string,
): { stack: string; project: string; type: string; name: string } | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::(.+?)::(.*)$/.exec(urn);
  if (!match) return undefined;
  return { stack: match[1], project: match[2], type: match[3].split("$").pop() ?? match[3], name: match[4] };
}
