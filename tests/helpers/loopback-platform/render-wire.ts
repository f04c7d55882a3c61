import type { OutMessage } from "../../../bot/kernel/out-message.js";
import type { WireButton } from "./wire.js";

/** A rich message as loopback text: sections one per paragraph, quotes marked, buttons kept. */
export function renderWire(message: OutMessage): { text: string; buttons?: WireButton[][] } {
  const text = message.sections
    .map((s) => (s.kind === "quote" ? s.text.replace(/^/gm, "> ") : s.text))
    .join("\n");
  const buttons = message.buttons?.map((row) => row.map((b) => ({ label: b.label, data: b.data })));
  return buttons && buttons.length > 0 ? { text, buttons } : { text };
}
