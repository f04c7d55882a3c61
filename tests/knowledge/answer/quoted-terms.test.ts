import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  offlineAnswererOver,
  openTempKnowledgeBase,
  type TempKnowledgeBase,
} from "../../helpers/temp-kb.js";

/**
 * "“一案多查”是什么意思？": a question about a term the documents use. The clause
 * carrying the quoted term answers it, even when another clause shares more
 * of the question's other words; 是什么意思 is how it asks, not what it asks about.
 */
describe("questions that quote a term of the documents", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase({}, { corpus: false });
    const file = join(t.dir, "纠风工作要点.txt");
    writeFileSync(
      file,
      [
        "关于印发2025年纠风工作要点的通知",
        "一、加强纠风工作组织领导",
        "（一）健全纠风工作机制。各级纠风工作机制成员单位要加强纠风工作的组织领导，纠风工作要纳入年度考核，纠风工作情况按季度报送。",
        "（二）强化案件查办。落实“一案多查”，密切与纪检监察部门的联动，加强线索移交。",
        "（三）规范医药代表接待。医药代表应在指定地点、指定时间接待，不得进入诊疗区域。",
        // Shares more of the question's words (纠风工作, 讲, 意思) than the clause that answers it.
        "（四）讲清纠风工作的意思。纠风工作里讲的要求，各单位要讲清楚其意思和纠风工作的目的。",
      ].join("\n"),
      "utf8",
    );
    await t.kb.ingest([file]);
  });
  afterAll(() => t.cleanup());

  it("cites first the clause that carries the quoted term", async () => {
    const answer = await offlineAnswererOver(t).answer("纠风工作里讲的“一案多查”是什么意思？");
    expect(answer.verdict).not.toBe("not_covered");
    expect(answer.citations[0]?.fullText).toContain("一案多查");
  });

  it("does not count 是什么意思 as a topic the documents must speak of", () => {
    const { index } = t.kb;
    const tokens = index.queryTokens("“一案多查”是什么意思？").tokens;
    expect(index.overlap(tokens, "落实“一案多查”，密切与纪检监察部门的联动")).toBe(1);
  });
});
