import { randomUUID } from "node:crypto";
import type { TemplateCard } from "@wecom/aibot-node-sdk";
import { type Button, collapsedAsButtons, type OutMessage } from "../../kernel/out-message.js";

/**
 * WeCom's limits on a button card (模板卡片类型 · button_interaction): at most 6
 * buttons, a title "建议不超过26个字", button text "建议不超过10个字", a key of
 * at most 1,024 bytes, unique in its card.
 */
export const CARD_LIMITS = { buttons: 6, titleChars: 26, buttonChars: 10, keyBytes: 1024 } as const;

/**
 * The buttons of a message as WeCom button cards, 6 to a card, in order. Each
 * key is `<n>:<data>` (n makes keys unique in the card even when two buttons
 * share data); each card gets a fresh task_id (WeCom wants them unique per
 * bot, of letters, digits and _-@). The card's title names the message it
 * belongs to — its title section, or its first line.
 */
export function renderCards(whole: OutMessage): TemplateCard[] {
  const message = collapsedAsButtons(whole);
  const buttons = (message.buttons ?? []).flat();
  if (buttons.length === 0) return [];
  const title = cardTitle(message);
  const cards: TemplateCard[] = [];
  for (let i = 0; i < buttons.length; i += CARD_LIMITS.buttons) {
    const slice = buttons.slice(i, i + CARD_LIMITS.buttons);
    cards.push({
      card_type: "button_interaction",
      main_title: { title },
      button_list: slice.map((b, n) => ({
        text: truncate(b.label, CARD_LIMITS.buttonChars),
        style: 1,
        key: buttonKey(n, b),
      })),
      task_id: `qf-${randomUUID()}`,
    });
  }
  return cards;
}

/** The button data a pressed card key carries; undefined for a key Qingfeng never made. */
export function dataOfKey(key: string): string | undefined {
  const m = /^\d{1,2}:([\s\S]+)$/.exec(key);
  return m?.[1];
}

function buttonKey(n: number, button: Button): string {
  return `${n}:${button.data}`;
}

function cardTitle(message: OutMessage): string {
  const section =
    message.sections.find((s) => s.kind === "title" && s.text.trim() !== "") ??
    message.sections.find((s) => s.text.trim() !== "");
  const line = section?.text
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim();
  return truncate(line ?? "👇", CARD_LIMITS.titleChars);
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
