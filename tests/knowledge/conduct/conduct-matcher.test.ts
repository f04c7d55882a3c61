import { describe, expect, it } from "vitest";
import { ConductCatalogue } from "../../../knowledge/conduct/catalogue.js";
import { ConductMatcher } from "../../../knowledge/conduct/conduct-matcher.js";

const matcher = new ConductMatcher(ConductCatalogue.shipped());
const top = (text: string) => matcher.match(text).find((m) => m.governed);

/** Situations told the way staff tell them, with the kind of conduct each is. */
const SITUATIONS: [string, string][] = [
  ["病房里一个阿姨非要往我兜里塞两百块钱，说是谢谢我", "gift-from-patient"],
  ["器械商说每用一套他们的支架就给科室返三个点", "kickback"],
  ["药代约我们科周末去郊区农家乐吃饭，他买单", "firm-hospitality"],
  ["厂家的人想要我们科每个医生上个月开了多少盒他们的药", "tongfang"],
  ["主任让我们把一个一次性导管拆开成两个项目分开收费", "improper-charging"],
  ["规培同学把病人的CT片和名字一起发到了朋友圈", "patient-data-leak"],
  ["奶粉公司想在产科病房给新妈妈发试用装", "formula-promotion"],
  ["隔壁科医生在抖音直播间挂小黄车卖保健品", "livestream-selling"],
  ["亲戚想借我的医保卡去药店刷点药", "insurance-fraud"],
  ["有人把专家号提前锁住再加价卖给病人", "resource-abuse"],
  ["A sales rep offered to pay for dinner at a seafood restaurant", "firm-hospitality"],
  ["Can I take a gift card from a patient's family?", "gift-from-patient"],
  ["The supplier offers a 5% rebate on every order we place", "kickback"],
];

describe("mapping everyday descriptions to the kinds of conduct the rules govern", () => {
  for (const [text, kind] of SITUATIONS) {
    it(`${text} → ${kind}`, () => {
      expect(top(text)?.kind.id).toBe(kind);
    });
  }

  it("leaves hospital-life questions the rules do not govern unmapped", () => {
    for (const text of [
      "夜班之后的补休怎么算？",
      "职工医保住院能报销多少？",
      "评副高要几篇核心期刊论文？",
      "医院停车场怎么收费？",
      "青霉素皮试阳性还能用头孢吗？",
      "科室聚餐是AA还是用工会经费？",
    ]) {
      expect(top(text), text).toBeUndefined();
    }
  });

  it("does not count what the text denies", () => {
    const strings = matcher.match("企业想捐一台彩超，说没有任何附加条件，也不要求采购他们的耗材");
    const misuse = strings.find((m) => m.kind.id === "donation-misuse");
    expect(misuse?.cues.map((c) => c.text)).not.toContain("条件");
    expect(top("企业想捐一台彩超，说没有任何附加条件")?.kind.id).toBe("donation");
  });

  it("notices when the asker says a condition is not met", () => {
    const rep = matcher
      .match("代表还没备案，想先来科里给我们讲讲新药")
      .find((m) => m.kind.id === "rep-access");
    expect(rep?.governed).toBe(true);
    expect(rep?.breach).toBe(true);
    const registered = matcher
      .match("代表已经备案了，想约时间来科里讲讲新药")
      .find((m) => m.kind.id === "rep-access");
    expect(registered?.breach).toBe(false);
  });

  it("reads conduct allowed under conditions as broken when the forbidden kind it turns into is named beside it", () => {
    const small = new ConductMatcher(
      new ConductCatalogue(
        [
          "[conference]",
          "stance = conditional",
          "label = 企业资助参加学术会议",
          "terms = 学术会议 研讨会",
          "object = 酒店 注册费",
          "broken-by = trip",
          "[trip]",
          "stance = prohibited",
          "label = 变相旅游",
          "party = 药企",
          "object = 钓鱼 出海 景点 酒店",
          "act = 安排 包",
        ].join("\n"),
      ),
    );
    const conference = (text: string) => small.match(text).find((m) => m.kind.id === "conference");
    expect(conference("药企资助我去参加一个学术会议，注册费他们出")?.breach).toBe(false);
    expect(conference("研讨会就开半天，剩下三天安排出海钓鱼，全包")?.breach).toBe(true);
    // Named only by what the allowed conduct involves too (the conference hotel), it breaks nothing.
    const hotel = "研讨会的酒店药企包，我能去吗";
    expect(small.match(hotel).find((m) => m.kind.id === "trip")?.governed).toBe(true);
    expect(conference(hotel)?.breach).toBe(false);
    // A forbidden kind only brushed (not named) breaks nothing.
    expect(conference("研讨会在海边开，有人说可以钓鱼")?.breach).toBe(false);
  });

  it("counts a cue many kinds share for less than one only this kind has", () => {
    expect(matcher.distinctiveness("奶粉")).toBeGreaterThan(matcher.distinctiveness("公司"));
  });
});

describe("telling kinds apart on equal evidence", () => {
  // Both kinds score the same from their best cue per slot; one has more of the text's telling words.
  const catalogue = new ConductCatalogue(`
[rx-counts]
stance = prohibited
label = 统方
party = 公司
object = 权限 数据库 查询权限 后台 账号
act = 导出

[data-leak]
stance = prohibited
label = 泄露患者信息
party = 公司
object = 姓名 手机号 病历号 住址 诊断
act = 导出
`);
  const match = new ConductMatcher(catalogue);

  it("puts first the kind more of the text's telling words belong to", () => {
    const kinds = match
      .match("公司想要病人姓名、手机号、住址、诊断和病历号，我有后台数据库的账号和查询权限可以导出")
      .slice(0, 2);
    expect(kinds[0]?.score).toBeCloseTo(kinds[1]?.score ?? 0, 5);
    expect(kinds.map((k) => k.kind.id)).toEqual(["data-leak", "rx-counts"]);
  });
});
