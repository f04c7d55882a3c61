import { describe, expect, it } from "vitest";
import type { QuizQuestion } from "../../../knowledge/quiz/question-types.js";
import { validateQuestion } from "../../../knowledge/quiz/validate-question.js";

const KICKBACK_CLAUSE =
  "(八)收受药品、医疗器械、医用卫生材料等医药产品生产、经营企业或经销人员以各种名义、形式给予的回扣;或参加其安排、组织或支付费用的营业性娱乐场所的娱乐活动。";
const source = {
  text: KICKBACK_CLAUSE,
  title: "2024年开展纠正药销领域和医疗服务中不正之风工作方案",
  year: 2024,
  section: "一、整治内容 > (八)",
};

const scenario: QuizQuestion = {
  kind: "scenario",
  stem: "业务员私下提出，按你们科室支架的用量给你返点。你可以接受吗？",
  options: [
    "不可以，应当拒绝并向医院纪检部门报告",
    "可以，只要产品质量合格就行",
    "经科室集体讨论同意后就可以",
    "只要钱交给科室当活动经费就可以",
  ],
  answer: [0],
  explanation: `不可以。依据《${source.title}》（2024）：「收受药品……给予的回扣」`,
  source,
  tags: ["回扣"],
  origin: "scenario",
  conduct: "kickback",
  audiences: ["临床"],
  adminOnly: false,
};

const cloze: QuizQuestion = {
  kind: "single",
  stem: "2024年的规定写道：「收受药品、医疗器械、医用卫生材料等医药产品生产、经营企业或经销人员以各种名义、形式给予的____;」横线处应为：",
  options: ["回扣", "礼品", "购物卡", "红包"],
  answer: [0],
  explanation: `原文——《${source.title}》`,
  source,
  tags: [],
  origin: "cloze",
};

describe("the validator's gates", () => {
  it("passes a situation whose answer is the clause's ruling, quoted", () => {
    expect(validateQuestion(scenario)).toEqual([]);
  });

  it("refuses an answer the clause's ruling does not prove", () => {
    expect(validateQuestion({ ...scenario, answer: [2] }).join()).toMatch(
      /prohibits kickback: that does not prove/,
    );
  });

  it("refuses a situation that does not name its kind of conduct", () => {
    expect(
      validateQuestion({ ...scenario, stem: "医院组织职工春游，你可以报名参加吗？" }).join(),
    ).toMatch(/does not name kickback/);
  });

  it("refuses an explanation whose quote is not the clause's words", () => {
    expect(
      validateQuestion({
        ...scenario,
        explanation: "不可以。依据规定：「严禁收受任何好处」",
      }).join(),
    ).toMatch(/quote is not the clause's words/);
  });

  it("refuses options a character apart, of another sort, or of another length class", () => {
    const bare = { ...scenario, options: ["可以", "不可以", "可以吗", "经审批可以"], answer: [1] };
    expect(validateQuestion(bare).join()).toMatch(/differ by one character/);
    const plain = { ...scenario, options: [...scenario.options.slice(0, 3), "报告科室主任"] };
    expect(validateQuestion(plain).join()).toMatch(/open with a plain verdict/);
    const long = {
      ...scenario,
      options: [
        ...scenario.options.slice(0, 3),
        `只要${"钱全部交给科室当活动经费并且登记造册".repeat(2)}就可以`,
      ],
    };
    expect(validateQuestion(long).join()).toMatch(/not one length class/);
  });

  it("refuses scan damage in the stem or an option", () => {
    const damaged = {
      ...scenario,
      stem: "业务员私下提出，按利益钺条给你返点持续推迸。你可以接受吗？",
    };
    expect(validateQuestion(damaged).join()).toMatch(/scan damage/);
  });

  it("passes a short cloze on a red line, and refuses one whose answer stands in the headings or the stem", () => {
    expect(validateQuestion(cloze)).toEqual([]);
    expect(
      validateQuestion({
        ...cloze,
        source: { ...source, section: "一、整治内容 > 严查回扣" },
      }).join(),
    ).toMatch(/visible in the headings/);
    const withSynonym = {
      ...cloze,
      stem: cloze.stem.replace("各种名义", "返点等各种名义"),
      source: { ...source, text: KICKBACK_CLAUSE.replace("各种名义", "返点等各种名义") },
    };
    expect(validateQuestion(withSynonym).join()).toMatch(/visible in the stem \(返点\)/);
  });

  it("refuses a long cloze, and one on a sentence that draws no red line", () => {
    const long = `${"持续深化医药领域改革，".repeat(10)}严禁收受回扣。`;
    expect(
      validateQuestion({
        ...cloze,
        stem: `规定写道：「${long.replace("回扣", "____")}」横线处应为：`,
        source: { ...source, text: long },
      }).join(),
    ).toMatch(/at most 120 characters/);
    const programme = "各单位要加强回扣问题的宣传教育工作。";
    expect(
      validateQuestion({
        ...cloze,
        stem: `规定写道：「${programme.replace("回扣", "____")}」横线处应为：`,
        source: { ...source, text: programme, section: "三、工作要求" },
      }).join(),
    ).toMatch(/forbids or conditions/);
  });
});
