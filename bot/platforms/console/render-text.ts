import type { OutMessage } from "../../kernel/out-message.js";
import { shortcutKey } from "./button-shortcuts.js";

/**
 * Plain-text rendering for a terminal. Buttons become what one types to
 * press them, a row per line: `[👍] [👎]`, `[A] [B] [C]` (see /help).
 */
export function renderText(message: OutMessage): string {
  const lines: string[] = [];
  for (const s of message.sections) {
    if (s.kind === "quote") lines.push(s.text.replace(/^/gm, "    │ "));
    else if (s.kind === "note") lines.push(`  ${s.text.replace(/\n/g, "\n  ")}`);
    else lines.push(s.text);
  }
  for (const row of message.buttons ?? []) {
    if (row.length > 0) lines.push(`  ${row.map((b) => `[${shortcutKey(b.label)}]`).join(" ")}`);
  }
  return lines.join("\n");
}
