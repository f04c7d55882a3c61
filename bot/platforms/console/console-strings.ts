import type { Lang } from "../../kernel/i18n.js";

/** What the knowledge base holds, as `qingfeng docs` counts it. */
export interface CorpusCounts {
  /** Files ingested. */
  sources: number;
  /** Documents in them (a compilation file holds several). */
  documents: number;
  /** Distinct clauses (one stored once however many documents repeat it). */
  chunks: number;
}

export interface WelcomeFacts {
  counts: CorpusCounts;
  dataDir: string;
  /** This start ingested the shipped corpus into an empty data directory. */
  firstIngest: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Always in both languages: said while the chat may be half-way through an
 * answer, before its language could be looked up.
 */
export const CTRL_C_AGAIN = "再按一次 Ctrl-C 退出 / press Ctrl-C again to quit";

export interface ConsoleStrings {
  welcome(facts: WelcomeFacts): string;
  help: string;
  bye: string;
  /** Where the admin console of this terminal's bot is served. */
  consoleAt(url: string): string;
  noButton(typed: string): string;
  ambiguous(typed: string, keys: string[]): string;
}

const zh: ConsoleStrings = {
  welcome: ({ counts, dataDir, firstIngest }) =>
    [
      firstIngest ? "首次启动：已导入随附的制度文件。" : "",
      `清风已就绪：${counts.sources} 个文件，含 ${counts.documents} 份制度文件（汇编内含多份），共 ${counts.chunks} 条条款。数据目录：${dataDir}`,
      "未配置聊天平台，就在这个终端里对话。直接输入问题，例如：药代请我吃饭可以吗？",
      "/help 查看命令和按钮用法 · /quit、退出 或 Ctrl-D 结束对话",
      "Local chat in this terminal — /language en for English, /help for help, /quit to leave.",
    ]
      .filter(Boolean)
      .join("\n"),
  help: [
    "在这个终端里：",
    "· 消息下方方括号里的是按钮，输入方括号里的文字即可按下：[👍] [👎] 评价回答，[全文 1] 看第 1 条引文的全文。",
    "· 测验题输入选项前的字母（A、B、C…，大小写均可）作答；多选题逐个输入字母，再输入「提交」。",
    "· 按钮按的是最近一条显示它的消息；输入按钮不算提问，也不计入统计。",
    "· 结束对话：输入 /quit、/exit 或「退出」，或按 Ctrl-D；按两次 Ctrl-C 也可以。",
  ].join("\n"),
  bye: "再见。",
  consoleAt: (url) => `管理控制台：${url}（在这里发送 /console 获取登录链接）`,
  noButton: (typed) =>
    `「${typed}」是按钮，但现在没有显示它的消息。先提问或发送 /quiz，消息下方会列出可以输入的按钮。`,
  ambiguous: (typed, keys) =>
    `有几个按钮都以「${typed}」开头：${keys.map((k) => `[${k}]`).join(" ")}，请输入其中一个。`,
};

const en: ConsoleStrings = {
  welcome: ({ counts, dataDir, firstIngest }) =>
    [
      firstIngest ? "First start: the shipped policy documents were ingested." : "",
      `Qingfeng is ready: ${plural(counts.sources, "file", "files")} holding ${plural(counts.documents, "document", "documents")} (a compilation holds several), ${plural(counts.chunks, "distinct clause", "distinct clauses")}. Data in ${dataDir}.`,
      "No chat platform configured: this terminal is the chat. Ask a question, e.g. 药代请我吃饭可以吗？",
      "/help for commands and button shortcuts · /quit, /exit or Ctrl-D to leave",
    ]
      .filter(Boolean)
      .join("\n"),
  help: [
    "In this terminal:",
    "· Buttons are shown in square brackets under a message; type what is inside to press one: [👍] [👎] rate an answer, [Full 1] shows citation 1 in full.",
    "· Answer a quiz question by typing the letter shown next to the option (A, B, C…, either case); for multiple choice type each letter, then “Submit”.",
    "· A typed button presses the latest message that showed it; it is never asked as a question nor counted in the statistics.",
    "· To leave: type /quit, /exit or 退出, or press Ctrl-D; pressing Ctrl-C twice also quits.",
  ].join("\n"),
  bye: "Bye.",
  consoleAt: (url) => `Admin console: ${url} (send /console here for a sign-in link)`,
  noButton: (typed) =>
    `“${typed}” is a button, but no message on screen shows it. Ask a question or send /quiz first: the buttons you can type are listed under each message.`,
  ambiguous: (typed, keys) =>
    `Several buttons start with “${typed}”: ${keys.map((k) => `[${k}]`).join(" ")}. Type one of them.`,
};

export function consoleStrings(lang: Lang): ConsoleStrings {
  return lang === "en" ? en : zh;
}
