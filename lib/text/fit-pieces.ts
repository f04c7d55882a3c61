/** Units ending at a line end or a sentence end (Chinese or Western punctuation). */
const UNIT = /[\s\S]*?(?:[\n。！？!?；;]+|\.(?=\s)|$)/g;

/**
 * Cuts `text` into pieces that each pass `fits` (a platform's limit, measured
 * on the piece as it will be rendered), joining whole lines and sentences while
 * they fit; a sentence too long on its own is cut between characters (never
 * inside one) at the longest prefix that fits. Nothing is dropped or reordered:
 * the pieces concatenate to `text`.
 */
export function fitPieces(text: string, fits: (piece: string) => boolean): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const unit of text.match(UNIT) ?? []) {
    if (unit === "") continue;
    if (fits(current + unit)) {
      current += unit;
      continue;
    }
    if (current !== "") pieces.push(current);
    current = "";
    let rest = Array.from(unit);
    while (rest.length > 0 && !fits(rest.join(""))) {
      const take = longestFitting(rest, fits);
      pieces.push(rest.slice(0, take).join(""));
      rest = rest.slice(take);
    }
    current = rest.join("");
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

/**
 * Joins `blocks` with `separator` into as few messages as fit, in order; a block
 * that does not fit on its own is its own message (callers cut blocks with fitPieces first).
 */
export function packJoined(
  blocks: readonly string[],
  separator: string,
  fits: (message: string) => boolean,
): string[] {
  const messages: string[] = [];
  let current = "";
  for (const block of blocks) {
    const joined = current === "" ? block : `${current}${separator}${block}`;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    if (current !== "") messages.push(current);
    current = block;
  }
  if (current !== "") messages.push(current);
  return messages;
}

/** How many leading characters fit (at least one, so cutting always moves on). */
function longestFitting(chars: string[], fits: (piece: string) => boolean): number {
  let lo = 1;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(chars.slice(0, mid).join(""))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
