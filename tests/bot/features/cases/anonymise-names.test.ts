import { describe, expect, it } from "vitest";
import { anonymise } from "../../../../bot/features/cases/anonymise.js";
import type { CaseFields } from "../../../../bot/features/cases/case-notice.js";
import { personalNames } from "../../../../bot/features/cases/personal-names.js";

const notice = (facts: string, more: Partial<CaseFields> = {}): CaseFields => ({
  title: "典型案例通报",
  people: [],
  facts,
  tags: [],
  ...more,
});

/** Every name must be gone from every field, and the words that are not names must stay. */
function expectAnonymised(out: CaseFields, names: string[], kept: string[]): void {
  const all = [out.title, out.facts, out.violations, out.result, out.lesson, ...out.people].join(
    "\n",
  );
  for (const name of names) expect(all, `${name} left in:\n${all}`).not.toContain(name);
  for (const word of kept) expect(all, `${word} damaged:\n${all}`).toContain(word);
}

describe("anonymising every person in a typical-case notice", () => {
  it("a director, the sales rep who paid him, and a colleague named in a list", () => {
    const out = anonymise(
      notice(
        "2021年至2023年，XX医院心内科主任王某某收受医药代表赵强给予的回扣共计12万元，并伙同护士长陈小红、王五将处方信息提供给赵强。赵强多次在院外宴请王某某。",
        {
          result: "王某某被开除党籍；陈小红、王五受到警告处分；赵强所在的医药公司被列入不良记录。",
          lesson: "心内科要加强对医药代表的管理，杜绝统方。",
        },
      ),
    );
    expectAnonymised(
      out,
      ["赵强", "陈小红", "王五"],
      ["王某某", "心内科主任", "医药代表赵某", "护士长陈某", "统方", "医药公司"],
    );
    expect(out.facts).toContain("赵某多次在院外宴请王某某");
    expect(out.result).toContain("陈某、王某受到警告处分");
  });

  it("a patient and family named in context, a doctor and a pharmacist", () => {
    const out = anonymise(
      notice(
        "患者张三在某县人民医院骨科住院期间，其家属李四从江苏省黄山路赶来，向主治医师刘建华送红包3000元。刘建华收受后，又与药剂科药师孙丽一起违规开具阿莫西林胶囊和马来酸依那普利片。",
        { result: "刘建华被给予记过处分，孙丽被调离岗位，红包已退还张三。" },
      ),
    );
    expectAnonymised(
      out,
      ["张三", "李四", "刘建华", "孙丽"],
      [
        "骨科",
        "药剂科",
        "阿莫西林胶囊",
        "马来酸依那普利片",
        "江苏省黄山路",
        "患者张某",
        "家属李某",
      ],
    );
    expect(out.result).toBe("刘某被给予记过处分，孙某被调离岗位，红包已退还张某。");
  });

  it("a president, a deputy, a company boss and an accountant, with a compound surname", () => {
    const out = anonymise(
      notice(
        "某市妇幼保健院院长周国平授意副院长欧阳明与医疗器械公司经理黄海涛串通，在设备采购中虚抬价格，会计钱芳经手支付好处费。",
        {
          title: "某妇幼保健院院长周国平等人收受回扣案",
          people: ["周国平"],
          lesson: "高压氧科、康复科等采购设备须经院务会集体决策；金额较大的须公开招标。",
        },
      ),
    );
    expectAnonymised(
      out,
      ["周国平", "欧阳明", "黄海涛", "钱芳"],
      ["高压氧科", "康复科", "金额较大", "院长周某", "副院长欧阳某", "经理黄某", "会计钱某"],
    );
    expect(out.title).toBe("某妇幼保健院院长周某等人收受回扣案");
  });

  it("two doctors named at the start of sentences and joined by 和", () => {
    const out = anonymise(
      notice(
        "某卫生院医生郑伟和谢华多次收受药品回扣。郑伟承认收受回扣5万元，谢华辩称系讲课费。高血压门诊的处方量因此异常升高。",
      ),
    );
    expectAnonymised(out, ["郑伟", "谢华"], ["高血压门诊", "处方量", "讲课费"]);
    expect(out.facts).toContain("郑某承认收受回扣5万元，谢某辩称系讲课费");
  });

  it("a medical-insurance fraud: an official, a pharmacy owner and a patient", () => {
    const out = anonymise(
      notice(
        "某县医保局工作人员马明与定点药店老板严冬合谋骗取医保基金。马明担任稽核员期间，多次为严冬通风报信；医生孔祥东为患者王小二虚开处方。",
        { result: "马明、严冬被移送司法机关，孔祥东被吊销执业证书。" },
      ),
    );
    expectAnonymised(
      out,
      ["马明", "严冬", "孔祥东", "王小二"],
      ["医保局", "定点药店", "医保基金", "稽核员", "司法机关", "老板严某合谋", "患者王某虚开"],
    );
  });

  it("leaves names already anonymised and ordinary words alone", () => {
    expect(
      personalNames(
        "某医院外科医生李某某、护士王X利用职务便利，向周边药店介绍患者，金额达2万元，程序违规。",
      ),
    ).toEqual([]);
    expect(
      personalNames("医生高度重视，护士长期在岗，院长江苏籍，王府井药店和同仁堂药店。"),
    ).toEqual([]);
  });
});
