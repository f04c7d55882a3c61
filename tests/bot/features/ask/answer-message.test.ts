import { describe, expect, it } from "vitest";
import { answerMessage } from "../../../../bot/features/ask/answer-message.js";
import {
  articleOf,
  fullClauseText,
  referenceLine,
} from "../../../../bot/features/ask/citation-reference.js";
import { answerText } from "../../../../bot/features/ask/render-answer.js";
import type { Answer, Citation } from "../../../../knowledge/answer/answer-types.js";

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  chunkId: 10 + n,
  docId: n,
  title: `文件${n}`,
  year: 2020 + n,
  section: `一、整治内容 > (${n})`,
  text: `第${n}条 不得收受回扣，违者严肃处理。`,
  fullText: `第${n}条 不得收受回扣，违者严肃处理。其他内容${n}。`,
  source: `${n}.txt`,
  score: 1 / n,
  alsoIn: [],
  ...extra,
});

/** An offline answer: explanation in parts, citation 2 kept for its words only. */
const offline = (): Answer & { id: number } => ({
  id: 42,
  question: "药代送的购物卡能收吗？",
  verdict: "prohibited",
  answer:
    "不可以。你说的情况属于收受回扣，是明令禁止、严肃查处的行为。依据：“不得收受回扣”[1]（注：该条款见于2021年的文件。）",
  parts: {
    lead: "不可以。你说的情况属于收受回扣，是明令禁止、严肃查处的行为。",
    quote: { n: 1, text: "不得收受回扣" },
    notes: ["注：该条款见于2021年的文件。"],
  },
  citations: [
    citation(1),
    citation(2, { offConduct: true, title: "医保基金文件" }),
    citation(3, { alsoIn: [{ docId: 9, title: "旧版", year: 2019, source: "9.txt" }] }),
  ],
  language: "zh",
  mode: "offline",
});

describe("the answer as a chat message", () => {
  it("puts the verdict, the plain sentences and the decisive phrase first, the rest one tap away", () => {
    const message = answerMessage(offline(), "zh");
    expect(message.sections.map((s) => s.kind)).toEqual([
      "title",
      "text",
      "quote",
      "note",
      "note",
      "note",
      "collapsed",
      "collapsed",
    ]);
    const [title, lead, quote, source, notes, further] = message.sections;
    expect(title?.text).toBe("🚫 禁止");
    expect(lead?.text).toBe("不可以。你说的情况属于收受回扣，是明令禁止、严肃查处的行为。");
    expect(quote?.text).toBe("不得收受回扣");
    expect(source?.text).toBe("[1] 《文件1》 · 2021 · 一、整治内容 (1)");
    expect(notes?.text).toBe("注：该条款见于2021年的文件。");
    // Citation 2 does not rule on the asked conduct: not shown, and 3 is shown as [2].
    expect(further?.text).toBe("依据：\n[2] 《文件3》 · 2023 · 一、整治内容 (3)");
    const folded = message.sections.filter((s) => s.kind === "collapsed");
    expect(folded.map((s) => [s.label, s.open.data])).toEqual([
      ["全文 [1]", "full:42:1"],
      ["全文 [2]", "full:42:3"],
    ]);
    expect(folded[1]?.text).toBe(
      "《文件3》 · 2023\n一、整治内容 > (3)\n第3条 不得收受回扣，违者严肃处理。其他内容3。\n另见：《旧版》（2019）",
    );
    const everything = JSON.stringify(message);
    expect(everything).not.toContain("医保基金文件");
    expect(everything).not.toContain("full:42:2");
    expect(message.buttons).toEqual([
      [
        { label: "👍", data: "fb:u:42" },
        { label: "👎", data: "fb:d:42" },
      ],
    ]);
  });

  it("needs no 全文 for a short clause quoted whole", () => {
    const answer = offline();
    answer.citations = [citation(1, { text: "不得收受回扣", fullText: "不得收受回扣" })];
    const message = answerMessage(answer, "zh");
    expect(message.sections.some((s) => s.kind === "collapsed")).toBe(false);
    expect(message.sections.some((s) => s.text.startsWith("依据"))).toBe(false);
  });

  it("shows a written answer whole, a clause it names though marked aside, numbered as shown", () => {
    const answer: Answer & { id: number } = {
      id: 5,
      question: "Can I accept a gift card from a rep?",
      verdict: "prohibited",
      answer: "No — gifts from firms are forbidden [1]; see also [3].",
      citations: [
        citation(1, { text: "…不得收受回扣，违者严肃处理。其他很长的内容、更多的内容。" }),
        citation(2, { offConduct: true }),
        citation(3, { offConduct: true }),
      ],
      language: "en",
      mode: "llm",
    };
    const message = answerMessage(answer, "en");
    const texts = message.sections.map((s) => s.text);
    expect(texts[0]).toBe("🚫 Prohibited");
    expect(texts[1]).toBe("No — gifts from firms are forbidden [1]; see also [2].");
    // No phrase chosen by the answerer: the opening sentence of the cited excerpt.
    expect(texts[2]).toBe("…不得收受回扣，违者严肃处理。…");
    expect(texts).toContain("Also cited:\n[2] 《文件3》 · 2023 · 一、整治内容 (3)");
    const folded = message.sections.flatMap((s) => (s.kind === "collapsed" ? [s] : []));
    expect(folded.map((s) => s.open)).toEqual([
      { label: "Full [1]", data: "full:5:1" },
      { label: "Full [2]", data: "full:5:3" },
    ]);
  });

  it("answers 未涉及 with the verdict and whom to ask, nothing folded", () => {
    const message = answerMessage(
      {
        id: 3,
        question: "年休假几天？",
        verdict: "not_covered",
        answer: "现有制度文件中没有找到直接回答这个问题的条款，清风不作推测。请咨询纪检监察室。",
        parts: {
          lead: "现有制度文件中没有找到直接回答这个问题的条款，清风不作推测。请咨询纪检监察室。",
          notes: [],
        },
        citations: [],
        language: "zh",
        mode: "offline",
      },
      "zh",
    );
    expect(message.sections.map((s) => s.kind)).toEqual(["title", "text"]);
  });

  it("prints the same order at a terminal, the shown clauses in full after it", () => {
    const text = answerText(offline());
    const at = (needle: string) => text.indexOf(needle);
    expect(text.startsWith("🚫 禁止\n不可以。")).toBe(true);
    expect(at("│ 不得收受回扣")).toBeLessThan(at("[1] 《文件1》"));
    expect(at("[1] 《文件1》")).toBeLessThan(at("依据："));
    expect(at("依据：")).toBeLessThan(at("全文 [1]"));
    expect(text).toContain("全文 [2] 《文件3》 · 2023");
    expect(text).not.toContain("医保基金文件");
  });
});

describe("one-line references", () => {
  it("name the article, with its heading when the article is only a number, never the title", () => {
    expect(articleOf("一、整治内容 > (八)", "方案")).toBe("一、整治内容 (八)");
    expect(articleOf("二、工作任务 > 10.划清“红包”回扣问题红线", "要点")).toBe(
      "10.划清“红包”回扣问题红线",
    );
    expect(articleOf("任务分工表 > 7 全面构建“亲清”型廉洁规范的医商关系", "任务分工表")).toBe(
      "7 全面构建“亲清”型廉洁规范的医商关系",
    );
    expect(articleOf("", "方案")).toBe("");
    const long = articleOf(`一 > ${"很长的标题".repeat(20)}`, "方案");
    expect(Array.from(long)).toHaveLength(40);
    expect(long.endsWith("…")).toBe(true);
    expect(referenceLine(citation(1, { section: "", year: undefined }), 1, "en")).toBe(
      "[1] 《文件1》 · main text",
    );
    // A clause cited beside the decisive one shows the phrase it rules on the asked
    // conduct with: a news article's title alone can read as off the topic.
    const beside = citation(2, {
      title: "九部门：严肃查处直播带货",
      section: "",
      ruling: "落实优先采购使用中选产品政策",
    });
    expect(referenceLine(beside, 2, "zh")).toBe(
      "[2] 《九部门：严肃查处直播带货》 · 2022 · 正文：“落实优先采购使用中选产品政策”",
    );
    expect(referenceLine(beside, 2, "en")).toBe(
      '[2] 《九部门：严肃查处直播带货》 · 2022 · main text: "落实优先采购使用中选产品政策"',
    );
    // Under 全文, the whole path but the table's own title, which is named just above.
    const row = citation(7, {
      section: "文件7 > 7 全面构建医商关系",
      scan: true,
      issuer: "省卫健委",
    });
    expect(fullClauseText(row, "zh").split("\n").slice(0, 2)).toEqual([
      "《文件7》 · 2027 · 省卫健委 · 扫描件，可能有错字",
      "7 全面构建医商关系",
    ]);
  });
});
