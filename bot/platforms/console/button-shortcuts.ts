import type { Button } from "../../kernel/out-message.js";

/** What typing a line does to the buttons on screen. */
export type Press =
  | { kind: "press"; data: string }
  /** Several buttons of the same message start with what was typed. */
  | { kind: "ambiguous"; keys: string[] }
  /** It names a button, but no message on screen shows one. */
  | { kind: "no-button" }
  /** Not a button: a question or a command. */
  | { kind: "none" };

/**
 * How a button is typed in the terminal: its label without the checkbox a
 * multiple-choice option wears and without the brackets of "全文 [1]", so the
 * line shows `[全文 1]` and `[A]` and that is what one types.
 */
export function shortcutKey(label: string): string {
  return label
    .replace(/[☐☑]/g, "")
    .replace(/[[\]【】]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Typed text and keys compared alike: case, spaces and brackets do not matter. */
function folded(text: string): string {
  return shortcutKey(text).replace(/\s+/g, "").toLowerCase();
}

/**
 * Lines that mean a button even when none is on screen, so they are never
 * asked as questions: a lone letter (a quiz option), text with no letter or
 * digit at all (👍, 👎), and the full-clause button of answers, which is
 * only shown when a quote was shortened.
 */
function looksLikeButton(typed: string): boolean {
  const t = typed.trim();
  return /^[a-z]$/i.test(t) || !/[\p{L}\p{N}]/u.test(t) || /^(全文|full)\s*\[?\d*\]?$/i.test(t);
}

/** How many messages' buttons stay typeable: far more than a screen shows. */
const REMEMBERED_MESSAGES = 200;

/**
 * The buttons the terminal has shown, so typing a button's key presses it:
 * the button of the LAST message that showed that key (the 👍 of the latest
 * answer, the "B" of the latest quiz question). Within a message an exact
 * key wins; otherwise two or more characters beginning one of its buttons
 * press it ("已阅" for "已阅并知晓", "全文" when one quote was cut).
 */
export class ButtonShortcuts {
  private readonly messages: Button[][] = [];

  /** Records the buttons of a message just printed (newest last). */
  remember(buttons: readonly (readonly Button[])[] | undefined): void {
    const flat = (buttons ?? []).flat();
    if (flat.length === 0) return;
    this.messages.push(flat);
    if (this.messages.length > REMEMBERED_MESSAGES) this.messages.shift();
  }

  /** What a typed line presses, if anything. */
  press(typed: string): Press {
    const want = folded(typed);
    if (want === "") return { kind: "none" };
    const prefixes = [...want].length >= 2;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const buttons = this.messages[i] ?? [];
      const exact = buttons.find((b) => folded(b.label) === want);
      if (exact) return { kind: "press", data: exact.data };
      const starts = prefixes ? buttons.filter((b) => folded(b.label).startsWith(want)) : [];
      const only = starts[0];
      if (starts.length === 1 && only) return { kind: "press", data: only.data };
      if (starts.length > 1) {
        return { kind: "ambiguous", keys: starts.map((b) => shortcutKey(b.label)) };
      }
    }
    return looksLikeButton(typed) ? { kind: "no-button" } : { kind: "none" };
  }
}
