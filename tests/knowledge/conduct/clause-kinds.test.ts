import { describe, expect, it } from "vitest";
import { ConductCatalogue } from "../../../knowledge/conduct/catalogue.js";
import { tagClause } from "../../../knowledge/conduct/clause-kinds.js";
import { ConductMatcher } from "../../../knowledge/conduct/conduct-matcher.js";
import { looksLikeForm } from "../../../lib/text/form-text.js";

const matcher = new ConductMatcher(ConductCatalogue.shipped());
const tagsOf = (text: string, section = "") =>
  Object.fromEntries(tagClause(text, section, matcher).map((t) => [t.kind, t.ruling]));

describe("tagging a clause with the kinds of conduct it rules on", () => {
  it("reads what each part of a sentence does with the conduct it names", () => {
    const tags = tagsOf(
      "严格限制医疗机构备案采购、议价采购适用情形，规范采购行为，严禁公立医疗机构违规线下采购。",
    );
    expect(tags["filing-purchase"]).toBe("conditions");
    expect(tags["off-platform-purchase"]).toBe("prohibits");
  });

  it("reads 未经备案…不得 as a condition, 不得 alone as a prohibition", () => {
    expect(
      tagsOf("医疗机构不得允许未经备案的人员对本医疗机构医务人员开展学术推广等相关活动。")[
        "rep-access"
      ],
    ).toBe("conditions");
    expect(tagsOf("医务人员不得收受患者及其亲友的红包、礼金。")["gift-from-patient"]).toBe(
      "prohibits",
    );
  });

  it("takes an enforcement verb after the conduct as its ruling (对…的行为进行查处)", () => {
    expect(tagsOf("对医务人员收受医药企业给予的回扣、提成的行为进行严肃查处。").kickback).toBe(
      "prohibits",
    );
  });

  it("reads 持续清理 (clearing out a practice) as a campaign against it", () => {
    const text =
      "持续清理各类医疗美容机构开展“小腿神经离断瘦腿手术”等有效性存疑、风险性极高的诊疗项目。";
    expect(tagsOf(text)["risky-cosmetic-procedure"]).toBe("prohibits");
  });

  it("tags the documents' own lists of new kinds: split admissions, fees on VBP winners, fake medical food", () => {
    expect(
      tagsOf("严查分解住院、挂床住院，违反诊疗规范过度诊疗、过度检查。")["phantom-admission"],
    ).toBe("prohibits");
    expect(
      tagsOf("医疗机构和第三方机构不得在进院、库存等环节向中选企业收取附加费用。")[
        "vbp-entry-fees"
      ],
    ).toBe("prohibits");
    expect(tagsOf("纠治将普通食品冒充特医食品推荐给患者等行为。")["fake-medical-food"]).toBe(
      "prohibits",
    );
  });

  it("holds a plain ban (严禁, 不得) a clearer rule than a campaign against the conduct (查处)", () => {
    const strength = (text: string, section = "") =>
      tagClause(text, section, matcher).find((t) => t.kind === "kickback")?.strength ?? 0;
    const ban = strength("医务人员不得收受医药企业给予的回扣、提成。");
    const campaign = strength("对医务人员收受医药企业给予的回扣、提成的行为进行严肃查处。");
    const listed = strength("(八)医务人员收受医药企业给予的回扣、提成。", "一、整治内容");
    expect(campaign).toBeGreaterThan(0);
    expect(ban).toBeGreaterThan(campaign);
    expect(listed).toBe(ban);
  });

  it("treats an item under a list of forbidden conduct as forbidden, a plan that names a topic as a mention", () => {
    expect(
      tagsOf("(六)医疗卫生人员为商业目的统计医师个人用量信息。", "一、整治内容").tongfang,
    ).toBe("prohibits");
    expect(tagsOf("组织开展“红包”回扣问题自查工作，总结经验。")["gift-from-patient"]).toBe(
      "mentions",
    );
  });

  it("reads a permission as one, so a text permitting forbidden conduct can be caught", () => {
    expect(tagsOf("医务人员可以收受患者赠送的红包。")["gift-from-patient"]).toBe("permits");
  });

  it("knows a blank self-check form is not a rule", () => {
    expect(
      looksLikeForm(
        "医药购销活动中科室及个人违规行为自查登记表所在单位或科室名称:填报时间:填表人(签字):序号违规行为种类人数金额(万元)1收受回扣行为",
      ),
    ).toBe(true);
    expect(looksLikeForm("医务人员不得收受患者及其亲友的红包、礼金。")).toBe(false);
  });
});
