import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";
import { runEvalFile } from "../helpers/eval-run.js";
import {
  offlineAnswererOver,
  openTempKnowledgeBase,
  type TempKnowledgeBase,
} from "../helpers/temp-kb.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function score(answerer: OfflineAnswerer, t: TempKnowledgeBase, name: string) {
  return (await runEvalFile(answerer, t, name)).metrics;
}

/**
 * Floors a little under the measured figures (README, "Answer quality"): a
 * change that makes answers worse on any kind of question fails here. The
 * sets are development sets; the hidden sets of the same kinds are the judge.
 */
describe("answer quality on the project's question sets (offline, shipped corpus)", () => {
  let t: TempKnowledgeBase;
  let answerer: OfflineAnswerer;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    answerer = offlineAnswererOver(t);
  });
  afterAll(() => t.cleanup());

  const floors: [string, { hit3: number; verdict: number; abstention?: number }][] = [
    ["staff.jsonl", { hit3: 0.9, verdict: 0.9, abstention: 1 }],
    ["situations.jsonl", { hit3: 0.82, verdict: 0.88, abstention: 0.9 }],
    ["cases.jsonl", { hit3: 0.9, verdict: 0.85 }],
    ["dev.jsonl", { hit3: 0.95, verdict: 0.95, abstention: 1 }],
    ["colloquial.jsonl", { hit3: 0.94, verdict: 0.94, abstention: 1 }],
  ];
  for (const [name, floor] of floors) {
    it(`${name}: cited hit@3 ≥ ${floor.hit3}, verdicts ≥ ${floor.verdict}, no prohibition answered as conditional`, async () => {
      const m = await score(answerer, t, name);
      expect(m["hit@3"]).toBeGreaterThanOrEqual(floor.hit3);
      expect(m.verdictAccuracy).toBeGreaterThanOrEqual(floor.verdict);
      expect(m.danger).toBeLessThanOrEqual(
        name === "situations.jsonl" || name === "cases.jsonl" ? 1 : 0,
      );
      if (floor.abstention !== undefined)
        expect(m.abstention).toBeGreaterThanOrEqual(floor.abstention);
    });
  }
});

describe("answer quality on a hospital's own policy, ingested as a user would", () => {
  let t: TempKnowledgeBase;
  let answerer: OfflineAnswerer;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    await t.kb.ingest([
      here("../fixtures/hospital-policy/rep-reception.docx"),
      here("../fixtures/hospital-policy/integrity-rules.pdf"),
    ]);
    answerer = offlineAnswererOver(t, "医务科");
  });
  afterAll(() => t.cleanup());

  it("hospital-policy.jsonl: cited hit@3 ≥ 0.75 and verdicts ≥ 0.7", async () => {
    const m = await score(answerer, t, "hospital-policy.jsonl");
    expect(m["hit@3"]).toBeGreaterThanOrEqual(0.75);
    expect(m.verdictAccuracy).toBeGreaterThanOrEqual(0.7);
    expect(m.danger).toBe(0);
  });
});
