import type { Lang } from "../../kernel/i18n.js";
import type { Button, OutMessage, Section } from "../../kernel/out-message.js";
import { acceptedClauses, type CaseNotice } from "./case-notice.js";
import { caseStrings } from "./strings.js";

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

export function noticeButtons(notice: CaseNotice, lang: Lang, truncated: boolean): Button[][] {
  const s = caseStrings(lang);
  const row: Button[] = [];
  if (acceptedClauses(notice).length > 0)
    row.push({ label: s.clausesButton, data: CASE_ACTIONS.clauses(notice.id) });
  if (truncated) row.push({ label: s.fullButton, data: CASE_ACTIONS.full(notice.id) });
  return [row, [{ label: s.ackButton, data: CASE_ACTIONS.ack(notice.id) }]].filter(
    (r) => r.length > 0,
  );
}

/**
 * The broadcast message, in the target chat's language: within one message,
 * with 相关条款 / 全文 / 已阅并知晓 buttons. The notice's own text is data and
 * stays as the admin wrote it.
 */
export function renderNotice(
  notice: CaseNotice,
  lang: Lang,
  corrected?: CaseNotice,
  options: { full?: boolean } = {},
): OutMessage {
  const s = caseStrings(lang);
  let truncated = false;
  const shorten = (text: string, budget: number): string => {
    if (options.full) return text;
    const cut = cutAtSentence(text, budget);
    if (cut !== text) truncated = true;
    return cut;
  };
  const sections: Section[] = [
    { kind: "title", text: s.noticeTitle(notice.title, Boolean(notice.correctsId)) },
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
    sections.push({ kind: "note", text: s.corrects(notice.correctsId, corrected?.title) });
  sections.push({ kind: "text", text: `${s.facts}${shorten(notice.facts, BUDGET.facts)}` });
  if (notice.result)
    sections.push({ kind: "text", text: `${s.result}${shorten(notice.result, BUDGET.result)}` });
  if (notice.lesson)
    sections.push({ kind: "text", text: `${s.lesson}${shorten(notice.lesson, BUDGET.lesson)}` });
  const clauses = acceptedClauses(notice);
  const violated = [
    notice.violations ? shorten(notice.violations, BUDGET.violations) : undefined,
    ...clauses
      .slice(0, 3)
      .map((c) => `${s.cite(c.title, c.year)}${c.section ? ` ${shortSection(c.section)}` : ""}`),
  ].filter(Boolean);
  if (violated.length > 0)
    sections.push({ kind: "text", text: `${s.violated}${violated.join(s.violatedJoin)}` });
  if (notice.sourceUrl) sections.push({ kind: "note", text: `${s.source}${notice.sourceUrl}` });
  sections.push({ kind: "note", text: s.noticeFooter(notice.id) });
  return { sections, buttons: noticeButtons(notice, lang, truncated) };
}

/** The clauses a notice rests on, quoted with document, year and section. */
export function renderClauses(notice: CaseNotice, lang: Lang): OutMessage {
  const s = caseStrings(lang);
  const clauses = acceptedClauses(notice);
  const sections: Section[] = [{ kind: "title", text: s.clausesTitle(notice.title) }];
  if (clauses.length === 0) sections.push({ kind: "text", text: s.noClauses });
  clauses.forEach((c, i) => {
    sections.push({ kind: "text", text: `${i + 1}. ${s.cite(c.title, c.year)} ${c.section}` });
    sections.push({ kind: "quote", text: c.text });
  });
  return { sections };
}

export function renderReminder(
  notice: CaseNotice,
  lang: Lang,
  outstanding: number,
  day: number,
): OutMessage {
  const s = caseStrings(lang);
  return {
    sections: [
      { kind: "title", text: s.reminderTitle(notice.title) },
      { kind: "text", text: s.reminderText(day, outstanding) },
    ],
    buttons: [
      [
        { label: s.viewButton, data: CASE_ACTIONS.full(notice.id) },
        { label: s.ackButton, data: CASE_ACTIONS.ack(notice.id) },
      ],
    ],
  };
}

export function renderDigest(notices: CaseNotice[], lang: Lang, period: string): OutMessage {
  const s = caseStrings(lang);
  return {
    sections: [
      { kind: "title", text: s.digestTitle(period) },
      ...notices.map((n, i) => ({
        kind: "text" as const,
        text: s.digestLine(
          i + 1,
          n.title,
          Boolean(n.correctsId),
          n.result ? cutAtSentence(n.result, 60) : undefined,
        ),
      })),
      { kind: "note", text: s.digestNote },
    ],
    buttons: notices
      .slice(0, 10)
      .map((n) => [
        { label: s.digestButton(cutAtSentence(n.title, 20)), data: CASE_ACTIONS.full(n.id) },
      ]),
  };
}

/** A draft for the admin: fields, proposed clauses with accept/drop toggles, publish. */
export function renderReview(notice: CaseNotice, lang: Lang): OutMessage {
  const s = caseStrings(lang);
  const base = renderNotice(notice, lang, undefined, { full: true });
  const sections: Section[] = [
    { kind: "title", text: s.reviewTitle(notice.id, notice.status === "draft") },
    ...base.sections,
    { kind: "text", text: s.reviewClauses },
  ];
  notice.clauses.forEach((c, i) => {
    sections.push({
      kind: "text",
      text: `${c.accepted ? "✅" : "⬜"} ${i + 1}. ${s.cite(c.title, c.year)} ${c.section}`,
    });
    sections.push({ kind: "quote", text: cutAtSentence(c.text, 200) });
  });
  const buttons: Button[][] = notice.clauses.map((c, i) => [
    { label: s.toggleButton(c.accepted, i + 1), data: CASE_ACTIONS.toggle(notice.id, c.chunkId) },
  ]);
  if (notice.status === "draft")
    buttons.push([{ label: s.publishButton, data: CASE_ACTIONS.publish(notice.id) }]);
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
