import { describe, expect, it } from "vitest";
import { ConductCatalogue } from "../../../knowledge/conduct/catalogue.js";
import { AudienceMap } from "../../../knowledge/quiz/audiences.js";
import { fillVariant, SceneBook, variantCount } from "../../../knowledge/quiz/scene-book.js";

const catalogue = ConductCatalogue.shipped();

const SET = `
[@no]
ask = 你可以这样做吗？
right = 不可以，这是规定明令禁止的行为
wrong = 可以，只要不影响正常工作就行
wrong = 经科室主任同意后就可以
wrong = 事后向科室报备一下就可以

[gift-from-patient]
party = 患者家属 老病号
object = 红包 购物卡 现金
setting = 查房时 出院前
scene = {setting}，{party}非要给你{object}。
`;

describe("the scene book and the audience map", () => {
  it("covers every kind of conduct in the catalogue, each with an audience", () => {
    const book = SceneBook.shipped(catalogue);
    const audiences = AudienceMap.shipped();
    for (const kind of catalogue.kinds) {
      expect(book.of(kind.id).length, kind.id).toBeGreaterThan(0);
      expect(audiences.kinds(), kind.id).toContain(kind.id);
    }
    for (const id of audiences.kinds()) expect(catalogue.has(id), id).toBe(true);
  });

  it("composes variants from the kind's own cue words, each slot taking its next word", () => {
    const [set] = new SceneBook(SET, catalogue).sets;
    if (!set) throw new Error("no set");
    expect(set.verdict).toBe("no");
    expect(set.wrong).toHaveLength(3);
    expect(variantCount(set)).toBe(3);
    expect([0, 1, 2].map((i) => fillVariant(set, set.scenes[0] ?? "", i))).toEqual([
      "查房时，患者家属非要给你红包。",
      "出院前，老病号非要给你购物卡。",
      "查房时，患者家属非要给你现金。",
    ]);
  });

  it("refuses words the kind does not know, unknown kinds and incomplete sets, naming the line", () => {
    expect(() => new SceneBook(SET.replace("红包 购物卡", "红包 金条子"), catalogue)).toThrow(
      /quiz-scenes.txt:\d+ object: 金条子 — not a cue word of \[gift-from-patient\]/,
    );
    expect(() => new SceneBook(`${SET}\n[no-such-kind]\nscene = x\n`, catalogue)).toThrow(
      /\[no-such-kind\] names no kind of conduct/,
    );
    expect(
      () => new SceneBook("[gift-from-patient]\nobject = 红包\nscene = {object}{who}\n", catalogue),
    ).toThrow(/no ask; no right option; needs 3 wrong options; \{who\} has no words/);
  });

  it("places roster departments in audiences, the first fitting line winning", () => {
    const map = AudienceMap.shipped();
    expect(
      ["外科护理单元", "临床药学室", "心内科", "设备科", "医务科", "财务科", "检验科"].map((d) =>
        map.ofDepartment(d),
      ),
    ).toEqual(["护理", "药学", "临床", "采购与设备", "管理", "行政", "医技"]);
    expect(map.ofDepartment("")).toBeUndefined();
    expect(map.ofDepartment("Foo")).toBeUndefined();
    expect(map.ofKind("no-such-kind")).toHaveLength(7);
    expect(() => new AudienceMap("[kinds]\nkickback = 外科\n")).toThrow(/外科 is no audience/);
  });
});
