import { describe, expect, it } from "vitest";
import { inferVerdict, textStance } from "../../knowledge/answer/stated-verdict.js";

describe("the verdict an answer's own words state", () => {
  it.each([
    ["不可以。接受医药代表安排的宴请属于违反九项准则的行为。", "prohibited"],
    ["禁止收受患者红包，已收的应当退还。", "prohibited"],
    ["医务人员不得参加药企安排的旅游。", "prohibited"],
    ["No. Accepting a meal from a sales rep breaks the rules.", "prohibited"],
    ["可以，但须经科室批准并登记。", "conditional"],
    ["可以但须报备。", "conditional"],
    ["经医院批准后可以参加学术会议。", "conditional"],
    ["需报备后方可兼职。", "conditional"],
    ["未经批准不得外出会诊。", "conditional"],
    ["可以，但不得接受讲课费以外的报酬。", "conditional"],
    ["Yes, but only with prior approval from the department.", "conditional"],
    ["可以。这是正常的学术交流。", "allowed"],
    ["制度未涉及这个问题。", "not_covered"],
    ["现有制度没有相关规定。", "not_covered"],
  ] as const)("%s → %s", (text, stance) => {
    expect(textStance(text)).toBe(stance);
  });

  it("says nothing when the first sentence states no verdict", () => {
    expect(textStance("请参见医院纪检监察室的说明。")).toBeUndefined();
    expect(inferVerdict("y")).toBeUndefined();
  });

  it("infers the verdict to pin: a bare yes is ⚠️ (allowed within the rules)", () => {
    expect(inferVerdict("不可以。……")).toBe("prohibited");
    expect(inferVerdict("可以，但须经批准。")).toBe("conditional");
    expect(inferVerdict("可以。")).toBe("conditional");
    expect(inferVerdict("未涉及。")).toBe("not_covered");
  });
});
