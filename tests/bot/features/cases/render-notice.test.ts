import { describe, expect, it } from "vitest";
import type { CaseNotice } from "../../../../bot/features/cases/case-notice.js";
import { renderNotice } from "../../../../bot/features/cases/render-notice.js";
import { renderBlocks } from "../../../../bot/platforms/slack/render-blocks.js";
import { renderHtml, TELEGRAM_MAX_CHARS } from "../../../../bot/platforms/telegram/render-html.js";

const sentence = "某医院医生利用职务便利多次收受医药代表给予的回扣<款项>，金额巨大&情节严重。";
const long: CaseNotice = {
  id: 7,
  status: "published",
  title: "某医院医生收受回扣问题",
  people: [],
  facts: sentence.repeat(150),
  result: "开除。".repeat(300),
  lesson: "要以案为鉴。".repeat(300),
  tags: ["回扣"],
  clauses: [
    {
      chunkId: 1,
      text: "严禁收受回扣。",
      title: "九项准则",
      year: 2021,
      section: "三、",
      origin: "proposed",
      accepted: true,
    },
    {
      chunkId: 2,
      text: "被取消的条款。",
      title: "其他",
      section: "一、",
      origin: "proposed",
      accepted: false,
    },
  ],
  createdBy: "t",
  createdAt: "2026-11-24T00:00:00Z",
  publishedAt: "2026-11-24T00:00:00Z",
};

describe("rendering a notice for broadcast", () => {
  it("fits a very long notice into one Telegram message and one Slack message, with 全文 for the rest", () => {
    const message = renderNotice(long, "zh");
    const html = renderHtml(message);
    expect(html).toHaveLength(1);
    expect(html[0]?.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
    expect(html[0]).toContain("&lt;款项&gt;");
    expect(html[0]).not.toContain("<款项>");
    expect(renderBlocks(message)).toHaveLength(1);
    const data = message.buttons?.flat().map((b) => b.data);
    expect(data).toEqual(["case:clauses:7", "case:full:7", "case:ack:7"]);
    // Only accepted clauses are named under 违反规定.
    const text = message.sections.map((s) => s.text).join("\n");
    expect(text).toContain("《九项准则》（2021）");
    expect(text).not.toContain("《其他》");
  });

  it("fits the same notice in one message with the English frame an English chat gets", () => {
    const message = renderNotice(long, "en");
    const html = renderHtml(message);
    expect(html).toHaveLength(1);
    expect(html[0]?.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
    expect(renderBlocks(message)).toHaveLength(1);
    expect(message.buttons?.flat().map((b) => b.label)).toEqual([
      "Relevant clauses",
      "Full text",
      "Acknowledged",
    ]);
  });

  it("the full view carries every word, and a short notice needs no 全文 button", () => {
    const full = renderNotice(long, "zh", undefined, { full: true });
    expect(full.sections.map((s) => s.text).join("")).toContain(long.facts);
    const short = renderNotice(
      { ...long, facts: sentence, result: "开除。", lesson: "警示。" },
      "zh",
    );
    expect(short.buttons?.flat().map((b) => b.data)).toEqual(["case:clauses:7", "case:ack:7"]);
  });
});
