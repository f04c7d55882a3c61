import type { Lang } from "../../../kernel/i18n.js";

/** Picks the page's language from a Chinese and an English wording: Chinese first. */
export type Words = (zh: string, en: string) => string;

export function words(lang: Lang): Words {
  return lang === "en" ? (_zh, en) => en : (zh) => zh;
}

/** A number as the page's language writes a share: 0.976 → "97.6%". */
export function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
