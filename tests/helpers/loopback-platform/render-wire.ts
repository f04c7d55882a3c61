import { collapsedAsButtons, type OutMessage } from "../../../bot/kernel/out-message.js";
import type { WireButton } from "./wire.js";

/**
 * A rich message as loopback text: sections one per paragraph, quotes marked,
 * buttons kept. The loopback folds nothing: collapsed text becomes its button.
 */
export function renderWire(shown: OutMessage): { text: string; buttons?: WireButton[][] } {
  const message = collapsedAsButtons(shown);
  const text = message.sections
    .map((s) => (s.kind === "quote" ? s.text.replace(/^/gm, "> ") : s.text))
    .join("\n");
  const buttons = message.buttons?.map((row) => row.map((b) => ({ label: b.label, data: b.data })));
  return buttons && buttons.length > 0 ? { text, buttons } : { text };
}
