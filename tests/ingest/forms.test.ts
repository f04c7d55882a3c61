import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFile } from "../../ingest/loaders/load-file.js";
import { parseSource } from "../../ingest/parse-source.js";
import { looksLikeForm } from "../../lib/text/form-text.js";
import { SEEDS } from "./seed-text.js";

const corpus = (name: string) =>
  fileURLToPath(new URL(`../../knowledge/corpus/${name}`, import.meta.url));

describe("blank forms and signature blocks", () => {
  it("are stored as forms, and the rule in a form's notes as a clause of its own", async () => {
    const chunks = (await parseSource(await loadFile(corpus(SEEDS.plans2024)))).flatMap(
      (d) => d.chunks,
    );
    const forms = chunks.filter((c) => c.kind === "form");
    // 附件2 (its label lost to OCR) and 附件3: the two self-check registers.
    expect(forms).toHaveLength(2);
    for (const form of forms) {
      expect(form.text).toMatch(/填报时间/);
      expect(form.text).not.toMatch(/零报告/);
      expect(form.path.at(-1)).toMatch(/自查登记表$/);
    }
    const notes = chunks.filter((c) => c.text.includes("无违规情况也要实行零报告"));
    expect(notes).toHaveLength(2);
    for (const note of notes) {
      expect(note.kind).toBe("clause");
      expect(note.text).toMatch(/^注[:：]1、/);
      expect(note.path.at(-1)).toBe("注");
    }
    // Nothing else that reads as a form is left among the clauses.
    const clauses = chunks.filter((c) => c.kind !== "form");
    expect(clauses.filter((c) => looksLikeForm(c.text)).map((c) => c.text)).toEqual([]);
  });

  it("keep a sign-off under a clause out of the clause", () => {
    const [doc] = parseSource({
      path: "rules.txt",
      format: "txt",
      meta: {},
      text: "某医院廉洁承诺\n一、医务人员不得收受患者及其亲友的红包、礼金和贵重礼品。\n承诺人（签字）：　　　　科室负责人（签字）：\n",
    });
    expect(doc?.chunks.map((c) => [c.kind, c.text])).toEqual([
      ["clause", "一、医务人员不得收受患者及其亲友的红包、礼金和贵重礼品。"],
      ["form", "承诺人（签字）：\t科室负责人（签字）："],
    ]);
  });
});
