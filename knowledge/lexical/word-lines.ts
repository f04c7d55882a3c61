/**
 * Calls `each(word, value)` for every "word value …" line of a large word
 * table (jieba's dictionary, its IDF table), scanning the text in place:
 * splitting several megabytes into lines costs more than reading them. `value`
 * is the text after the word up to the next space or the line's end.
 */
export function eachWordLine(text: string, each: (word: string, value: string) => void): void {
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const space = text.indexOf(" ", pos);
    if (space > pos && space < end) {
      const next = text.indexOf(" ", space + 1);
      each(text.slice(pos, space), text.slice(space + 1, next > space && next < end ? next : end));
    } else if (end > pos) {
      each(text.slice(pos, end), "");
    }
    pos = end + 1;
  }
}
