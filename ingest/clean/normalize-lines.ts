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

function normalizeLine(line: string): string {
  return line
    .replace(/\t/g, "  ")
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, "")
    .replace(/\u3000+/g, "  ")
    .replace(SINGLE_SPACE_IN_CJK, "")
    .replace(/ {2,}/g, "\t");
}
