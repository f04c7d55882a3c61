import { defineStrings } from "../../kernel/i18n.js";

export const t = defineStrings({
  subscribed: {
    zh: "本群已订阅典型案例通报。",
    en: "This chat is now subscribed to case notices.",
  },
  unsubscribed: {
    zh: "本群已退订典型案例通报。",
    en: "This chat is unsubscribed from case notices.",
  },
  notSubscribed: { zh: "本群尚未订阅。", en: "This chat was not subscribed." },
  subscribeGroupOnly: {
    zh: "请在群组中使用订阅命令。",
    en: "Use subscribe in a group or channel.",
  },
  language: { zh: "已切换为中文。", en: "Switched to English." },
  languageUsage: {
    zh: "用法：/language zh 或 /language en",
    en: "Usage: /language zh or /language en",
  },
  grantUsage: { zh: "用法：/grant <用户ID>", en: "Usage: /grant <user id>" },
  granted: { zh: "已授予管理员权限：", en: "Admin granted to " },
  revoked: { zh: "已撤销管理员权限：", en: "Admin revoked from " },
  notGranted: { zh: "该用户没有数据库授予的管理员权限：", en: "No database grant for " },
});
