import type { Difficulty, StoredQuestion } from "../../../knowledge/quiz/question-types.js";
import { plural } from "../../../lib/text/plural.js";
import type { Lang } from "../../kernel/i18n.js";

/** What an admin reviewing a draft sees about it besides its text. */
export interface ReviewAbout {
  conduct?: string | undefined;
  audiences: string[];
  adminOnly: boolean;
  difficulty: Difficulty;
  asked: number;
  correct: number;
}

/** The audiences' names for English readers. */
const AUDIENCE_EN: Record<string, string> = {
  临床: "clinical",
  护理: "nursing",
  药学: "pharmacy",
  医技: "medical technology",
  采购与设备: "purchasing and equipment",
  管理: "management",
  行政: "administration",
};

const DIFFICULTY_ZH: Record<Difficulty, string> = {
  easy: "易",
  medium: "中",
  hard: "难",
  unknown: "待统计",
};

/** The quiz feature's own words in Chinese; questions, options and explanations are data from the bank. */
const zh = {
  help: "学习：私聊发送 /quiz 练习（答错的题会隔天再出现）· 群里 /quiz 5 开始一轮测验 · /leaderboard 本周排行（/quiz hide 不显示自己）",
  standing: (
    s: {
      answered: number;
      correct: number;
      streak: number;
      bestStreak: number;
      reviews: number;
      hidden: boolean;
    },
    rate: number,
  ) =>
    `已答 ${s.answered} 题，答对 ${s.correct} 题（${rate}%）；当前连对 ${s.streak}，最佳 ${s.bestStreak}；待复习 ${s.reviews} 题。${s.hidden ? "（不在排行榜显示）" : ""}`,
  hidden: "已设置：排行榜不再显示你的名字。",
  shown: "已设置：排行榜会显示你的名字。",
  adminOnlyAuthoring: "只有管理员可以出题或审核。",
  generated: (added: number, inBank: number, duplicates: number) =>
    `新生成 ${added} 道草稿题；题库已有 ${inBank} 道（另跳过 ${duplicates} 道近似重复）。${added > 0 ? "发送 /quiz review 逐题审核，或 /quiz approve all 全部通过。" : "没有新题可审核。"}`,
  approveUsage: "用法：/quiz approve all（全部通过），或 /quiz review 逐题审核。",
  approved: (n: number) => `已通过 ${n} 道题。发送 /quiz 开始练习。`,
  roundRunning: "本群已有一轮测验在进行。",
  noGroupQuiz: "这个平台暂不支持群测验。",
  noQuestionsAdmin:
    "题库里还没有审核通过的题目：发送 /quiz generate 从文件出题，再 /quiz review 审核（或 qingfeng quiz generate / approve）。",
  noQuestions: "题库里还没有可用的题目，请联系管理员。",
  leaderboardTitle: "本周排行榜",
  leaderboardEmpty: "本周还没有人在这里答题。发送 /quiz 5 开始一轮测验。",
  leaderboardLine: (n: number, name: string, correct: number, answered: number) =>
    `${n}. ${name} — 答对 ${correct}/${answered}`,
  leaderboardOptOut: "不想出现在排行榜上：/quiz hide",
  adminOnlyReview: "只有管理员可以审核题目。",
  reviewApproved: "已通过",
  reviewRetired: "已停用",
  reviewHandled: "该题已处理过。",
  reviewNone: "没有待审核的题目。",
  reviewTitle: (waiting: number, id: number, kind: string) =>
    `待审核 ${waiting} 题 · #${id}（${kind}）`,
  reviewAbout: (about: ReviewAbout) =>
    [
      about.conduct ? `行为：${about.conduct}` : "",
      `对象：${about.audiences.length > 0 ? about.audiences.join("、") : "未指定"}`,
      about.adminOnly ? "仅管理员（不进入职工练习和培训）" : "",
      `难度：${DIFFICULTY_ZH[about.difficulty]}${about.asked > 0 ? `（${about.correct}/${about.asked} 答对）` : ""}`,
    ]
      .filter(Boolean)
      .join(" · "),
  approveButton: "通过",
  retireButton: "停用",
  unavailable: "这道题已不可用。",
  groupAccepted: "已作答，本题结束后公布答案。",
  groupAgain: "你已经答过这道题了。",
  groupClosed: "本题已结束。",
  selected: (letters: string) => `已选：${letters || "无"}`,
  chooseFirst: "请先选择选项。",

  // A question and its outcome.
  kind: {
    single: "单选题",
    multiple: "多选题（选好后点“提交”）",
    truefalse: "判断题",
    scenario: "情景题",
  } satisfies Record<StoredQuestion["kind"], string>,
  practice: "练习",
  submitButton: "提交",
  nextButton: "下一题",
  correct: "✅ 回答正确",
  wrong: "❌ 回答错误",
  rightAnswer: "正确答案：",
  answerJoin: "；",
  source: (title: string, year: number | undefined, section: string) =>
    `出处：《${title}》${year ? `（${year}）` : ""} ${section}`,
  streak: (n: number) => `已连续答对 ${n} 题`,
  comesBack: "这道题会在之后的练习中再次出现，直到连续答对两次。",

  // A timed group round.
  roundHeader: (n: number, total: number, seconds: number) =>
    `第 ${n}/${total} 题（${seconds} 秒）`,
  roundAnswer: (n: number, answer: string) => `第 ${n} 题答案：${answer}`,
  roundTally: (answered: number, right: number) => `${answered} 人作答，${right} 人答对。`,
  roundOver: (total: number) => `测验结束（共 ${total} 题）`,
  roundNobody: "本轮没有人作答。",
  roundBoardLine: (n: number, name: string, correct: number) =>
    `${n}. ${name} — 答对 ${correct} 题`,
  roundPractiseAlone: "私聊我发送 /quiz 可自主练习；答错的题会在之后再次出现。",
};

/** English for staff of international hospitals: the same keys (tsc fails on a missing or extra one). */
const en: typeof zh = {
  help: "Learn: DM /quiz to practise (missed questions come back later) · /quiz 5 in a group for a timed round · /leaderboard (opt out: /quiz hide)",
  standing: (s, rate) =>
    `Answered ${s.answered}, correct ${s.correct} (${rate}%); current streak ${s.streak}, best ${s.bestStreak}; ${s.reviews} due for review.${s.hidden ? " (Hidden from leaderboards.)" : ""}`,
  hidden: "Done: your name will no longer appear on leaderboards.",
  shown: "Done: your name will appear on leaderboards.",
  adminOnlyAuthoring: "Only admins can generate or review questions.",
  generated: (added, inBank, duplicates) =>
    `${added} new draft ${added === 1 ? "question" : "questions"}; ${inBank} already in the bank (${plural(duplicates, "near-duplicate")} skipped). ${added > 0 ? "Send /quiz review to go through them one by one, or /quiz approve all to approve them all." : "Nothing new to review."}`,
  approveUsage: "Usage: /quiz approve all (approve every draft), or /quiz review to go one by one.",
  approved: (n) =>
    `Approved ${n} ${n === 1 ? "question" : "questions"}. Send /quiz to start practising.`,
  roundRunning: "A quiz round is already running in this chat.",
  noGroupQuiz: "Group quizzes are not available on this platform yet.",
  noQuestionsAdmin:
    "The question bank has no approved questions yet: send /quiz generate to draft some from the documents, then /quiz review (or qingfeng quiz generate / approve).",
  noQuestions: "There are no questions available yet; please contact an admin.",
  leaderboardTitle: "This week's leaderboard",
  leaderboardEmpty: "Nobody has answered here this week. Send /quiz 5 to start a round.",
  leaderboardLine: (n, name, correct, answered) => `${n}. ${name} — ${correct}/${answered} correct`,
  leaderboardOptOut: "To stay off the leaderboard: /quiz hide",
  adminOnlyReview: "Only admins can review questions.",
  reviewApproved: "Approved",
  reviewRetired: "Retired",
  reviewHandled: "That question was already reviewed.",
  reviewNone: "No questions are waiting for review.",
  reviewTitle: (waiting, id, kind) => `${waiting} to review · #${id} (${kind})`,
  reviewAbout: (about) =>
    [
      about.conduct ? `Conduct: ${about.conduct}` : "",
      `For: ${about.audiences.length > 0 ? about.audiences.map((a) => AUDIENCE_EN[a] ?? a).join(", ") : "anyone"}`,
      about.adminOnly ? "admins only (never in staff practice or campaigns)" : "",
      `Difficulty: ${about.difficulty}${about.asked > 0 ? ` (${about.correct}/${about.asked} right)` : ""}`,
    ]
      .filter(Boolean)
      .join(" · "),
  approveButton: "Approve",
  retireButton: "Retire",
  unavailable: "This question is no longer available.",
  groupAccepted: "Answer recorded; the right answer is revealed when the question closes.",
  groupAgain: "You have already answered this question.",
  groupClosed: "This question has closed.",
  selected: (letters) => `Selected: ${letters || "none"}`,
  chooseFirst: "Please choose an option first.",

  kind: {
    single: "Single choice",
    multiple: "Multiple choice (press “Submit” when done)",
    truefalse: "True or false",
    scenario: "Scenario",
  },
  practice: "Practice",
  submitButton: "Submit",
  nextButton: "Next question",
  correct: "✅ Correct",
  wrong: "❌ Incorrect",
  rightAnswer: "Correct answer: ",
  answerJoin: "; ",
  source: (title, year, section) => `Source: “${title}”${year ? ` (${year})` : ""} ${section}`,
  streak: (n) => `${n} correct in a row`,
  comesBack:
    "This question will come back in later practice until you answer it right twice in a row.",

  roundHeader: (n, total, seconds) => `Question ${n}/${total} (${seconds} s)`,
  roundAnswer: (n, answer) => `Answer to question ${n}: ${answer}`,
  roundTally: (answered, right) => `${answered} answered, ${right} correct.`,
  roundOver: (total) => `Quiz over (${total} ${total === 1 ? "question" : "questions"})`,
  roundNobody: "Nobody answered this round.",
  roundBoardLine: (n, name, correct) => `${n}. ${name} — ${correct} correct`,
  roundPractiseAlone: "DM me /quiz to practise on your own; questions you miss come back later.",
};

const STRINGS: Record<Lang, typeof zh> = { zh, en };

/** The quiz feature's words in a chat's language. */
export function quizStrings(lang: Lang): typeof zh {
  return STRINGS[lang];
}
