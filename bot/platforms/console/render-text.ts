import type { OutMessage } from "../../kernel/out-message.js";

/** Plain-text rendering for a terminal: buttons become typed shortcuts. */
export function renderText(message: OutMessage): string {
  const lines: string[] = [];
  for (const s of message.sections) {
    if (s.kind === "quote") lines.push(s.text.replace(/^/gm, "    │ "));
    else if (s.kind === "note") lines.push(`  ${s.text.replace(/\n/g, "\n  ")}`);
    else lines.push(s.text);
  }
  const buttons = (message.buttons ?? []).flat();
  if (buttons.length > 0) {
    lines.push(`  ${buttons.map((b) => `${b.label} → :${b.data}`).join("   ")}`);
  }
  return lines.join("\n");
}
