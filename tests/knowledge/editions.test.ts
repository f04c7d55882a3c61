import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";

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
    const report = await t.kb.ingest([file]);
    expect(report.errors).toEqual([]);
    answerer = new OfflineAnswerer({
      retriever: t.kb.retriever,
      index: t.kb.index,
      contact: "纪检监察室",
    });
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
