import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RetrievalClauseLinker } from "../../../../bot/features/cases/retrieval-clause-linker.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../../helpers/temp-kb.js";

/** Real-looking cases; each must be linked to a clause that forbids its conduct. */
const CASES: { tag: string; facts: string; rule: RegExp }[] = [
  {
    tag: "统方",
    facts:
      "某医院信息科工作人员张某利用管理医院信息系统的便利，多次为医药代表统计、提供科室医生的药品处方量数据，收取好处费2万元。",
    rule: /统计医师个人及临床科室有关药品、医用卫生材料的用量信息/,
  },
  {
    tag: "红包",
    facts: "某医院外科主任李某在为患者实施手术前后，多次收受患者家属所送红包共计1.5万元。",
    rule: /收受患者及其亲友的(现金|礼品)/,
  },
  {
    tag: "回扣",
    facts:
      "某医院心内科医生王某在2021年至2023年间，利用处方权，收受某医药公司销售人员给予的药品回扣共计12万元。",
    rule: /回扣|开单提成|提成/,
  },
  {
    tag: "转介患者",
    facts: "某医院医生赵某将在本院就诊的患者介绍到其亲属开办的民营医院治疗，并从中收取介绍费。",
    rule: /介绍患者到本单位或其他单位检查、治疗或购买医药产品等收取提成/,
  },
];

describe("clause linking: a case's facts propose the rule it broke", () => {
  let t: TempKnowledgeBase;
  let linker: RetrievalClauseLinker;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    linker = new RetrievalClauseLinker(t.kb.retriever, t.kb.index.conduct);
  });
  afterAll(() => t.cleanup());

  for (const c of CASES) {
    it(`${c.tag}: the proposed clauses include the forbidding rule`, async () => {
      const proposed = await linker.propose(c.facts);
      expect(proposed.length).toBeGreaterThan(0);
      expect(proposed.length).toBeLessThanOrEqual(3);
      expect(proposed.some((p) => c.rule.test(p.text))).toBe(true);
      for (const p of proposed)
        expect(p).toMatchObject({ origin: "proposed", accepted: true, title: expect.any(String) });
    });
  }

  it("an admin's query adds the best clause", async () => {
    const added = await linker.lookup("收受患者红包");
    expect(added?.origin).toBe("added");
    expect(added?.text).toMatch(/红包|收受患者/);
  });
});
