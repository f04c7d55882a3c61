/**
 * Chinese outline numbering. Government documents nest 一、 → （一） → 1. → （1）,
 * but the order differs between documents, so levels are assigned by the parser
 * from the order in which marker types appear, not fixed here.
 */
export type MarkerType = "cn" | "paren-cn" | "arabic" | "paren-arabic" | "article" | "chapter";

export interface OutlineMarker {
  type: MarkerType;
  ordinal: number;
  /** The marker as written, e.g. "（六）" or "2 .". */
  raw: string;
  /**
   * The number was read through a letter OCR puts for a digit ("I1." for
   * "11."): a parser takes it only where that number is the next one expected.
   */
  ocr?: boolean;
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Parses 一 … 九十九 (and plain digits). Returns NaN for anything else. */
export function parseChineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === "十") {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === "百") {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch in CN_DIGITS) {
      current = CN_DIGITS[ch] ?? 0;
    } else {
      return Number.NaN;
    }
  }
  return total + current;
}

const CN = "[一二三四五六七八九十]{1,3}";
const PATTERNS: { type: MarkerType; re: RegExp; num: (m: RegExpExecArray) => string }[] = [
  { type: "chapter", re: new RegExp(`^第(${CN}|\\d{1,3})章\\s*`), num: (m) => m[1] ?? "" },
  {
    type: "article",
    re: /^第([一二三四五六七八九十百零]{1,5}|\d{1,3})条\s*/,
    num: (m) => m[1] ?? "",
  },
  { type: "cn", re: new RegExp(`^(${CN})[、，,]`), num: (m) => m[1] ?? "" },
  { type: "paren-cn", re: new RegExp(`^[（(](${CN})[）)]\\s*`), num: (m) => m[1] ?? "" },
  { type: "paren-arabic", re: /^[（(](\d{1,2})[）)]\s*/, num: (m) => m[1] ?? "" },
  // "1." "2 ." "3．" "4、" — but not "1.5" or a year like "2024年".
  { type: "arabic", re: /^(\d{1,2})\s?[.．、](?!\d)\s*/, num: (m) => m[1] ?? "" },
];

/** "I1." "1l ." "l2．": a two-digit number with a letter OCR read for 1 (or O for 0). */
const OCR_ARABIC = /^((?:[Il]\d|\d[IlO]))\s?[.．](?!\d)\s*(?=[\p{Script=Han}“])/u;

/** Matches an outline marker at the very start of `text`. */
export function matchMarker(text: string): OutlineMarker | undefined {
  for (const { type, re, num } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const ordinal = parseChineseNumber(num(m));
    if (!Number.isFinite(ordinal) || ordinal <= 0) continue;
    return { type, ordinal, raw: m[0] };
  }
  const ocr = OCR_ARABIC.exec(text);
  if (ocr?.[1]) {
    const ordinal = Number(ocr[1].replace(/[Il]/g, "1").replace(/O/g, "0"));
    return { type: "arabic", ordinal, raw: ocr[0], ocr: true };
  }
  return undefined;
}

/**
 * The number of a marker without its spacing, as a label: "2 ." → "2.",
 * "（一）" stays; a number OCR misread ("I1.") is given as the number it is.
 */
export function markerLabel(marker: OutlineMarker): string {
  if (marker.ocr) return `${marker.ordinal}.`;
  return marker.raw.replace(/\s+/g, "");
}

/** An annex heading inside a run-together line: "附件:" (the list of annexes) or "附件3". */
export interface AnnexMarker {
  /** 0 for the list that names the annexes. */
  ordinal: number;
  raw: string;
}

export function matchAnnex(text: string): AnnexMarker | undefined {
  const m = /^附[件表]\s?(?:(\d{1,2})(?![\d.．])[：:]?|[：:])/.exec(text);
  if (!m) return undefined;
  return { ordinal: m[1] ? Number(m[1]) : 0, raw: m[0] };
}

/** A regex (global) finding candidate marker starts anywhere in a run-together paragraph. */
export const INLINE_MARKER_RE = new RegExp(
  `第(?:${CN}|\\d{1,3})[章条]|${CN}、|[（(]${CN}[）)]|[（(]\\d{1,2}[）)]|(?<![\\dA-Za-z])(?:\\d{1,2}|[Il]\\d|\\d[IlO])\\s?[.．](?!\\d)|附[件表]\\s?(?:\\d{1,2}|[：:])`,
  "g",
);
