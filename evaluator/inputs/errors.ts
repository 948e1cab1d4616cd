/** A user input (event log, state export) that cannot be read: the message names the file and the problem. */
export class InputError extends Error {}

/**
 * What JSON.parse objected to, with the line and column when V8 gives a position, and "cut off"
 * when the text simply ends early (a truncated download or a crashed writer).
 */
export function describeJsonError(text: string, error: unknown): string {
  // V8 quotes the text around the problem, newlines included: keep the message on one line.
  const message = (error as Error).message.replace(/\s*\n\s*/g, " ");
  const position = /at position (\d+)/.exec(message)?.[1];
  const stopsAtEnd =
    position === undefined || Number(position) >= text.trimEnd().length || message.startsWith("Unterminated");
  if (stopsAtEnd && endsEarly(text)) return "the JSON is cut off before it ends (truncated?)";
  if (position === undefined) return message;
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `${message.replace(/ (in JSON )?at position \d+.*$/, "")} at line ${line}, column ${column}`;
}

/** True when the text stops inside an open object, array or string. */
function endsEarly(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return inString || depth > 0;
}
