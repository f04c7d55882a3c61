import type { LoadedMeta } from "./loaded-text.js";

export interface FrontMatterSplit {
  meta: LoadedMeta;
  /** The text after the front matter (all of it when there is none). */
  body: string;
  found: boolean;
}

// Scraped files often start with a blank line before the opening fence.
const FRONT_MATTER =
  /^\ufeff?(?:[ \t]*\r?\n)*---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Splits YAML front matter (`---` … `---` at the start) from a text and reads
 * title, date and author from it. Only flat `key: value` pairs are read; a
 * full YAML parser is not worth a dependency for three keys.
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { meta: {}, body: text, found: false };
  const fields = readFields(match[1] ?? "");
  const meta: LoadedMeta = {};
  const title = fields.get("title");
  if (title) meta.title = title;
  const date = toIsoDate(
    fields.get("date") ?? fields.get("pubdate") ?? fields.get("published") ?? "",
  );
  if (date) meta.date = date;
  const author = fields.get("author");
  if (author) meta.author = author;
  return { meta, body: text.slice(match[0].length), found: true };
}

/** Top-level keys (lower-cased) to their unquoted values; list values are joined with "、". */
function readFields(yaml: string): Map<string, string> {
  const fields = new Map<string, string>();
  let listKey: string | undefined;
  for (const line of yaml.split(/\r?\n/)) {
    const pair = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (pair) {
      const key = (pair[1] ?? "").toLowerCase();
      const value = unquote((pair[2] ?? "").trim());
      listKey = value === "" ? key : undefined;
      if (value !== "") fields.set(key, value);
      continue;
    }
    const item = /^[ \t]+-[ \t]+(.+)$/.exec(line);
    if (item && listKey !== undefined) {
      const value = unquote((item[1] ?? "").trim());
      const prev = fields.get(listKey);
      fields.set(listKey, prev === undefined ? value : `${prev}、${value}`);
    }
  }
  return fields;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
  return value;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * A date in a common spelling as ISO yyyy-mm-dd: "2022-6-7", "2022年6月7日",
 * "Tue, 07 Jun 2022 07:07:02 GMT", "Jun 7, 2022". The day is taken as written,
 * never shifted by a time zone. Undefined when it cannot be read.
 */
export function toIsoDate(value: string): string | undefined {
  const v = value.trim();
  const ymd =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(v) ?? /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(v);
  if (ymd) return isoFromParts(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const dmy = /\b(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[ -](\d{4})\b/.exec(v);
  if (dmy) return isoFromParts(Number(dmy[3]), monthNumber(dmy[2]), Number(dmy[1]));
  const mdy = /\b([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})\b/.exec(v);
  if (mdy) return isoFromParts(Number(mdy[3]), monthNumber(mdy[1]), Number(mdy[2]));
  return undefined;
}

function monthNumber(name: string | undefined): number {
  return MONTHS.indexOf((name ?? "").toLowerCase()) + 1;
}

function isoFromParts(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
