/** Chat UI strings: Chinese first, English as the second locale. */
export type Lang = "zh" | "en";

const STRINGS = {
  help: {
    zh: [
      "我是清风，医疗行业廉洁从业问答助手。",
      "直接私聊提问，或在群里 @我 / 回复我的消息 / 用 /ask 提问，例如：药代请我吃饭可以吗？",
      "我只依据已收录的制度文件作答，给出结论（🚫 禁止 / ⚠️ 有条件 / ℹ️ 说明 / ❔ 未涉及）和所依据的条款原文。",
      "在群里提问时加上「私聊回答」，我会私信回复你。",
      "隐私：问题不会与你的姓名或账号一起保存，只做匿名统计。",
      "学习：私聊发送 /quiz 练习（答错的题会隔天再出现）· 群里 /quiz 5 开始一轮测验 · /leaderboard 本周排行（/quiz hide 不显示自己）· /campaign 培训任务",
      "命令：/ask 提问 · /subscribe 订阅 · /unsubscribe 退订 · /language 语言 · /stats 统计、/case 案例通报（管理员）· /help 帮助",
    ].join("\n"),
    en: [
      "I am Qingfeng, a healthcare-integrity Q&A assistant.",
      "DM me a question, or in a group @mention me / reply to me / use /ask, e.g. “Can a pharma rep take me to dinner?”",
      "I answer only from the indexed policy documents, with a verdict (🚫 prohibited / ⚠️ conditional / ℹ️ info / ❔ not covered) and the exact clauses.",
      "Add “私聊回答” (answer privately) to a group question and I will reply in a DM.",
      "Privacy: questions are not stored with your name or account, only as anonymous statistics.",
      "Learn: DM /quiz to practise (missed questions come back later) · /quiz 5 in a group for a timed round · /leaderboard (opt out: /quiz hide) · /campaign for assigned training",
      "Commands: /ask · /subscribe · /unsubscribe · /language · /stats, /case (admins) · /help",
    ].join("\n"),
  },
  notAdmin: {
    zh: "抱歉，这个命令仅限管理员使用。如需权限，请联系本院纪检/行风管理员。",
    en: "Sorry, this command is for admins only. Ask your compliance office for access.",
  },
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
  thanks: { zh: "谢谢反馈！", en: "Thanks for the feedback!" },
  askReason: {
    zh: "谢谢反馈。可以直接回复一句话说明哪里不对（可选），管理员会审核更正。",
    en: "Thanks. Reply with a sentence on what was wrong (optional); an admin will review it.",
  },
  reasonSaved: { zh: "已记录，管理员会审核。", en: "Noted — an admin will review it." },
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
  unknownCommand: {
    zh: "没有这个命令。发送 /help 查看用法。",
    en: "Unknown command. Send /help for usage.",
  },
  grantUsage: { zh: "用法：/grant <用户ID>", en: "Usage: /grant <user id>" },
  granted: { zh: "已授予管理员权限：", en: "Admin granted to " },
  revoked: { zh: "已撤销管理员权限：", en: "Admin revoked from " },
  notGranted: { zh: "该用户没有数据库授予的管理员权限：", en: "No database grant for " },
  error: {
    zh: "抱歉，处理时出错了，请稍后再试。如持续出错请联系管理员。",
    en: "Sorry, something went wrong. Please try again later, or tell an admin if it keeps happening.",
  },
  expired: { zh: "这条回答已找不到了。", en: "That answer is no longer available." },
} as const;

export type StringKey = keyof typeof STRINGS;

export function t(key: StringKey, lang: Lang): string {
  return STRINGS[key][lang];
}
