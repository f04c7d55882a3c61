/**
 * A source file may hold several documents: a compilation (汇编) of work
 * points, or a scrape of three plans run together. A document starts at a
 * title — "[地区]YYYY年…(工作要点|实施方案|…)" — standing on its own line, or
 * inline when the title is followed at once by a typical opening (根据… /
 * 为贯彻… / YYYY年…总体要求是).
 */
export interface RawDocument {
  title?: string | undefined;
  lines: string[];
}

const DOC_SUFFIX =
  "(?:工作要点|实施方案|工作方案|行动计划|行动方案|治理方案|方案|要点|通知|办法|规定|准则|意见)";
const TITLE_BODY = `\\d{4}年[^\\n。；;，,《》]{2,50}?${DOC_SUFFIX}`;
const LINE_TITLE = new RegExp(`^[\\p{Script=Han}A-Z]{0,12}?${TITLE_BODY}$`, "u");
const OPENING =
  "(?:根据|为贯彻|为深入|为进一步|为切实|为全面|按照|\\d{4}年[^。\\n]{0,60}?总体要求)";
const INLINE_TITLE = new RegExp(`(?<![\\d《])(${TITLE_BODY})(?=${OPENING})`, "gu");

interface Start {
  line: number;
  column: number;
  title: string;
}

export function splitDocuments(lines: string[]): RawDocument[] {
  const starts = findStarts(lines);
  if (starts.length === 0) return [{ lines }];

  const docs: RawDocument[] = [];
  const preamble = sliceLines(lines, { line: 0, column: 0 }, starts[0]);
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as Start;
    const body = sliceLines(lines, afterTitle(lines, start), starts[i + 1]);
    docs.push({ title: start.title, lines: body });
  }
  // A notice that precedes the only title belongs to it; a compilation's cover page does not.
  const first = docs[0];
  if (first && hasSubstance(preamble) && starts.length === 1)
    first.lines = [...preamble, "", ...first.lines];
  return disambiguateTitles(docs);
}

function findStarts(lines: string[]): Start[] {
  const starts: Start[] = [];
  lines.forEach((line, index) => {
    if (LINE_TITLE.test(line)) {
      starts.push({ line: index, column: 0, title: line });
      return;
    }
    for (const m of line.matchAll(INLINE_TITLE)) {
      starts.push({ line: index, column: m.index ?? 0, title: m[1] ?? "" });
    }
  });
  return starts;
}

function afterTitle(lines: string[], start: Start): { line: number; column: number } {
  const line = lines[start.line] ?? "";
  const column = start.column + start.title.length;
  return column >= line.length ? { line: start.line + 1, column: 0 } : { line: start.line, column };
}

function sliceLines(
  lines: string[],
  from: { line: number; column: number },
  to: { line: number; column: number } | undefined,
): string[] {
  const out: string[] = [];
  const endLine = to ? to.line : lines.length - 1;
  for (let i = from.line; i <= endLine && i < lines.length; i++) {
    const line = lines[i] ?? "";
    const start = i === from.line ? from.column : 0;
    const end = to && i === to.line ? to.column : line.length;
    out.push(line.slice(start, end).trim());
  }
  return out;
}

function hasSubstance(lines: string[]): boolean {
  return lines.some((l) => l.length >= 40 && /[。：:]/.test(l));
}

function disambiguateTitles(docs: RawDocument[]): RawDocument[] {
  const counts = new Map<string, number>();
  for (const d of docs) if (d.title) counts.set(d.title, (counts.get(d.title) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const d of docs) {
    if (!d.title || (counts.get(d.title) ?? 0) < 2) continue;
    const n = (seen.get(d.title) ?? 0) + 1;
    seen.set(d.title, n);
    d.title = `${d.title}（第${n}篇）`;
  }
  return docs;
}
