import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";
import {
  offlineAnswererOver,
  openTempKnowledgeBase,
  type TempKnowledgeBase,
} from "../helpers/temp-kb.js";

describe("editions: newest first, older-only clauses flagged", () => {
  let t: TempKnowledgeBase;
  let answerer: OfflineAnswerer;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    const file = join(t.dir, "2025-points.txt");
    writeFileSync(
      file,
      [
        "2025年纠正医药购销领域和医疗服务中不正之风工作要点",
        "一、深入治理医疗领域乱象",
        "（一）坚决维护医保基金安全。精准打击篡改肿瘤患者基因检测结果、串换高值医用耗材、血液透析骗取医保基金以及医保卡违规兑付现金等违法违规行为。",
      ].join("\n"),
    );
    // A national document, ingested as one (`--official`): for forbidden conduct an official
    // clause decides over an unknown one, so an unvouched 2025 file would lose to the older
    // official editions that also rule on 欺诈骗保.
    const report = await t.kb.ingest([file], undefined, { authority: "official" });
    expect(report.errors).toEqual([]);
    answerer = offlineAnswererOver(t);
  });
  afterAll(() => t.cleanup());

  it("cites the newest edition of a clause several years share, listing the older ones", async () => {
    const answer = await answerer.answer("医保卡可以违规兑付现金吗？");
    const first = answer.citations[0];
    expect(first?.year).toBe(2025);
    expect(first?.alsoIn.map((a) => a.year)).toEqual(expect.arrayContaining([2022]));
    expect(first?.olderEditionOnly).toBe(false);
    expect(answer.answer).not.toContain("较新的文件未见相同表述");
  });

  it("says so when the cited clause appears only in an older edition", async () => {
    const answer = await answerer.answer("打击号贩子、黑救护车有什么要求？");
    expect(answer.citations[0]?.year).toBe(2021);
    expect(answer.citations[0]?.olderEditionOnly).toBe(true);
    expect(answer.answer).toContain("较新的文件未见相同表述");
    // A question that does not ask permission is not answered "不可以".
    expect(answer.answer.startsWith("不可以")).toBe(false);
  });
});

describe("focusQuote", () => {
  it("quotes the matching piece of a run-on sentence and the words that forbid it, verbatim", async () => {
    const { focusQuote } = await import("../../knowledge/answer/decisive-sentence.js");
    const sentence =
      "对医务人员在从事诊疗活动过程中收受患者及其亲友的礼品、礼金、消费卡和有价证券，接受其安排、组织或者支付费用的宴请或者旅游、健身、娱乐等活动安排，收受医疗器械、药品、试剂等生产、经营企业或人员以各种名义、形式给予的回扣、提成，加大监督检查、执纪执法力度，对违反行业纪律的医务人员批评教育一批、通报处理一批、严肃清理一批，持续保持对红包、回扣行为的高压打击态势。";
    const scorer = {
      overlap: (tokens: string[], text: string) => tokens.filter((t) => text.includes(t)).length,
    };
    const quote = focusQuote(sentence, ["宴请", "安排"], scorer, { max: 60, mustShow: /打击/ });
    expect(quote).toContain("接受其安排、组织或者支付费用的宴请");
    expect(quote).toContain("高压打击态势");
    expect(quote.length).toBeLessThan(sentence.length);
    for (const piece of quote.split("…").filter(Boolean)) expect(sentence).toContain(piece);
  });
});
