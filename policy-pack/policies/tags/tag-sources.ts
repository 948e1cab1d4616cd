/**
 * Where tags come from besides the resource itself: the AWS provider's `defaultTags`. The engine
 * passes provider inputs as the provider SDK serialised them, where object-valued config such as
 * defaultTags is a JSON string; programs built by hand may pass an object.
 */
import { isRecord, isUnknown, type Props } from "../../lib/values";

export type TagSet = Map<string, unknown>;

/**
 * The provider's default tags, or "unknown" when an output inside them is unknown during preview
 * (the engine then sends the whole defaultTags, or its tags, as one unknown value).
 */
export function providerDefaultTags(providerProps: Props | undefined): TagSet | "unknown" {
  let defaultTags: unknown = providerProps?.defaultTags;
  if (isUnknown(defaultTags)) return "unknown";
  if (typeof defaultTags === "string") defaultTags = parseJson(defaultTags);
  const tags = isRecord(defaultTags) ? defaultTags.tags : undefined;
  if (isUnknown(tags)) return "unknown";
  return isRecord(tags) ? new Map(Object.entries(tags)) : new Map();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
