import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandFollowUp, type OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";
import { runEvalFile } from "../helpers/eval-run.js";
import {
  offlineAnswererOver,
  openTempKnowledgeBase,
  type TempKnowledgeBase,
} from "../helpers/temp-kb.js";

describe("offline answers on the shipped corpus", () => {
  let t: TempKnowledgeBase;
  let answerer: OfflineAnswerer;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    answerer = offlineAnswererOver(t, "院纪委（电话 1234）");
  });
  afterAll(() => t.cleanup());

  const runEval = (name: string) => runEvalFile(answerer, t, name);

  it("meets the quality floor on the dev question set", async () => {
    const { metrics, answers } = await runEval("dev.jsonl");
    for (const { question, answer } of answers) {
      if (question.verdict !== "prohibited") continue;
      // Never "allowed-sounding" for a prohibition without naming it.
      expect(
        answer.verdict === "prohibited" || /不得|严禁|禁止|查处|打击/.test(answer.answer),
      ).toBe(true);
    }
    expect(metrics["hit@3"]).toBeGreaterThanOrEqual(0.95);
    expect(metrics.verdictAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(metrics.abstention).toBe(1);
  });

  it("holds up on questions asked the way staff talk (colloquial set)", async () => {
    const { metrics } = await runEval("colloquial.jsonl");
    expect(metrics["hit@5"]).toBeGreaterThanOrEqual(0.9);
    expect(metrics.verdictAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(metrics.abstention).toBe(1);
  });

  it("answers the dinner question with a prohibition and the clause it rests on", async () => {
    const answer = await answerer.answer("药代请我吃饭可以吗？");
    expect(answer.verdict).toBe("prohibited");
    expect(answer.citations.length).toBeGreaterThanOrEqual(1);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    // The documents' words for a meal someone else pays: 宴请 or 招待.
    expect(answer.citations[0]?.fullText).toMatch(/宴请|招待/);
    expect(answer.answer).toContain("[1]");
    // It names the conduct in the asker's words and the rules' words.
    expect(answer.answer).toMatch(/^不可以。你说的情况（药代、吃饭）属于接受医药企业安排/);
  });

  it("answers a chatty question that quotes a document's own name from the clause that carries it", async () => {
    const answer = await answerer.answer(
      "听说有个叫《医疗机构行风建设自查自纠表》的东西，我们科主任让我去弄，这玩意儿到底啥时候交？交给谁呀？",
    );
    expect(answer.verdict).toBe("info");
    expect(answer.citations[0]?.fullText).toContain("于10月25日前报送");
  });

  it("answers what a term of the documents means: 是什么意思 is how the question asks, not a topic", async () => {
    const terms = ["两票制", "零报告", "亲清", "带金销售", "院务公开"];
    const missed: string[] = [];
    for (const term of terms) {
      const answer = await answerer.answer(`纠风文件里讲的“${term}”是什么意思？`);
      const cited = answer.citations[0]?.fullText ?? "";
      if (answer.verdict === "not_covered" || !cited.includes(term)) missed.push(term);
    }
    expect(missed).toEqual([]);
  });

  it("abstains, cites nothing and says whom to ask when the documents are silent", async () => {
    const answer = await answerer.answer("食堂周末几点开饭？");
    expect(answer.verdict).toBe("not_covered");
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toContain("院纪委（电话 1234）");
  });

  it("quotes citations verbatim from the stored clause", async () => {
    const answer = await answerer.answer("医务人员可以收受医药企业给的回扣吗？");
    for (const c of answer.citations) {
      const core = c.text.replace(/^…|…$/g, "");
      expect(c.fullText).toContain(core);
    }
  });

  it("answers an English question in English, quoting the Chinese clause verbatim", async () => {
    const answer = await answerer.answer(
      "Can doctors accept kickbacks from pharmaceutical companies?",
    );
    expect(answer.language).toBe("en");
    expect(answer.verdict).toBe("prohibited");
    // The explanation names the conduct asked about, in English.
    expect(answer.answer).toMatch(/^No — this is taking kickbacks.*, which the rules forbid\./);
    expect(answer.citations[0]?.fullText).toContain("回扣");
    const offTopic = await answerer.answer("What is the wifi password of the hospital?");
    expect(offTopic.verdict).toBe("not_covered");
    expect(offTopic.answer).toMatch(/do not cover this question/);
  });

  it("understands a follow-up with the previous question as context", async () => {
    const previousQuestion = "医院接受的捐赠资金可以用来发职工福利吗？";
    const followUp = await answerer.answer("那出国旅游呢？", { previousQuestion });
    expect(followUp.verdict).toBe("prohibited");
    // The explanation quotes what the follow-up asks about, not the earlier topic.
    expect(followUp.answer).toContain("出国(境)旅游");
    expect(followUp.answer).not.toContain("职工福利");

    const academic = await answerer.answer("那学术会议呢？", {
      previousQuestion: "药代请我吃饭可以吗？",
    });
    expect(academic.verdict).not.toBe("not_covered");
    expect(academic.citations.some((c) => /学术/.test(c.fullText))).toBe(true);
  });
});

describe("expandFollowUp", () => {
  it("adds the previous question only to short questions that refer back", () => {
    expect(expandFollowUp("那学术会议呢？", "药代请我吃饭可以吗？")).toBe(
      "药代请我吃饭可以吗？ 那学术会议呢？",
    );
    expect(expandFollowUp("医保卡可以违规兑付现金吗？", "药代请我吃饭可以吗？")).toBe(
      "医保卡可以违规兑付现金吗？",
    );
    expect(expandFollowUp("那学术会议呢？", undefined)).toBe("那学术会议呢？");
  });
});
