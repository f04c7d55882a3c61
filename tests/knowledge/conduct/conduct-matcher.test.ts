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
  // Conduct told with none of the rules' words, across departments.
  ["床先别退，人回家住着，费用照记", "phantom-admission"],
  ["医保住院满15天就让他先出院，过两天再办进来", "phantom-admission"],
  ["外院片子一律不认，都要重拍", "over-treatment"],
  ["凡是来看牙的都先拍个CBCT", "over-treatment"],
  ["厂家进院先交两万入库管理费", "vbp-entry-fees"],
  ["工程队老板说完工后意思意思", "kickback"],
  ["物业公司续签合同前给后勤科长送了两箱茅台", "firm-gifts"],
  ["透析病人没来，护士还是给刷了一次透析费用", "insurance-fraud"],
  ["公司免费放一台生化仪在检验科，但试剂只能买他们的", "equipment-bundling"],
  ["医美中心想开展小腿神经阻断瘦腿手术", "risky-cosmetic-procedure"],
  ["把普通的蛋白粉当成特医食品推荐给病人买", "fake-medical-food"],
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
      "怎么给病人办理出院结算？",
      "病人出院带药最多开几天？",
      "我们科室想组织一次团建，经费从哪出？",
      "设备科的报修电话是多少？",
      "CT增强前要停二甲双胍吗？",
      "ICU家属探视时间是几点？",
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

  it("reads a negation closed by 的 or 就, or a yes-no question, as denying no cue after it", () => {
    for (const text of ["没备案的药代天天在走廊堵医生", "跟台人员还没备案就进手术室了"]) {
      const rep = matcher.match(text).find((m) => m.kind.id === "rep-access");
      expect(
        rep?.cues.some((c) => c.slot === "party"),
        text,
      ).toBe(true);
      expect(rep?.governed, text).toBe(true);
    }
    // A yes-no question (能不能, 有没有) asks; it denies nothing.
    expect(top("有中介来问能不能弄到出生证明，给钱")?.kind.id).toBe("birth-certificate");
    const denied = matcher.match("药代没有进手术室").find((m) => m.kind.id === "rep-access");
    expect(denied?.cues.some((c) => c.slot === "object") ?? false).toBe(false);
  });

  it("reads 不得, 不准, 不能 as forbidding the act, not denying it (a rule names what it forbids)", () => {
    expect(top("本病区不得接受医药企业安排的宴请、旅游和娱乐活动")?.kind.id).toBe(
      "firm-hospitality",
    );
    // A denial still denies: nothing was received.
    const denied = matcher.match("企业想捐一台彩超，说没有任何附加条件");
    expect(
      denied.find((m) => m.kind.id === "donation-misuse")?.cues.map((c) => c.text),
    ).not.toContain("条件");
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
