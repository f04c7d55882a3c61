/**
 * Text laid out for a terminal: how many columns a string takes (a Chinese
 * character or an emoji takes two, a combining mark none) and lines wrapped
 * to a width in columns — what `string.length` cannot tell.
 */

/** Wide and fullwidth characters (East Asian Width W/F): two columns. */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
/** Drawn as an emoji: one shown so by default (🚫 ❔), or any with the emoji selector (⚠️). */
const EMOJI = /\p{Emoji_Presentation}|\uFE0F/u;
/** Marks that sit on the character before them: no column of their own. */
const ZERO = /^(?:\p{M}|\p{Cf})+$/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The characters of a line as a reader sees them (a flag, ⚠️ or é is one). */
function clusters(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

function columnsOf(cluster: string): number {
  if (ZERO.test(cluster)) return 0;
  return EMOJI.test(cluster) || WIDE.test(cluster) ? 2 : 1;
}

/** Columns a one-line string takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const cluster of clusters(text)) width += columnsOf(cluster);
  return width;
}

/** Punctuation that must not begin a line, and that must not end one (Chinese line-breaking rules). */
const NO_LINE_START = /^[，。、；：？！）》」』】〕”’…,.;:?!)\]}%]/u;
const NO_LINE_END = /^[（《「『【〔“‘([{]/u;
const LATIN = /^[\p{L}\p{N}]/u;

/**
 * One line cut into lines of at most `width` columns. A Latin word moves
 * whole to the next line when it fits on one; Chinese text breaks between
 * any two characters, but closing punctuation stays with the character
 * before it. Spaces at a break are dropped.
 */
export function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const chars = clusters(line);
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let used = 0;
    while (end < chars.length && used + columnsOf(chars[end] ?? "") <= width) {
      used += columnsOf(chars[end] ?? "");
      end++;
    }
    // At least one character a line, however narrow the terminal.
    if (end === start) end++;
    if (end < chars.length) end = breakBefore(chars, start, end);
    lines.push(chars.slice(start, end).join("").trimEnd());
    start = end;
    while (chars[start] === " ") start++;
  }
  return lines;
}

/** Where to break a line that is full at `end`: not inside a Latin word, not before closing punctuation. */
function breakBefore(chars: string[], start: number, end: number): number {
  const latin = (i: number) => LATIN.test(chars[i] ?? "") && columnsOf(chars[i] ?? "") === 1;
  if (latin(end) && latin(end - 1)) {
    for (let i = end - 1; i > start; i--) if (chars[i] === " ") return i + 1;
    return end;
  }
  // Closing punctuation goes down with the character before it, an opening
  // bracket with the character after it (a few characters at most).
  const bad = (i: number) =>
    NO_LINE_START.test(chars[i] ?? "") || NO_LINE_END.test(chars[i - 1] ?? "");
  let at = end;
  while (at > start + 1 && end - at < 3 && bad(at)) at--;
  return bad(at) ? end : at;
}
