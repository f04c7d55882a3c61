/** Chat UI strings: Chinese first, English as the second locale. */
export type Lang = "zh" | "en";

/** Strings by key, each in both languages (the compiler checks none is missing). */
export type StringTable = Record<string, Record<Lang, string>>;

/** A feature's strings as a lookup: `t("key", lang)`. */
export function defineStrings<T extends StringTable>(
  table: T,
): (key: keyof T, lang: Lang) => string {
  return (key, lang) => table[key]?.[lang] ?? String(key);
}

/** The kernel's own strings; each feature keeps its strings in its folder. */
const STRINGS = {
  help: {
    zh: [
      "我是清风，医疗行业廉洁从业问答助手。",
      "直接私聊提问，或在群里 @我 / 回复我的消息 / 用 /ask 提问，例如：药代请我吃饭可以吗？",
      "我只依据已收录的制度文件作答，给出结论（🚫 禁止 / ⚠️ 有条件 / ℹ️ 说明 / ❔ 未涉及）和所依据的条款原文。",
      "在群里提问时加上「私聊回答」，我会私信回复你。",
      "隐私：问题不会与你的姓名或账号一起保存，只做匿名统计。",
    ].join("\n"),
    en: [
      "I am Qingfeng, a healthcare-integrity Q&A assistant.",
      "DM me a question, or in a group @mention me / reply to me / use /ask, e.g. “Can a pharma rep take me to dinner?”",
      "I answer only from the indexed policy documents, with a verdict (🚫 prohibited / ⚠️ conditional / ℹ️ info / ❔ not covered) and the exact clauses.",
      "Add “私聊回答” (answer privately) to a group question and I will reply in a DM.",
      "Privacy: questions are not stored with your name or account, only as anonymous statistics.",
    ].join("\n"),
  },
  notAdmin: {
    zh: "抱歉，这个命令仅限管理员使用。如需权限，请联系本院纪检/行风管理员。",
    en: "Sorry, this command is for admins only. Ask your compliance office for access.",
  },
  unknownCommand: {
    zh: "没有这个命令。发送 /help 查看用法。",
    en: "Unknown command. Send /help for usage.",
  },
  error: {
    zh: "抱歉，处理时出错了，请稍后再试。如持续出错请联系管理员。",
    en: "Sorry, something went wrong. Please try again later, or tell an admin if it keeps happening.",
  },
} satisfies StringTable;

export const t = defineStrings(STRINGS);
