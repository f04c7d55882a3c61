import type { Button, OutMessage, Section } from "../../kernel/out-message.js";
import { acceptedClauses, type CaseNotice } from "./case-notice.js";

/**
 * Field budgets that keep a broadcast to one message on every platform
 * (Telegram 4,096 characters including markup): one message per target is
 * what lets the outbox record delivery as one fact. Longer text is cut at a
 * sentence and the full notice is a button away.
 */
const BUDGET = { facts: 1_400, result: 500, lesson: 700, violations: 300 } as const;

export const CASE_ACTIONS = {
  ack: (id: number) => `case:ack:${id}`,
  clauses: (id: number) => `case:clauses:${id}`,
  full: (id: number) => `case:full:${id}`,
  publish: (id: number) => `case:pub:${id}`,
  toggle: (id: number, chunkId: number) => `case:cl:${id}:${chunkId}`,
};

export function noticeButtons(notice: CaseNotice, truncated: boolean): Button[][] {
  const row: Button[] = [];
  if (acceptedClauses(notice).length > 0)
    row.push({ label: "相关条款", data: CASE_ACTIONS.clauses(notice.id) });
  if (truncated) row.push({ label: "全文", data: CASE_ACTIONS.full(notice.id) });
  return [row, [{ label: "已阅并知晓", data: CASE_ACTIONS.ack(notice.id) }]].filter(
    (r) => r.length > 0,
  );
}

/** The broadcast message: within one message, with 相关条款 / 全文 / 已阅并知晓 buttons. */
export function renderNotice(
  notice: CaseNotice,
  corrected?: CaseNotice,
  options: { full?: boolean } = {},
): OutMessage {
  let truncated = false;
  const shorten = (text: string, budget: number): string => {
    if (options.full) return text;
    const cut = cutAtSentence(text, budget);
    if (cut !== text) truncated = true;
    return cut;
  };
  const sections: Section[] = [
    { kind: "title", text: `${notice.correctsId ? "【更正】" : ""}典型案例通报：${notice.title}` },
  ];
  const meta = [
    notice.date,
    notice.institution,
    notice.tags.length ? notice.tags.map((t) => `#${t}`).join(" ") : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  if (meta) sections.push({ kind: "note", text: meta });
  if (notice.correctsId)
    sections.push({
      kind: "note",
      text: `本通报更正第 ${notice.correctsId} 号通报${corrected ? `《${corrected.title}》` : ""}，以本通报为准。`,
    });
  sections.push({ kind: "text", text: `主要违纪事实：${shorten(notice.facts, BUDGET.facts)}` });
  if (notice.result)
    sections.push({ kind: "text", text: `处理结果：${shorten(notice.result, BUDGET.result)}` });
  if (notice.lesson)
    sections.push({ kind: "text", text: `案例剖析：${shorten(notice.lesson, BUDGET.lesson)}` });
  const clauses = acceptedClauses(notice);
  const violated = [
    notice.violations ? shorten(notice.violations, BUDGET.violations) : undefined,
    ...clauses
      .slice(0, 3)
      .map(
        (c) =>
          `《${c.title}》${c.year ? `（${c.year}）` : ""}${c.section ? ` ${shortSection(c.section)}` : ""}`,
      ),
  ].filter(Boolean);
  if (violated.length > 0)
    sections.push({ kind: "text", text: `违反规定：${violated.join("；")}` });
  if (notice.sourceUrl) sections.push({ kind: "note", text: `来源：${notice.sourceUrl}` });
  sections.push({ kind: "note", text: `通报编号 ${notice.id}。请阅读后点击“已阅并知晓”。` });
  return { sections, buttons: noticeButtons(notice, truncated) };
}

/** The clauses a notice rests on, quoted with document, year and section. */
export function renderClauses(notice: CaseNotice): OutMessage {
  const clauses = acceptedClauses(notice);
  const sections: Section[] = [{ kind: "title", text: `相关条款 · ${notice.title}` }];
  if (clauses.length === 0) sections.push({ kind: "text", text: "本通报未关联条款。" });
  clauses.forEach((c, i) => {
    sections.push({
      kind: "text",
      text: `${i + 1}. 《${c.title}》${c.year ? `（${c.year}）` : ""} ${c.section}`,
    });
    sections.push({ kind: "quote", text: c.text });
  });
  return { sections };
}

export function renderReminder(notice: CaseNotice, outstanding: number, day: number): OutMessage {
  return {
    sections: [
      { kind: "title", text: `提醒：请阅读典型案例通报《${notice.title}》` },
      {
        kind: "text",
        text: `通报已发布 ${day} 天，本群仍有 ${outstanding} 位同事未确认。请阅读后点击“已阅并知晓”。`,
      },
    ],
    buttons: [
      [
        { label: "查看通报", data: CASE_ACTIONS.full(notice.id) },
        { label: "已阅并知晓", data: CASE_ACTIONS.ack(notice.id) },
      ],
    ],
  };
}

export function renderDigest(notices: CaseNotice[], period: string): OutMessage {
  return {
    sections: [
      { kind: "title", text: `本周典型案例通报汇总（${period}）` },
      ...notices.map((n, i) => ({
        kind: "text" as const,
        text: `${i + 1}. ${n.correctsId ? "【更正】" : ""}${n.title}${n.result ? `——${cutAtSentence(n.result, 60)}` : ""}`,
      })),
      { kind: "note", text: "点击下方按钮查看通报全文。" },
    ],
    buttons: notices
      .slice(0, 10)
      .map((n) => [
        { label: `查看：${cutAtSentence(n.title, 20)}`, data: CASE_ACTIONS.full(n.id) },
      ]),
  };
}

/** A draft for the admin: fields, proposed clauses with accept/drop toggles, publish. */
export function renderReview(notice: CaseNotice): OutMessage {
  const base = renderNotice(notice, undefined, { full: true });
  const sections: Section[] = [
    {
      kind: "title",
      text: `草稿 #${notice.id}（${notice.status === "draft" ? "未发布" : "已发布"}）`,
    },
    ...base.sections,
    { kind: "text", text: "建议关联条款（点击按钮采纳/取消）：" },
  ];
  notice.clauses.forEach((c, i) => {
    sections.push({
      kind: "text",
      text: `${c.accepted ? "✅" : "⬜"} ${i + 1}. 《${c.title}》${c.year ? `（${c.year}）` : ""} ${c.section}`,
    });
    sections.push({ kind: "quote", text: cutAtSentence(c.text, 200) });
  });
  const buttons: Button[][] = notice.clauses.map((c, i) => [
    {
      label: `${c.accepted ? "取消" : "采纳"}条款 ${i + 1}`,
      data: CASE_ACTIONS.toggle(notice.id, c.chunkId),
    },
  ]);
  if (notice.status === "draft")
    buttons.push([{ label: "发布到全部订阅群", data: CASE_ACTIONS.publish(notice.id) }]);
  return { sections, buttons };
}

function shortSection(section: string): string {
  const last = section.split(" > ").pop() ?? section;
  return last.length > 30 ? `${last.slice(0, 30)}…` : last;
}

export function cutAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const end = Math.max(head.lastIndexOf("。"), head.lastIndexOf("；"), head.lastIndexOf("！"));
  return `${end > max * 0.5 ? head.slice(0, end + 1) : head}…`;
}
