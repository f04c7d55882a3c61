/**
 * Character-level normalisation shared by every format. Chinese has no spaces
 * between words, so a single space between Han characters or digits is an
 * extraction artefact ("2022 年"); runs of spaces separate columns and are kept
 * as a tab so signature and table lines can still be split into cells.
 */
export function normalizeLines(text: string): string[] {
  const unified = text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200b-\u200d\ufeff\u2060]/g, "")
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f]/g, " ")
    .replace(/##\s*paid(?:begin|end)\s*##/gi, "\n");
  return unified.split("\n").map(normalizeLine);
}

const HAN_OR_DIGIT = "[\\p{Script=Han}\\d“”（）《》、，。：；]";
const SINGLE_SPACE_IN_CJK = new RegExp(`(?<=${HAN_OR_DIGIT}) (?=${HAN_OR_DIGIT})`, "gu");
/** A PDF puts a space where glyph runs meet, also between a placeholder and Han ("XX 市"). */
const SPACE_AFTER_PLACEHOLDER = /(?<=\bX{1,3}) (?=\p{Script=Han})/gu;

/**
 * An article or chapter number opening a line or a sentence ("第三条", "第一章"),
 * however the source separated it from its text (nothing in a .txt, a full-width
 * space or a tab in a .docx or GB18030 file): one plain space, as statutes print it.
 */
const ARTICLE_NUMBER =
  /(^|[。；;！？!?])(第[一二三四五六七八九十百零〇\d]{1,5}[条章])[\s\u3000]*(?=[\p{Script=Han}“《（(])/gu;

function normalizeLine(line: string): string {
  return line
    .replace(/\t/g, "  ")
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, "")
    .replace(/\u3000+/g, "  ")
    .replace(SINGLE_SPACE_IN_CJK, "")
    .replace(SPACE_AFTER_PLACEHOLDER, "")
    .replace(/ {2,}/g, "\t")
    .replace(ARTICLE_NUMBER, "$1$2 ");
}
