import { plural } from "../../../lib/text/plural.js";
import type { Lang } from "../../kernel/i18n.js";

/** The campaigns feature's own words in Chinese; campaign names and questions are data. */
const zh = {
  help: "培训：/campaign 查看培训任务",
  noCampaign: (id: number) => `没有进行中的第 ${id} 号培训。发送 /campaign 查看。`,
  takeInDm: (id: number) => `请私聊我发送 /campaign ${id} 答题，成绩只记在你自己名下。`,
  noneOpen: "目前没有进行中的培训。",
  openTitle: "进行中的培训",
  stateDone: "已完成",
  stateAttest: "待确认",
  openLine: (id: number, name: string, due: string, state: string) =>
    `#${id} ${name}（截止 ${due}）— ${state}`,
  startButton: (name: string) => `开始：${name}`,
  notFound: "该培训不存在。",
  startHint: (id: number) => `发送 /campaign ${id} 开始答题。`,
  dmMe: (id: number) => `请私聊我发送 /campaign ${id} 答题。`,
  passFirst: "请先完成并通过培训答题。",
  attestedZero: (name: string) => `已记录你的零报告确认。培训《${name}》已完成，谢谢！`,
  attestedReport: (contact: string) =>
    `已记录。请通过保密渠道联系 ${contact} 说明情况；你的培训已完成。`,
  failed: (correct: number, total: number, passPct: number, id: number) =>
    `本次答对 ${correct}/${total}，未达到及格线 ${passPct}%。发送 /campaign ${id} 重新作答。`,
  passedDone: (correct: number, total: number, name: string) =>
    `恭喜通过！答对 ${correct}/${total}。培训《${name}》已完成。`,
  passedTitle: (correct: number, total: number) => `恭喜通过！答对 ${correct}/${total}`,
  attestPrompt:
    "最后一步：请确认本人在本次培训涉及的方面没有违规情况（零报告）；如有情况需要报告，请选择下方第二项。",
  attestZeroButton: "本人无违规情况（零报告）",
  attestReportButton: "我有情况需要报告",
  alreadyDone: (name: string) => `你已完成培训《${name}》。`,
  attestPending: "你已通过答题，还差最后一步确认",
  questionsGone: "这次培训的题目已不可用，请联系管理员。",
  questionHeader: (restarted: boolean, name: string, n: number, total: number) =>
    `${restarted ? "重新作答 · " : ""}培训《${name}》第 ${n}/${total} 题`,

  // Reminders through the outbox, in each target chat's language.
  reminderTitle: "廉洁从业培训",
  reminderStart: (name: string, questions: number, passPct: number, due: string) =>
    `培训开始：《${name}》，共 ${questions} 题，${passPct}% 及格，截止 ${due}。`,
  reminderDue3: (name: string, due: string) =>
    `提醒：培训《${name}》还有 3 天截止（${due}），你尚未完成。`,
  reminderDue1: (name: string, due: string) =>
    `提醒：培训《${name}》明天截止（${due}），你尚未完成。`,
  reminderOverdue: (name: string, due: string) =>
    `培训《${name}》已于 ${due} 截止，你尚未完成，请尽快补做。`,
  reminderHint: (id: number) => `私聊我发送 /campaign ${id} 开始答题。`,
  reminderButton: "开始答题",
};

/** English for staff of international hospitals: the same keys (tsc fails on a missing or extra one). */
const en: typeof zh = {
  help: "Training: /campaign for assigned training",
  noCampaign: (id) => `There is no open training #${id}. Send /campaign to see what is open.`,
  takeInDm: (id) =>
    `Please DM me /campaign ${id} to take it, so the result is recorded under your own name.`,
  noneOpen: "There is no open training right now.",
  openTitle: "Open training",
  stateDone: "completed",
  stateAttest: "confirmation pending",
  openLine: (id, name, due, state) => `#${id} ${name} (due ${due}) — ${state}`,
  startButton: (name) => `Start: ${name}`,
  notFound: "That training does not exist.",
  startHint: (id) => `Send /campaign ${id} to start.`,
  dmMe: (id) => `Please DM me /campaign ${id} to take it.`,
  passFirst: "Please complete and pass the training questions first.",
  attestedZero: (name) =>
    `Your zero-report confirmation is recorded. Training “${name}” is complete — thank you!`,
  attestedReport: (contact) =>
    `Recorded. Please contact ${contact} through the confidential channel to explain; your training is complete.`,
  failed: (correct, total, passPct, id) =>
    `You got ${correct}/${total} right, below the ${passPct}% pass mark. Send /campaign ${id} to try again.`,
  passedDone: (correct, total, name) =>
    `Congratulations, you passed with ${correct}/${total}! Training “${name}” is complete.`,
  passedTitle: (correct, total) => `Congratulations, you passed with ${correct}/${total}`,
  attestPrompt:
    "One last step: please confirm that you have no violations in the areas this training covers (zero report). If you have something to report, choose the second option below.",
  attestZeroButton: "I have nothing to report (zero report)",
  attestReportButton: "I have something to report",
  alreadyDone: (name) => `You have completed training “${name}”.`,
  attestPending: "You passed the questions; one last step to confirm",
  questionsGone: "This training's questions are no longer available; please contact an admin.",
  questionHeader: (restarted, name, n, total) =>
    `${restarted ? "New attempt · " : ""}Training “${name}” · question ${n}/${total}`,

  reminderTitle: "Integrity training",
  reminderStart: (name, questions, passPct, due) =>
    `Training “${name}” has started: ${plural(questions, "question")}, pass mark ${passPct}%, due ${due}.`,
  reminderDue3: (name, due) =>
    `Reminder: training “${name}” is due in 3 days (${due}) and you have not finished it.`,
  reminderDue1: (name, due) =>
    `Reminder: training “${name}” is due tomorrow (${due}) and you have not finished it.`,
  reminderOverdue: (name, due) =>
    `Training “${name}” was due on ${due} and you have not finished it; please complete it as soon as possible.`,
  reminderHint: (id) => `DM me /campaign ${id} to start.`,
  reminderButton: "Start",
};

const STRINGS: Record<Lang, typeof zh> = { zh, en };

/** The campaigns feature's words in a chat's language. */
export function campaignStrings(lang: Lang): typeof zh {
  return STRINGS[lang];
}
