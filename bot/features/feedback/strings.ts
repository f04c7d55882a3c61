import { defineStrings } from "../../kernel/i18n.js";

export const t = defineStrings({
  thanks: { zh: "谢谢反馈！", en: "Thanks for the feedback!" },
  askReason: {
    zh: "谢谢反馈。可以直接回复一句话说明哪里不对（可选），管理员会审核更正。",
    en: "Thanks. Reply with a sentence on what was wrong (optional); an admin will review it.",
  },
  reasonSaved: { zh: "已记录，管理员会审核。", en: "Noted — an admin will review it." },
  expired: { zh: "这条回答已找不到了。", en: "That answer is no longer available." },
});
