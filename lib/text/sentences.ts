/**
 * Sentence handling for Chinese policy text: chunks are cut only at sentence
 * ends, and the OCR'd scrapes use ASCII "." where the source had "。".
 */

const SENTENCE_END = /[。！？!?；;]|\.(?!\d)/;

/** Splits text into sentences, keeping each sentence's closing punctuation (and a closing quote). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (!SENTENCE_END.test(ch)) continue;
    if (ch === "." && !isHan(text[i - 1]) && !/[”）)]/.test(text[i - 1] ?? "")) continue;
    let end = i + 1;
    while (end < text.length && /[”’」』）)]/.test(text[end] ?? "")) end++;
    out.push(text.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Splits one over-long sentence at clause punctuation (，、：) so no piece exceeds `max`. */
export function splitLongSentence(sentence: string, max: number): string[] {
  if (sentence.length <= max) return [sentence];
  const parts = sentence.split(/(?<=[，,：:、])/);
  const out: string[] = [];
  let cur = "";
  for (const part of parts) {
    if (cur.length + part.length > max && cur.length > 0) {
      out.push(cur);
      cur = "";
    }
    cur += part;
    while (cur.length > max) {
      out.push(cur.slice(0, max));
      cur = cur.slice(max);
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Script=Han}/u.test(ch);
}

/** Ends with punctuation that closes a sentence or a clause list. */
export function endsSentence(line: string): boolean {
  return /[。！？!?；;：:]["”’」』）)]*$/.test(line.trimEnd());
}

/** Only the Han characters: how the eval compares passages, and how duplicates are recognised. */
export function hanOnly(text: string): string {
  return Array.from(text.matchAll(/\p{Script=Han}/gu), (m) => m[0]).join("");
}
