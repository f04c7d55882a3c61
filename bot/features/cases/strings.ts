import { plural } from "../../../lib/text/plural.js";
import type { Lang } from "../../kernel/i18n.js";

/** The cases feature's own words in Chinese; notice titles, facts and clauses are data and stay as written. */
const zh = {
  help: "管理员：/case 案例通报",
  usage: `案例通报命令（管理员）：
/case new — 分步新建（私聊）
/case add 文本 — 粘贴通报全文，自动拆分字段并建议相关条款
/case list — 最近的通报
/case show ID — 查看草稿 / 通报
/case clauses ID add 关键词 | drop 序号 — 增删关联条款
/case publish ID [标签…] [at=2026-12-01T09:00+08:00] — 发布到订阅群（可按标签）
/case status ID — 发送进度
/case pause|resume|cancel ID — 暂停 / 继续 / 取消发送
/case report ID — 送达与确认情况
/case correct ID 文本 — 发布更正（新版本）`,
  failed: (message: string, code: string) => `无法完成：${message}（${code}）`,
  newInDm: "请在与我的私聊中使用 /case new，以免群消息被当作通报内容。",
  addUsage: "请在命令后粘贴通报全文，例如：/case add 某医院医生收受回扣问题……",
  listEmpty: "还没有案例通报。",
  listLine: (id: number, draft: boolean, title: string) =>
    `#${id} [${draft ? "草稿" : "已发布"}] ${title}`,
  noNotice: (ref: string) => `没有第 ${ref} 号通报。`,
  clauseUsage: "用法：/case clauses ID add 关键词 或 /case clauses ID drop 序号",
  sameDraft: (id: number) => `与草稿 #${id} 相同，未新建草稿；请直接修改 #${id}。`,
  noClause: (n: string) => `第 ${n} 条不存在。`,
  badTime: (at: string) => `时间 ${at} 无法识别，请用 ISO 格式，例如 at=2026-12-01T09:00+08:00`,
  published: (id: number, targets: number, from?: string) =>
    `第 ${id} 号通报已发布，将发送到 ${targets} 个群${from ? `（${from} 开始）` : ""}。用 /case status ${id} 查看进度。`,
  publishedShort: (id: number, targets: number) =>
    `第 ${id} 号通报已发布，将发送到 ${targets} 个群。`,
  status: (
    id: number,
    s: {
      targets: number;
      sent: number;
      pending: number;
      failed: number;
      cancelled: number;
      acknowledged: number;
      state: string;
    },
  ) =>
    `第 ${id} 号通报：共 ${s.targets} 个群，已发送 ${s.sent}，待发送 ${s.pending}，失败 ${s.failed}${s.cancelled ? `，已取消 ${s.cancelled}` : ""}；已阅并知晓 ${s.acknowledged} 人。状态：${s.state}`,
  paused: (id: number) => `第 ${id} 号通报的发送已暂停。/case resume ${id} 继续。`,
  resumed: (id: number) => `第 ${id} 号通报继续发送。`,
  cancelled: (id: number, sent: number, cancelled: number) =>
    `第 ${id} 号通报的发送已取消：已发送 ${sent}，取消 ${cancelled}。`,
  correctUsage: "用法：/case correct ID 更正后的通报全文",
  flowCancelled: "已取消，未保存。",
  flow: {
    title: "新建案例通报（第 1/4 步）：请发送通报标题。随时发送“取消”退出。",
    facts: "第 2/4 步：请发送主要违纪事实（基本案情）。",
    result: "第 3/4 步：请发送处理结果；没有可发送“跳过”。",
    lesson: "第 4/4 步：请发送案例剖析 / 警示；没有可发送“跳过”。",
  },
  adminOnlyButton: "只有管理员可以编辑或发布通报。",
  noSuchNotice: "该通报不存在。",
  draftNoAck: "草稿无需确认。",
  acknowledged: "已记录：您已阅读并知晓本通报。",
  acknowledgedAgain: "您已确认过，无需重复。",
  publishedAck: "已发布。",

  // The notice as broadcast and shown.
  cite: (title: string, year?: number) => `《${title}》${year ? `（${year}）` : ""}`,
  noticeTitle: (title: string, correction: boolean) =>
    `${correction ? "【更正】" : ""}典型案例通报：${title}`,
  corrects: (id: number, title?: string) =>
    `本通报更正第 ${id} 号通报${title ? `《${title}》` : ""}，以本通报为准。`,
  facts: "主要违纪事实：",
  result: "处理结果：",
  lesson: "案例剖析：",
  violated: "违反规定：",
  violatedJoin: "；",
  source: "来源：",
  noticeFooter: (id: number) => `通报编号 ${id}。请阅读后点击“已阅并知晓”。`,
  clausesButton: "相关条款",
  fullButton: "全文",
  ackButton: "已阅并知晓",
  clausesTitle: (title: string) => `相关条款 · ${title}`,
  noClauses: "本通报未关联条款。",
  reminderTitle: (title: string) => `提醒：请阅读典型案例通报《${title}》`,
  reminderText: (day: number, outstanding: number) =>
    `通报已发布 ${day} 天，本群仍有 ${outstanding} 位同事未确认。请阅读后点击“已阅并知晓”。`,
  viewButton: "查看通报",
  digestTitle: (period: string) => `本周典型案例通报汇总（${period}）`,
  digestLine: (n: number, title: string, correction: boolean, result?: string) =>
    `${n}. ${correction ? "【更正】" : ""}${title}${result ? `——${result}` : ""}`,
  digestNote: "点击下方按钮查看通报全文。",
  digestButton: (title: string) => `查看：${title}`,
  reviewTitle: (id: number, draft: boolean) => `草稿 #${id}（${draft ? "未发布" : "已发布"}）`,
  reviewClauses: "建议关联条款（点击按钮采纳/取消）：",
  toggleButton: (accepted: boolean, n: number) => `${accepted ? "取消" : "采纳"}条款 ${n}`,
  publishButton: "发布到全部订阅群",

  // The delivery and acknowledgement report.
  reportTitle: (id: number, title: string) => `通报 #${id}《${title}》`,
  reportDelivery: (reached: number, targets: number, pending: number, failed: number) =>
    `送达：${reached}/${targets} 个群${pending ? `，待发送 ${pending}` : ""}${failed ? `，失败 ${failed}` : ""}`,
  reportAcknowledged: (n: number) => `已阅并知晓：${n} 人`,
  reportFailed: (chat: string, platform: string, error: string) =>
    `  失败：${chat}（${platform}）— ${error}`,
  reportNoRoster: "未导入人员名册：无法按科室统计（qingfeng roster import FILE.csv）。",
  reportDepartment: (department: string, acknowledged: number, expected: number, pct: number) =>
    `  ${department}：${acknowledged}/${expected}（${pct}%）`,
  reportOutstanding: (people: { name: string; department: string }[], total: number) =>
    `未确认：${people.map((m) => `${m.name}（${m.department}）`).join("、")}${total > people.length ? ` 等 ${total} 人` : ""}`,
};

/** English for staff of international hospitals: the same keys (tsc fails on a missing or extra one). */
const en: typeof zh = {
  help: "Admins: /case for case notices",
  usage: `Case notice commands (admins):
/case new — create one step by step (in a DM)
/case add TEXT — paste a whole notice; fields are split out and relevant clauses suggested
/case list — recent notices
/case show ID — view a draft or notice
/case clauses ID add KEYWORDS | drop N — link or unlink a clause
/case publish ID [tags…] [at=2026-12-01T09:00+08:00] — publish to subscribed chats (optionally by tag)
/case status ID — sending progress
/case pause|resume|cancel ID — pause, resume or cancel sending
/case report ID — delivery and acknowledgements
/case correct ID TEXT — publish a correction (a new version)`,
  failed: (message, code) => `Could not do that: ${message} (${code})`,
  newInDm:
    "Please use /case new in a private chat with me, so group messages are not taken as notice text.",
  addUsage: "Paste the whole notice after the command, e.g. /case add A doctor took kickbacks…",
  listEmpty: "There are no case notices yet.",
  listLine: (id, draft, title) => `#${id} [${draft ? "draft" : "published"}] ${title}`,
  noNotice: (ref) => `There is no notice #${ref}.`,
  clauseUsage: "Usage: /case clauses ID add KEYWORDS or /case clauses ID drop N",
  sameDraft: (id) => `Identical to draft #${id}: no new draft was made; edit #${id} instead.`,
  noClause: (n) => `There is no clause ${n}.`,
  badTime: (at) => `Cannot read the time ${at}; use ISO format, e.g. at=2026-12-01T09:00+08:00`,
  published: (id, targets, from) =>
    `Notice #${id} is published and will go to ${plural(targets, "chat", "chats")}${from ? ` (starting ${from})` : ""}. Send /case status ${id} to follow progress.`,
  publishedShort: (id, targets) =>
    `Notice #${id} is published and will go to ${plural(targets, "chat", "chats")}.`,
  status: (id, s) =>
    `Notice #${id}: ${plural(s.targets, "chat", "chats")} — ${s.sent} sent, ${s.pending} pending, ${s.failed} failed${s.cancelled ? `, ${s.cancelled} cancelled` : ""}; acknowledged by ${plural(s.acknowledged, "person", "people")}. State: ${s.state}`,
  paused: (id) => `Sending of notice #${id} is paused. /case resume ${id} to continue.`,
  resumed: (id) => `Sending of notice #${id} has resumed.`,
  cancelled: (id, sent, cancelled) =>
    `Sending of notice #${id} is cancelled: ${sent} sent, ${cancelled} cancelled.`,
  correctUsage: "Usage: /case correct ID FULL CORRECTED NOTICE",
  flowCancelled: "Cancelled; nothing was saved.",
  flow: {
    title: "New case notice (step 1 of 4): send the title. Send “cancel” at any time to stop.",
    facts: "Step 2 of 4: send the facts of the case.",
    result: "Step 3 of 4: send the outcome (disciplinary action); send “skip” if there is none.",
    lesson: "Step 4 of 4: send the lessons / warning; send “skip” if there are none.",
  },
  adminOnlyButton: "Only admins can edit or publish notices.",
  noSuchNotice: "That notice does not exist.",
  draftNoAck: "Drafts need no acknowledgement.",
  acknowledged: "Recorded: you have read and acknowledged this notice.",
  acknowledgedAgain: "You have already acknowledged this notice.",
  publishedAck: "Published.",

  cite: (title, year) => `“${title}”${year ? ` (${year})` : ""}`,
  noticeTitle: (title, correction) => `${correction ? "[Correction] " : ""}Case notice: ${title}`,
  corrects: (id, title) =>
    `This notice corrects notice #${id}${title ? ` “${title}”` : ""} and replaces it.`,
  facts: "Facts: ",
  result: "Outcome: ",
  lesson: "Lessons: ",
  violated: "Rules broken: ",
  violatedJoin: "; ",
  source: "Source: ",
  noticeFooter: (id) => `Notice #${id}. Please read it, then press “Acknowledged”.`,
  clausesButton: "Relevant clauses",
  fullButton: "Full text",
  ackButton: "Acknowledged",
  clausesTitle: (title) => `Relevant clauses · ${title}`,
  noClauses: "No clauses are linked to this notice.",
  reminderTitle: (title) => `Reminder: please read the case notice “${title}”`,
  reminderText: (day, outstanding) =>
    `Published ${plural(day, "day", "days")} ago; ${plural(outstanding, "colleague", "colleagues")} in this chat ${outstanding === 1 ? "has" : "have"} not acknowledged it yet. Please read it, then press “Acknowledged”.`,
  viewButton: "View notice",
  digestTitle: (period) => `This week's case notices (${period})`,
  digestLine: (n, title, correction, result) =>
    `${n}. ${correction ? "[Correction] " : ""}${title}${result ? ` — ${result}` : ""}`,
  digestNote: "Press a button below to read a notice in full.",
  digestButton: (title) => `View: ${title}`,
  reviewTitle: (id, draft) => `Draft #${id} (${draft ? "unpublished" : "published"})`,
  reviewClauses: "Suggested clauses (press a button to accept or drop):",
  toggleButton: (accepted, n) => `${accepted ? "Drop" : "Accept"} clause ${n}`,
  publishButton: "Publish to all subscribed chats",

  reportTitle: (id, title) => `Notice #${id} “${title}”`,
  reportDelivery: (reached, targets, pending, failed) =>
    `Delivered: ${reached}/${plural(targets, "chat", "chats")}${pending ? `, ${pending} pending` : ""}${failed ? `, ${failed} failed` : ""}`,
  reportAcknowledged: (n) => `Acknowledged by: ${plural(n, "person", "people")}`,
  reportFailed: (chat, platform, error) => `  Failed: ${chat} (${platform}) — ${error}`,
  reportNoRoster:
    "No staff roster imported, so there is no breakdown by department (qingfeng roster import FILE.csv).",
  reportDepartment: (department, acknowledged, expected, pct) =>
    `  ${department}: ${acknowledged}/${expected} (${pct}%)`,
  reportOutstanding: (people, total) =>
    `Not yet acknowledged: ${people.map((m) => `${m.name} (${m.department})`).join(", ")}${total > people.length ? ` — ${total} in all` : ""}`,
};

const STRINGS: Record<Lang, typeof zh> = { zh, en };

/** The cases feature's words in a chat's language. */
export function caseStrings(lang: Lang): typeof zh {
  return STRINGS[lang];
}
