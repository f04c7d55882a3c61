import { endsSentence } from "../../lib/text/sentences.js";
import { matchMarker } from "../structure/outline-markers.js";
import { isTableHeader } from "../structure/table-header.js";

/**
 * Re-joins lines hard-wrapped by PDF extraction. A Chinese line break inside a
 * sentence is not a space, so wrapped lines are glued with nothing between.
 * Only text that looks wrapped is touched: most lines end near one common width
 * without closing punctuation. Table regions are left alone (cells are lines).
 */
export function rejoinWrappedLines(input: string[]): string[] {
  const lines = dropInterleavedBlanks(input);
  const tableStart = lines.findIndex(isTableHeader);
  const width = typicalFullWidth(tableStart < 0 ? lines : lines.slice(0, tableStart));
  if (width === undefined) return lines;

  const out: string[] = [];
  let inTable = false;
  for (const line of lines) {
    if (!inTable && isTableHeader(line)) inTable = true;
    const prev = out[out.length - 1];
    if (
      !inTable &&
      prev !== undefined &&
      prev !== "" &&
      line !== "" &&
      continues(prev, line, width)
    ) {
      out[out.length - 1] = prev + line;
    } else {
      out.push(line);
    }
  }
  return out;
}

function continues(prev: string, next: string, width: number): boolean {
  const marker = matchMarker(next);
  if (marker && marker.type !== "arabic") return false;
  if (prev.includes("\t") || next.includes("\t")) return false;
  if (/^附[件表]/.test(prev) || /^附[件表]/.test(next)) return false;
  if (/[和及与的、，,“《（(]$/.test(prev)) return true;
  return displayWidth(prev) >= width * 0.8 && !endsSentence(prev);
}

/** PDF text often has a blank line after every line: then blanks mean nothing. */
function dropInterleavedBlanks(lines: string[]): string[] {
  let nonEmpty = 0;
  let followedByBlank = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "") continue;
    nonEmpty++;
    if (lines[i + 1] === "") followedByBlank++;
  }
  if (nonEmpty < 10 || followedByBlank / nonEmpty < 0.6) return lines;
  return lines.filter((l) => l !== "");
}

/** The width wrapped lines share, or undefined when the text is not hard-wrapped. */
function typicalFullWidth(lines: string[]): number | undefined {
  const widths = lines.filter((l) => l !== "").map(displayWidth);
  if (widths.length < 10) return undefined;
  const sorted = [...widths].sort((a, b) => a - b);
  const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  if (p90 < 10 || p90 > 160) return undefined;
  const unterminatedFull = lines.filter(
    (l) => l !== "" && displayWidth(l) >= p90 * 0.85 && !endsSentence(l),
  ).length;
  return unterminatedFull / widths.length >= 0.3 ? p90 : undefined;
}

/** Han and full-width characters count 1, ASCII counts ½ — how a page column fills. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u0000-\u00ff]/.test(ch) ? 0.5 : 1;
  return w;
}
