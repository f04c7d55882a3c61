import type { Lang } from "../../kernel/i18n.js";

/** The /console chat command's words. */
const zh = {
  help: "管理控制台：/console 获取一次性登录链接（仅管理员）",
  link: (url: string, minutes: number) =>
    `管理控制台登录链接（${minutes} 分钟内有效，仅可使用一次，请勿转发）：\n${url}`,
  sentPrivately: "登录链接已私信发给你。",
  dmFirst: "无法私信你：请先私聊我发送 /start，再发送 /console。",
};

const en: typeof zh = {
  help: "Admin console: /console sends a one-time sign-in link (admins only)",
  link: (url, minutes) =>
    `Admin console sign-in link (valid ${minutes} minutes, works once, do not forward):\n${url}`,
  sentPrivately: "The sign-in link was sent to you privately.",
  dmFirst: "I cannot message you privately: send me /start in a DM first, then /console.",
};

export function consoleCommandStrings(lang: Lang): typeof zh {
  return lang === "en" ? en : zh;
}
