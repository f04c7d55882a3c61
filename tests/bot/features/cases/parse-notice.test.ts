import { describe, expect, it } from "vitest";
import { anonymise, namesAfterRoles } from "../../../../bot/features/cases/anonymise.js";
import { parseNotice } from "../../../../bot/features/cases/parse-notice.js";

describe("parsing a case notice", () => {
  it("reads Markdown headings into fields", () => {
    const f = parseNotice(`# 某医院药剂科主任收受回扣问题

## 基本案情
2020年至2022年，某医院药剂科主任张某利用药品遴选便利，收受医药代表给予的回扣。

## 处理结果
张某被开除党籍、解除聘用合同。

## 案例剖析
药品遴选是廉洁风险高发环节。

标签：回扣, 药品采购`);
    expect(f.title).toBe("某医院药剂科主任收受回扣问题");
    expect(f.facts).toMatch(/^2020年至2022年.*回扣。$/);
    expect(f.result).toBe("张某被开除党籍、解除聘用合同。");
    expect(f.lesson).toBe("药品遴选是廉洁风险高发环节。");
    expect(f.tags).toEqual(["回扣", "药品采购"]);
  });

  it("reads numbered and inline headings (一、基本案情 / 处理结果：…)", () => {
    const f = parseNotice(`关于某卫生院医生收受红包的通报
一、基本案情
某卫生院外科医生在手术前收受患者家属红包2000元。
处理结果：给予警告处分，红包退还患者。
三、警示教育
严禁收受患者红包。`);
    expect(f.title).toBe("关于某卫生院医生收受红包的通报");
    expect(f.facts).toBe("某卫生院外科医生在手术前收受患者家属红包2000元。");
    expect(f.result).toBe("给予警告处分，红包退还患者。");
    expect(f.lesson).toBe("严禁收受患者红包。");
    expect(f.tags).toContain("红包");
  });

  it("splits pasted free text into facts, result and lesson by what each sentence says", () => {
    const f = parseNotice(
      "某医院信息科工作人员违规统方\n2023年，某医院信息科工作人员王某利用系统管理权限，为医药代表统计医生处方量，收受好处费3万元。王某受到开除处分，违纪所得被收缴。广大医务人员要引以为戒，严守底线。",
    );
    expect(f.title).toBe("某医院信息科工作人员违规统方");
    expect(f.facts).toMatch(/利用系统管理权限.*好处费3万元。$/);
    expect(f.result).toBe("王某受到开除处分，违纪所得被收缴。");
    expect(f.lesson).toBe("广大医务人员要引以为戒，严守底线。");
    expect(f.tags).toEqual(expect.arrayContaining(["统方", "回扣"]));
  });

  it("reads JSON, and refuses empty text, broken JSON and notices without facts with CASE_INVALID", () => {
    const f = parseNotice(
      JSON.stringify({ title: "T", facts: "某医生收受红包。", people: ["李强"], analysis: "警示" }),
    );
    expect(f).toMatchObject({
      title: "T",
      facts: "某医生收受红包。",
      people: ["李强"],
      lesson: "警示",
    });
    expect(() => parseNotice("   ")).toThrow(expect.objectContaining({ code: "CASE_INVALID" }));
    expect(() => parseNotice("{ not json")).toThrow(
      expect.objectContaining({ code: "CASE_INVALID" }),
    );
    expect(() => parseNotice(JSON.stringify({ title: "只有标题" }))).toThrow(/no facts/);
    expect(() => parseNotice(`标题\n${"某医生收受红包。".repeat(1_500_000)}`)).toThrow(
      /at most 20000/,
    );
  });
});

describe("anonymising a notice", () => {
  it("replaces named people, people after a role, institutions, phone and ID numbers", () => {
    const out = anonymise({
      title: "XX市第一人民医院医生王建国收受回扣",
      institution: "XX市第一人民医院",
      people: ["刘洋"],
      facts:
        "XX市第一人民医院心内科主任医师王建国利用职务便利收受回扣，药代刘洋（电话13812345678，身份证110101199001011234）多次送钱。",
      tags: [],
    });
    expect(out.title).toBe("某医院医生王某收受回扣");
    expect(out.institution).toBe("某医院");
    expect(out.people).toEqual(["刘某"]);
    expect(out.facts).not.toMatch(/王建国|刘洋|13812345678|110101199001011234|第一人民医院/);
    expect(out.facts).toContain("主任医师王某利用职务便利");
    expect(out.facts).toContain("药代刘某");
  });

  it("does not take ordinary words after a role for names", () => {
    expect(namesAfterRoles("主任医师利用职务便利")).toEqual([]);
    expect(namesAfterRoles("医生王明利用职务便利，护士长陈小红收受礼品")).toEqual([
      "王明",
      "陈小红",
    ]);
    expect(namesAfterRoles("医生李某某收受红包")).toEqual([]);
  });
});
