import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerMessage } from "../../../../bot/features/ask/answer-message.js";
import { answerJson } from "../../../../bot/features/ask/render-answer.js";
import { renderBlocks } from "../../../../bot/platforms/slack/render-blocks.js";
import { renderHtml } from "../../../../bot/platforms/telegram/render-html.js";
import type { Answer } from "../../../../knowledge/answer/answer-types.js";
import { parseEvalFile } from "../../../../knowledge/eval/eval-metrics.js";
import {
  FIRST_SCREEN_CHARS,
  SLACK_SEE_MORE_CHARS,
  screenFigures,
} from "../../../helpers/answer-screens.js";
import { slackBlocksProblem } from "../../../helpers/slack-block-check.js";
import { telegramHtmlProblem } from "../../../helpers/telegram-html-check.js";
import {
  offlineAnswererOver,
  openTempKnowledgeBase,
  type TempKnowledgeBase,
} from "../../../helpers/temp-kb.js";

const STAFF = fileURLToPath(new URL("../../../eval/staff.jsonl", import.meta.url));

/**
 * Issue #19's bar, over the answers to every staff question (offline, shipped
 * corpus): each reply fits a phone on Telegram and one Slack message, shows the
 * decisive phrase in view, and leaves out the clauses that do not rule on the
 * asked conduct — which `ask --json` and eval still list.
 */
describe("replies to the staff questions on a phone", () => {
  let t: TempKnowledgeBase;
  const answers: { id: string; answer: Answer }[] = [];
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    const answerer = offlineAnswererOver(t);
    for (const q of parseEvalFile(readFileSync(STAFF, "utf8"), STAFF)) {
      answers.push({ id: q.id, answer: await answerer.answer(q.q) });
    }
  }, 120_000);
  afterAll(() => t.cleanup());

  it(`fit ${FIRST_SCREEN_CHARS} characters before the fold on Telegram and one Slack message without "See more"`, () => {
    expect(answers).toHaveLength(57);
    for (const { id, answer } of answers) {
      const figures = screenFigures(answer);
      const where = `${id}: ${JSON.stringify(figures)}`;
      expect(figures.telegramFirstScreen, where).toBeLessThanOrEqual(FIRST_SCREEN_CHARS);
      expect(figures.slackMessages, where).toBe(1);
      expect(figures.slackLongestBlockText, where).toBeLessThanOrEqual(SLACK_SEE_MORE_CHARS);
      expect(figures.decisiveInView, where).toBe(true);
      const message = answerMessage({ ...answer, id: 1 }, answer.language);
      for (const html of renderHtml(message)) expect(telegramHtmlProblem(html), id).toBeUndefined();
      for (const slack of renderBlocks(message))
        expect(slackBlocksProblem(slack.blocks), id).toBeUndefined();
    }
  });

  it("show the decisive clause with its document, year and article, and nothing of a clause off the conduct", () => {
    let hidden = 0;
    for (const { id, answer } of answers) {
      if (answer.citations.length === 0) continue;
      const message = answerMessage({ ...answer, id: 1 }, answer.language);
      const source = message.sections[3]?.text ?? "";
      const first = answer.citations.find((c) => c.n === answer.parts?.quote?.n);
      expect(source, id).toBe(
        `[1] 《${first?.title}》 · ${first?.year} · ${source.split(" · ").slice(2).join(" · ")}`,
      );
      expect(source.split(" · ")[2], id).not.toBe("");
      const wire = JSON.stringify(message);
      for (const c of answer.citations.filter((c) => c.offConduct)) {
        hidden++;
        // Left out of the reply entirely — no line, no fold, no button — but kept for eval.
        expect(wire, id).not.toContain(`"full:1:${c.n}"`);
        expect(wire, id).not.toContain(JSON.stringify(c.fullText).slice(1, 40));
        expect(
          answerJson(answer).citations.map((j) => j.n),
          id,
        ).toContain(c.n);
      }
    }
    // Questions naming no kind of conduct have clauses kept for their words alone.
    expect(hidden).toBeGreaterThan(0);
  });

  it("answer the issue's dinner-and-shopping-card question with the rules on meals and gifts only", async () => {
    const answer = await offlineAnswererOver(t).answer(
      "医药代表请我吃饭，还要送我购物卡，我能接受吗？",
    );
    const message = answerMessage({ ...answer, id: 1 }, "zh");
    expect(message.sections[0]?.text).toBe("🚫 禁止");
    expect(message.sections[1]?.text).toMatch(/^不可以。.*明令禁止/);
    // The 医保基金 task-table row the old reply showed ("接受返还现金实物") is not shown.
    expect(JSON.stringify(message)).not.toMatch(/医保基金/);
    const figures = screenFigures(answer);
    expect(figures.telegramFirstScreen).toBeLessThanOrEqual(FIRST_SCREEN_CHARS);
    expect(figures.decisiveInView).toBe(true);
  });
});
