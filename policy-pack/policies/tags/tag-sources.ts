/**
 * Where tags come from besides the resource itself: the AWS provider's `defaultTags`. The engine
 * passes provider inputs as the provider SDK serialised them, where object-valued config such as
 * defaultTags is a JSON string; programs built by hand may pass an object.
 */
import { isRecord, isUnknown, type Props } from "../../lib/values";

export type TagSet = Map<string, unknown>;

export function providerDefaultTags(providerProps: Props | undefined): TagSet {
  let defaultTags: unknown = providerProps?.defaultTags;
  if (typeof defaultTags === "string" && !isUnknown(defaultTags)) defaultTags = parseJson(defaultTags);
  const tags = isRecord(defaultTags) ? defaultTags.tags : undefined;
  return isRecord(tags) ? new Map(Object.entries(tags)) : new Map();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
