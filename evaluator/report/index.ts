/** The report formats, each rendered from the one results model. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EvaluationResult } from "../results/model";
import { renderCsv } from "./csv";
import { renderHtml } from "./html";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";
import { renderText } from "./text";

export const FORMATS = {
  text: { extension: "txt", render: renderText },
  json: { extension: "json", render: (r: EvaluationResult) => JSON.stringify(r, null, 2) + "\n" },
  sarif: { extension: "sarif", render: renderSarif },
  junit: { extension: "junit.xml", render: renderJunit },
  csv: { extension: "csv", render: renderCsv },
  md: { extension: "md", render: renderMarkdown },
  html: { extension: "html", render: renderHtml },
} as const;

export type Format = keyof typeof FORMATS;

export function parseFormats(list: string): Format[] {
  const formats = list
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = formats.filter((f) => !(f in FORMATS));
  if (unknown.length > 0) {
    throw new Error(
      `unknown report format(s) ${unknown.join(", ")}; choose from ${Object.keys(FORMATS).join(", ")}`,
    );
  }
  return formats as Format[];
}

/** Writes `<stack>.<extension>` for each format; returns the paths written. */
export function writeReports(outDir: string, result: EvaluationResult, formats: readonly Format[]): string[] {
  mkdirSync(outDir, { recursive: true });
  return formats.map((format) => {
    const path = join(outDir, `${result.run.stack}.${FORMATS[format].extension}`);
    writeFileSync(path, FORMATS[format].render(result));
    return path;
  });
}
