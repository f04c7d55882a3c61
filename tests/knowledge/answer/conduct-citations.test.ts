import { describe, expect, it } from "vitest";
import { conductCitations } from "../../../knowledge/answer/conduct-citations.js";
import type { ConductKind } from "../../../knowledge/conduct/catalogue.js";
import type { KindMatch } from "../../../knowledge/conduct/conduct-matcher.js";
import type { ClauseKind, SearchHit } from "../../../knowledge/types.js";

const kind = (id: string, stance: ConductKind["stance"]): ConductKind => ({
  id,
  stance,
  label: id,
  en: id,
  cues: { terms: [], party: [], object: [], act: [], breach: [] },
  alsoNamedBy: [],
  brokenBy: [],
});

const sponsorship = kind("sponsorship", "conditional");
const misuse = kind("donation-misuse", "prohibited");

const match = (k: ConductKind, score: number, breach = false): KindMatch => ({
  kind: k,
  score,
  governed: true,
  breach,
  cues: [],
});

const hit = (chunkId: number, text: string, kinds: ClauseKind[]): SearchHit => ({
  chunkId,
  docId: 1,
  title: "工作方案",
  section: "一、整治内容",
  text,
  source: "plan.txt",
  score: 1,
  kind: "clause",
  authority: "official",
  kinds,
  alsoIn: [],
});

// Ranked first: a work-plan clause that asks to regulate sponsorship (a condition).
const regulate = hit(1, "持续规范医疗机构接受捐赠、临床科研等业务行为。", [
  { kind: "sponsorship", strength: 1, ruling: "conditions" },
]);
// Ranked second: the prohibition of taking sponsorship into a department's or a person's account.
const forbid = hit(2, "以内设部门或个人直接接受捐赠资助,不纳入单位财务部门统一管理。", [
  { kind: "donation-misuse", strength: 1, ruling: "prohibits" },
]);

describe("the clause an answer about conduct rests on", () => {
  it("cites the condition for conduct allowed under conditions, asked as such", () => {
    const chosen = conductCitations(
      [regulate, forbid],
      [match(sponsorship, 1), match(misuse, 0.9)],
    );
    expect(chosen.hits[0]?.chunkId).toBe(1);
    expect(chosen.decisive?.ruling).toBe("conditions");
  });

  it("cites the prohibition when the asker describes a condition broken, from the forbidden kind named beside it", () => {
    const chosen = conductCitations(
      [regulate, forbid],
      [match(sponsorship, 1, true), match(misuse, 0.9)],
    );
    expect(chosen.hits[0]?.chunkId).toBe(2);
    expect(chosen.decisive).toEqual({ kind: "donation-misuse", strength: 1, ruling: "prohibits" });
  });

  it("leaves a forbidden kind named only in passing (far weaker evidence) out of the decision", () => {
    const chosen = conductCitations(
      [regulate, forbid],
      [match(sponsorship, 1, true), match(misuse, 0.5)],
    );
    expect(chosen.hits[0]?.chunkId).toBe(1);
  });

  it("does not call a local clause that conditions the conduct a conflicting text when a condition is broken", () => {
    const local = { ...regulate, authority: "local" as const };
    const chosen = conductCitations(
      [local, forbid],
      [match(sponsorship, 1, true), match(misuse, 0.9)],
    );
    expect(chosen.conflicts).toEqual([]);
  });
});
