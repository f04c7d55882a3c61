import type { StoredQuestion } from "../../../knowledge/quiz/question-types.js";
import type { Lang } from "../../kernel/i18n.js";
import type { Button, OutMessage, Section } from "../../kernel/out-message.js";
import type { AnswerOutcome } from "./quiz-service.js";
import { quizStrings } from "./strings.js";

export const QUIZ_ACTIONS = {
  answer: (qid: number, option: number) => `qz:a:${qid}:${option}`,
  toggle: (qid: number, option: number) => `qz:t:${qid}:${option}`,
  submit: (qid: number) => `qz:s:${qid}`,
  next: "qz:n",
};

export const letter = (i: number) => String.fromCharCode(65 + i);

/**
 * A question with its options in `order` (a shuffle of the original
 * indexes). Buttons carry the original index, so any order answers right.
 * The bank's text is shown as stored; only the frame follows `lang`.
 */
export function questionMessage(
  q: StoredQuestion,
  order: number[],
  lang: Lang,
  options: { header?: string | undefined; selected?: Set<number> } = {},
): OutMessage {
  const s = quizStrings(lang);
  const sections: Section[] = [
    { kind: "title", text: `${options.header ?? s.practice} · ${s.kind[q.kind]}` },
    { kind: "text", text: q.stem },
    { kind: "text", text: order.map((o, i) => `${letter(i)}. ${q.options[o]}`).join("\n") },
  ];
  let buttons: Button[][];
  if (q.kind === "multiple") {
    const selected = options.selected ?? new Set<number>();
    buttons = [
      order.map((o, i) => ({
        label: `${selected.has(o) ? "☑" : "☐"} ${letter(i)}`,
        data: QUIZ_ACTIONS.toggle(q.id, o),
      })),
      [{ label: s.submitButton, data: QUIZ_ACTIONS.submit(q.id) }],
    ];
  } else {
    buttons = [order.map((o, i) => ({ label: letter(i), data: QUIZ_ACTIONS.answer(q.id, o) }))];
  }
  return { sections, buttons };
}

export function correctText(q: StoredQuestion, order: number[], lang: Lang): string {
  return q.answer
    .map((a) => `${letter(order.indexOf(a) >= 0 ? order.indexOf(a) : a)}. ${q.options[a]}`)
    .join(quizStrings(lang).answerJoin);
}

/** Right or wrong, the right answer, the explanation quoting the clause, and what comes next. */
export function outcomeMessage(
  o: AnswerOutcome,
  order: number[],
  lang: Lang,
  next = true,
): OutMessage {
  const s = quizStrings(lang);
  const q = o.question;
  const sections: Section[] = [
    { kind: "title", text: o.correct ? s.correct : s.wrong },
    { kind: "text", text: `${s.rightAnswer}${correctText(q, order, lang)}` },
    { kind: "text", text: q.explanation },
    { kind: "note", text: s.source(q.source.title, q.source.year, q.source.section) },
  ];
  if (o.correct && o.streak >= 2) sections.push({ kind: "note", text: s.streak(o.streak) });
  if (o.reviewDueAt !== undefined) sections.push({ kind: "note", text: s.comesBack });
  return {
    sections,
    buttons: next ? [[{ label: s.nextButton, data: QUIZ_ACTIONS.next }]] : undefined,
  };
}

/** Display order for a question: a stable shuffle per (question, seed). */
export function displayOrder(q: StoredQuestion, seed: number): number[] {
  if (q.kind === "truefalse") return q.options.map((_, i) => i);
  const order = q.options.map((_, i) => i);
  let x = (seed ^ (q.id * 2_654_435_761)) >>> 0;
  for (let i = order.length - 1; i > 0; i--) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    const j = x % (i + 1);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}
