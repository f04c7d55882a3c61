import { isTableHeader } from "./table-header.js";

/**
 * Task-division tables (序号 / 重点任务 / 责任单位 / 完成时限) arrive flattened:
 * one cell per line (tab-indented text, or PDF extraction with cells wrapped
 * and interleaved across page breaks), or run together in one paragraph
 * (a scraped .docx). Each becomes one record per row with its column labels.
 */
export interface TableRow {
  n: number;
  category?: string | undefined;
  task: string;
  unit?: string | undefined;
  deadline?: string | undefined;
}

export interface TaskTable {
  title: string;
  rows: TableRow[];
}

const DEADLINE =
  /^(?:(?:\d{4}年)?(?:\d{1,2}|X{1,2})月(?:底|中旬|上旬|下旬)?前?|持续推进|长期(?:坚持|推进)|\d{4}年(?:底)?前?|(?:\d{4}年)?\d{1,2}月\d{1,2}日前)$/;
const UNIT_WORDS = /(牵头|配合|按职责|共同推进|负责)/;
/** A whole unit cell ends naming who leads or assists. */
const UNIT_CELL = /(牵头|配合|共同推进|负责)$/;
const PUNCT = /[。，；：,;]/;

export function extractTables(lines: string[]): { lines: string[]; tables: TaskTable[] } {
  for (let i = 0; i < lines.length; i++) {
    const header = headerAt(lines, i);
    if (header) {
      const titleIndex = findTitle(lines, i);
      const rows = parseCellRows(lines.slice(header.end));
      if (rows.length === 0) continue;
      const kept = lines.slice(0, titleIndex ?? i);
      return { lines: kept, tables: [{ title: tableTitle(lines, titleIndex), rows }] };
    }
    const inline = inlineTableIn(lines[i] ?? "");
    if (inline) {
      const kept = [...lines.slice(0, i), inline.before, ...lines.slice(i + 1)];
      return { lines: kept, tables: [{ title: inline.title, rows: inline.rows }] };
    }
  }
  return { lines, tables: [] };
}

/** The header may sit on one line or on up to five short lines (one label each). */
function headerAt(lines: string[], i: number): { end: number } | undefined {
  if (isTableHeader(lines[i] ?? "")) return { end: i + 1 };
  let joined = "";
  for (let j = i; j < Math.min(lines.length, i + 5); j++) {
    const line = lines[j] ?? "";
    if (line.length > 6) return undefined;
    joined += line;
    if (j > i && isTableHeader(joined)) return { end: j + 1 };
  }
  return undefined;
}

function findTitle(lines: string[], headerIndex: number): number | undefined {
  const above = (from: number): number => {
    let j = from - 1;
    while (j >= 0 && lines[j] === "") j--;
    return j;
  };
  const titleLine = above(headerIndex);
  if (titleLine < 0 || !/表$/.test(lines[titleLine] ?? "")) return undefined;
  let start = titleLine;
  // A title wrapped over two lines, and "附件" just above it, belong to the table too.
  const prev = above(start);
  const prevText = lines[prev] ?? "";
  if (
    prev >= 0 &&
    prevText.length <= 40 &&
    !/[。；;：:]$/.test(prevText) &&
    !/^附[件表]/.test(prevText)
  ) {
    start = prev;
  }
  const annex = above(start);
  if (annex >= 0 && /^附[件表]\d*$/.test(lines[annex] ?? "")) start = annex;
  return start;
}

/** The title may be wrapped over two lines above the header ("…医疗服务中" / "…任务分工表"). */
function tableTitle(lines: string[], titleIndex: number | undefined): string {
  if (titleIndex === undefined) return "任务分工表";
  const parts: string[] = [];
  for (let j = titleIndex; j < lines.length; j++) {
    const line = (lines[j] ?? "").replace(/^附[件表]\d*[：:]?\s*/, "");
    if (/^序号/.test(line)) break;
    if (line === "") continue;
    parts.push(line);
    if (/表$/.test(line)) break;
  }
  return parts.join("") || "任务分工表";
}

function parseCellRows(lines: string[]): TableRow[] {
  const rows: TableRow[] = [];
  let current: { n: number; fragments: string[] } | undefined;
  let expected = 1;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^(\d{1,2})(?=$|[\s\p{Script=Han}“"])\s*(.*)$/u.exec(line);
    if (m && Number(m[1]) === expected) {
      if (current) rows.push(classifyRow(current.n, current.fragments, rows[rows.length - 1]));
      current = { n: expected, fragments: m[2] ? [m[2]] : [] };
      expected++;
      continue;
    }
    current?.fragments.push(line);
  }
  if (current) rows.push(classifyRow(current.n, current.fragments, rows[rows.length - 1]));
  return rows.filter((r) => r.task.length > 0);
}

function classifyRow(n: number, fragments: string[], previous: TableRow | undefined): TableRow {
  const category: string[] = [];
  const content: string[] = [];
  const unit: string[] = [];
  let deadline: string | undefined;
  for (const frag of fragments) {
    if (DEADLINE.test(frag)) {
      deadline = frag;
      continue;
    }
    const terminal = /[。；;]$/.test(frag);
    if (content.length === 0) {
      if (!PUNCT.test(frag) && frag.length <= 30 && !UNIT_WORDS.test(frag)) category.push(frag);
      else if (UNIT_CELL.test(frag) && !frag.includes("。") && frag.length <= 80) unit.push(frag);
      else content.push(frag);
      continue;
    }
    // PDF cells of the narrow unit column are short; whole unit cells name who leads.
    const unitCell = UNIT_CELL.test(frag) && !frag.includes("。") && frag.length <= 80;
    if (!terminal && (frag.length <= 12 || unitCell)) {
      unit.push(frag);
    } else {
      content.push(frag);
    }
  }
  return {
    n,
    category: category.length > 0 ? category.join("") : previous?.category,
    task: content.join(""),
    unit: unit.length > 0 ? unit.join("") : undefined,
    deadline,
  };
}

const INLINE_HEADER = /序号\s*(?:重点)?任务\s*(?:责任|牵头)单位\s*完成时限/;

/** A whole table run together in one paragraph: rows split at their numbers. */
function inlineTableIn(
  line: string,
): { before: string; title: string; rows: TableRow[] } | undefined {
  const header = INLINE_HEADER.exec(line);
  if (!header) return undefined;
  const beforeHeader = line.slice(0, header.index);
  const titleMatch = /[^。；;：:]*表$/.exec(beforeHeader);
  const body = line.slice(header.index + header[0].length);
  const rows: TableRow[] = [];
  let pos = 0;
  let n = 1;
  const starts: { n: number; at: number; textAt: number }[] = [];
  // A row number OCR lost is skipped: look for the one after it before giving up.
  for (let misses = 0; misses < 2; ) {
    const found = findRowStart(body, n, pos);
    if (found === undefined) {
      misses++;
      n++;
      continue;
    }
    misses = 0;
    starts.push({ n, at: found, textAt: found + String(n).length });
    pos = found + 1;
    n++;
  }
  starts.forEach((s, i) => {
    const text = body.slice(s.textAt, starts[i + 1]?.at ?? body.length).trim();
    rows.push(splitInlineRow(s.n, text));
  });
  if (rows.length < 2) return undefined;
  const before = titleMatch ? beforeHeader.slice(0, titleMatch.index) : beforeHeader;
  return { before, title: undoubled(titleMatch?.[0] ?? "") || "任务分工表", rows };
}

/** Row n starts where its number follows the previous row's end (…月底前 / …推进 / …牵头 / 。). */
function findRowStart(body: string, n: number, from: number): number | undefined {
  const re = new RegExp(`(?<!\\d)${n}(?=[\\p{Script=Han}“"])`, "gu");
  re.lastIndex = from;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (n === 1 || /[前进迸推选头合限。]$/.test(body.slice(0, m.index))) return m.index;
  }
  return undefined;
}

function splitInlineRow(n: number, text: string): TableRow {
  const m = /^(.*。)([^。]*?(?:牵头|配合|共同推进|按职责[^。]*?推[进迸选]))([^。]{0,6})$/u.exec(
    text,
  );
  if (!m) return { n, task: text };
  return { n, task: (m[1] ?? "").trim(), unit: m[2]?.trim(), deadline: m[3]?.trim() || undefined };
}

/** Scrapes repeat a table's caption as its title ("…分工表…分工表"): keep one. */
function undoubled(title: string): string {
  const half = title.length / 2;
  return Number.isInteger(half) && title.slice(0, half) === title.slice(half)
    ? title.slice(0, half)
    : title;
}
