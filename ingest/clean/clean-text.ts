import { normalizeLines } from "./normalize-lines.js";
import { rejoinWrappedLines } from "./rejoin-wrapped-lines.js";
import { removeChrome } from "./remove-chrome.js";
import { removePageMarkers } from "./remove-page-markers.js";
import { removeTableOfContents } from "./remove-toc.js";

export interface CleanedText {
  /** Cleaned lines; "" separates paragraphs where the source did. */
  lines: string[];
  /** Titles seen in chrome (an uploaded file name, a news headline). */
  titleHints: string[];
}

/** Everything between a loader's raw text and structure parsing. */
export function cleanText(raw: string): CleanedText {
  const normalized = normalizeLines(raw);
  const paged = removePageMarkers(normalized);
  const { lines, titleHints } = removeChrome(paged);
  const withoutToc = removeTableOfContents(lines);
  const joined = rejoinWrappedLines(withoutToc);
  return { lines: collapseBlankRuns(joined), titleHints };
}

function collapseBlankRuns(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  while (out[out.length - 1] === "") out.pop();
  return out;
}
