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

/**
 * Parts of a compilation that carry the same title are told apart by their
 * own words, never by invented numbers: the body each part names most that
 * the others never name (the plan of 市卫生计生局, of 市卫生健康委, of 县卫计局).
 * Parts with nothing of their own keep the title as it stands.
 */
function disambiguateTitles(docs: RawDocument[]): RawDocument[] {
  const byTitle = new Map<string, RawDocument[]>();
  for (const d of docs) if (d.title) byTitle.set(d.title, [...(byTitle.get(d.title) ?? []), d]);
  for (const [title, same] of byTitle) {
    if (same.length < 2) continue;
    const bodies = same.map((d) => bodyCounts(d.lines.join("\n")));
    same.forEach((d, i) => {
      const own = [...(bodies[i] ?? new Map<string, number>())]
        .filter(([body]) => bodies.every((other, j) => j === i || !other.has(body)))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const best = own[0];
      if (best && best[1] >= 2) d.title = `${title}（${best[0]}）`;
    });
  }
  return docs;
}

/** Government bodies a text names ("市卫生计生局", "县卫计局", "省卫生健康委"), with how often. */
const BODY =
  /[省市县区][\p{Script=Han}]{1,8}?(?:委员会|委|局|厅|办)(?![\p{Script=Han}]{0,1}[会员])/gu;

function bodyCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(BODY)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}
