import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConductCatalogue } from "../../../knowledge/conduct/catalogue.js";
import { isQingfengError } from "../../../lib/errors.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../helpers/temp-kb.js";

function configError(text: string): string {
  try {
    new ConductCatalogue(text);
  } catch (error) {
    if (isQingfengError(error) && error.code === "CONFIG_INVALID") return error.message;
    throw error;
  }
  throw new Error("no error");
}

describe("the conduct catalogue file", () => {
  it("parses kinds with their stance, label and cue words", () => {
    const catalogue = new ConductCatalogue(
      [
        "[gift] # a comment",
        "stance = prohibited",
        "label = 收受财物",
        "en = taking gifts",
        "terms = 红包 /收受[^。]{0,4}财物/",
        "party = 患者 家属",
        "party = 病人",
        "object = 购物卡",
        "also = party+act",
      ].join("\n"),
    );
    const gift = catalogue.get("gift");
    expect(gift?.stance).toBe("prohibited");
    expect(gift?.cues.terms).toEqual(["红包", "/收受[^。]{0,4}财物/"]);
    expect(gift?.cues.party).toEqual(["患者", "家属", "病人"]);
    expect(gift?.alsoNamedBy).toEqual([["party", "act"]]);
  });

  it("lets an admin file add words to a shipped kind and add kinds of its own", () => {
    const admin = "[kickback]\nobject = 冲量奖\n\n[parking-favours]\nstance = info\nlabel = 车位\n";
    const catalogue = ConductCatalogue.shipped([admin]);
    expect(catalogue.get("kickback")?.cues.object).toContain("冲量奖");
    expect(catalogue.get("kickback")?.cues.object).toContain("回扣");
    expect(catalogue.get("parking-favours")?.label).toBe("车位");
    expect(catalogue.fingerprint).not.toBe(ConductCatalogue.shipped().fingerprint);
  });

  it("refuses a bad file with the line and what to write instead", () => {
    expect(configError("[a]\nstance = forbidden\nlabel = x")).toMatch(/:2: stance must be/);
    expect(configError("[a]\nlabel = x\ncolour = red")).toMatch(/:3: expected "\[kind-id\]"/);
    expect(configError("label = x")).toMatch(/:1:/);
    expect(configError("[a]\nlabel = x\nterms = /([a/")).toMatch(/not a valid regular expression/);
    expect(configError("[a]\nstance = info")).toMatch(/\[a\] has no label/);
    expect(configError("[a]\nlabel = x\nalso = party-act")).toMatch(/slot pairs/);
    expect(configError("[a]\nstance = conditional\nlabel = x\nbroken-by = b")).toMatch(
      /broken-by names "b", which is not a prohibited kind/,
    );
    expect(
      configError(
        "[a]\nstance = conditional\nlabel = x\nbroken-by = c\n[c]\nstance = info\nlabel = y",
      ),
    ).toMatch(/"c", which is not a prohibited kind/);
  });
});

describe("the shipped catalogue against the shipped corpus", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
  });
  afterAll(() => t.cleanup());

  it("backs every kind with at least one clause that names it", () => {
    const catalogue = t.kb.index.conduct.catalogue;
    expect(catalogue.kinds.length).toBeGreaterThanOrEqual(40);
    const unbacked = catalogue.kinds
      .filter((kind) => {
        const tags = [...t.kb.index.kinds.chunksOf(kind.id).values()];
        // Forbidden or conditional conduct needs a clause that rules on it, not a mention.
        return kind.stance === "info"
          ? tags.length === 0
          : !tags.some((tag) => tag.ruling !== "mentions" && tag.strength >= 0.5);
      })
      .map((k) => k.id);
    expect(unbacked).toEqual([]);
  });

  it("gives each kind everyday words, not only the rules' terms", () => {
    const thin = t.kb.index.conduct.catalogue.kinds
      .filter((k) => k.cues.party.length + k.cues.object.length + k.cues.act.length < 8)
      .map((k) => k.id);
    expect(thin).toEqual([]);
  });
});
