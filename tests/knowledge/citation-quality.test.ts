import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../knowledge/answer/answer-types.js";
import { parseEvalFile } from "../../knowledge/eval/eval-metrics.js";
import { LOW_QUALITY } from "../../knowledge/lexical/text-quality.js";
import { allChunks } from "../../knowledge/ports/knowledge-store.js";
import { coveredBy, hanBigrams } from "../../knowledge/retrieval/near-duplicates.js";
import { hanOnly, splitSentences } from "../../lib/text/sentences.js";
import {
  offlineAnswererOver,
  openTempKnowledgeBase,
  type TempKnowledgeBase,
} from "../helpers/temp-kb.js";

/**
 * What a compliance officer checks before forwarding an answer, over every
 * answer to the project's question sets (not a hand-picked sample).
 */
describe("citations a compliance officer would sign", () => {
  let t: TempKnowledgeBase;
  const answers: Answer[] = [];
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    const answerer = offlineAnswererOver(t, "纪委");
    for (const name of ["dev.jsonl", "staff.jsonl", "situations.jsonl", "cases.jsonl"]) {
      const file = fileURLToPath(new URL(`../eval/${name}`, import.meta.url));
      for (const q of parseEvalFile(readFileSync(file, "utf8"), file)) {
        answers.push(await answerer.answer(q.q));
      }
    }
  });
  afterAll(() => t.cleanup());

  it("answers enough questions with citations for the checks to mean something", () => {
    expect(answers.filter((a) => a.citations.length > 0).length).toBeGreaterThan(130);
  });

  it("cites clauses verbatim, at most 600 characters each", () => {
    for (const a of answers) {
      for (const c of a.citations) {
        expect(c.fullText.length, a.question).toBeLessThanOrEqual(600);
        for (const piece of c.text.split("…").filter((p) => p.trim() !== "")) {
          expect(c.fullText, a.question).toContain(piece);
        }
      }
    }
  });

  it("never cites the same sentence twice in one answer", () => {
    for (const a of answers) {
      const seen = new Set<string>();
      for (const c of a.citations) {
        const sentences = splitSentences(c.fullText.replace(/\n/g, ""))
          .map(hanOnly)
          .filter((s) => s.length >= 10);
        for (const s of sentences) {
          expect(seen.has(s), `${a.question}: ${s}`).toBe(false);
        }
        for (const s of sentences) seen.add(s);
      }
    }
  });

  it("says a clause is only in an older edition only when no newer official document carries it", async () => {
    const docs = await t.kb.store.listDocuments();
    const newer = (year: number) =>
      new Set(
        docs
          .filter((d) => d.authority === "official" && d.kind === "policy" && (d.year ?? 0) > year)
          .map((d) => d.id),
      );
    const chunks = await allChunks(t.kb.store);
    let notes = 0;
    for (const a of answers) {
      for (const c of a.citations) {
        if (!c.olderEditionOnly) continue;
        notes++;
        const later = newer(c.year ?? 0);
        const target = hanBigrams(c.fullText);
        const carried = chunks.filter(
          (chunk) =>
            chunk.occurrences.some((o) => later.has(o.docId)) &&
            coveredBy(target, hanBigrams(chunk.text)) >= 0.7,
        );
        expect(
          carried.map((x) => x.text.slice(0, 30)),
          a.question,
        ).toEqual([]);
      }
    }
    // The note still appears where it is true (the 2021 and 2023 rules the 2024 plans do not repeat).
    expect(notes).toBeGreaterThan(0);
  });

  it("keeps explanations short: at most 120 Chinese characters before the quote", () => {
    for (const a of answers) {
      const before = a.answer.split("“")[0] ?? "";
      expect(hanOnly(before).length, a.answer).toBeLessThanOrEqual(120);
    }
  });

  it("cites a clean clause, not a scan's damaged copy of the same rule, and marks a scan it must quote", async () => {
    const chunks = await allChunks(t.kb.store);
    let scans = 0;
    for (const a of answers) {
      for (const c of a.citations) {
        const stored = chunks.find((chunk) => chunk.id === c.chunkId);
        if ((stored?.quality ?? 1) >= LOW_QUALITY) continue;
        scans++;
        expect(c.scan, a.question).toBe(true);
        // The decisive clause's quote says so in the explanation; others carry the flag.
        if (c.n === 1 && a.answer.includes("“")) expect(a.answer).toContain("[1]出自扫描件");
        const target = hanBigrams(c.fullText);
        const clean = chunks.filter(
          (chunk) =>
            chunk.id !== c.chunkId &&
            (chunk.quality ?? 1) >= LOW_QUALITY &&
            coveredBy(target, hanBigrams(chunk.text)) >= 0.8,
        );
        expect(
          clean.map((x) => x.text.slice(0, 30)),
          a.question,
        ).toEqual([]);
      }
    }
    expect(scans).toBeGreaterThanOrEqual(0);
  });

  it("never cites two numbered items in one citation", () => {
    for (const a of answers) {
      for (const c of a.citations) {
        // A sentence end followed by the next item's number ("…合作。12 .夯实…").
        // (An inline list inside one note — "注：1、…2、…" — is one clause.)
        expect(c.fullText, a.question).not.toMatch(
          /[。；;]\s*(\d{1,2}\s*[.．](?!\d)|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*\S/,
        );
      }
    }
  });

  it("never cites a blank form as a rule", () => {
    for (const a of answers) {
      for (const c of a.citations) expect(c.fullText, a.question).not.toMatch(/填表人|填报时间/);
    }
  });
});
