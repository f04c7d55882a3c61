import { defineStrings } from "../../kernel/i18n.js";

export const t = defineStrings({
  rateLimited: {
    zh: "提问有点频繁，请稍等一会儿再问。",
    en: "You are asking a little fast — please wait a moment and try again.",
  },
  askUsage: {
    zh: "请在 /ask 后面写上问题，例如：/ask 药代请我吃饭可以吗？",
    en: "Put your question after /ask, e.g. /ask Can I accept a gift from a patient?",
  },
  privateSent: { zh: "已私信回复你。", en: "I have answered you in a private message." },
  privateFailed: {
    zh: "无法私信你：请先私聊我并发送 /start，然后再在群里提问。",
    en: "I cannot DM you yet: open a private chat with me and send /start, then ask again.",
  },
  expired: { zh: "这条回答已找不到了。", en: "That answer is no longer available." },
  furtherRules: { zh: "依据：", en: "Also cited:" },
  fullClause: { zh: "全文", en: "Full" },
  alsoIn: { zh: "另见：", en: "Also in: " },
});
