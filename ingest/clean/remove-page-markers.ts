/**
 * Document-sharing sites render each page as one long line prefixed with the
 * page number ("2、"), cutting sentences and even words in half
 * ("出国(境)旅" / "3、游或者…"). A run of such lines numbered 1, 2, 3 … is a
 * page sequence, not a list: drop the numbers and glue the pages together.
 */
const PAGE_MARKER = /^(\d{1,3})、/;

export function removePageMarkers(lines: string[]): string[] {
  const positions = findPageSequence(lines);
  if (positions.size === 0) return lines;
  const first = Math.min(...positions);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!positions.has(i)) {
      out.push(line);
      continue;
    }
    const rest = line.replace(PAGE_MARKER, "");
    // Blank lines between pages are layout, not paragraph breaks.
    while (i !== first && out.length > 0 && out[out.length - 1] === "") out.pop();
    if (i === first || out.length === 0) out.push(rest);
    else out[out.length - 1] = `${out[out.length - 1] ?? ""}${rest}`;
  }
  return out;
}

function findPageSequence(lines: string[]): Set<number> {
  const positions: number[] = [];
  let expected = 1;
  let totalLength = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = PAGE_MARKER.exec(lines[i] ?? "");
    if (m && Number(m[1]) === expected) {
      positions.push(i);
      totalLength += (lines[i] ?? "").length;
      expected++;
    }
  }
  // Real numbered lists are short items; pages are hundreds of characters each.
  if (positions.length < 3 || totalLength / positions.length < 200) return new Set();
  return new Set(positions);
}
