import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLanguage } from "../../ingest/check-language.js";
import { type IngestError, isQingfengError } from "../../ingest/errors.js";
import { loadFile } from "../../ingest/loaders/load-file.js";
import { prng } from "../bench/synthetic-corpus.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";
import { corpusText, SEEDS } from "./seed-text.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const corpusDir = fileURLToPath(new URL("../../knowledge/corpus/", import.meta.url));

/** Han characters drawn uniformly from the CJK block, with line breaks: 3 bytes each. */
function randomHan(bytes: number, seed: number): string {
  const random = prng(seed);
  let text = "";
  for (let i = 0; i < bytes / 3; i++) {
    text += random() < 0.02 ? "\n" : String.fromCodePoint(0x4e00 + Math.floor(random() * 20_902));
  }
  return text;
}

/** Han characters drawn with the frequencies of the shipped corpus, with its punctuation. */
function shuffledCorpusCharacters(count: number, seed: number): string {
  const pool = [...Object.values(SEEDS).map(corpusText).join("")].filter((ch) =>
    /[\p{Script=Han}，。、；]/u.test(ch),
  );
  const random = prng(seed);
  return Array.from({ length: count }, () => pool[Math.floor(random() * pool.length)]).join("");
}

function randomBytes(count: number, seed: number): Buffer {
  const random = prng(seed);
  return Buffer.from(Array.from({ length: count }, () => Math.floor(random() * 256)));
}

function rejection(text: string): IngestError | undefined {
  try {
    checkLanguage(text, "upload.txt");
    return undefined;
  } catch (error) {
    if (isQingfengError(error)) return error as IngestError;
    throw error;
  }
}

describe("checkLanguage", () => {
  it.each([
    ["random Han characters", () => randomHan(200_000, 1)],
    ["the corpus's own characters shuffled", () => shuffledCorpusCharacters(20_000, 2)],
    ["random bytes read as Latin-1", () => randomBytes(20_000, 3).toString("latin1")],
    ["random bytes read as UTF-8", () => randomBytes(20_000, 4).toString("utf8")],
    ["a base64 blob", () => randomBytes(15_000, 5).toString("base64")],
    [
      "base64 in MIME lines",
      () =>
        randomBytes(15_000, 6)
          .toString("base64")
          .replace(/(.{76})/g, "$1\n"),
    ],
    [
      "a hex dump",
      () =>
        randomBytes(15_000, 7)
          .toString("hex")
          .replace(/(.{64})/g, "$1\n"),
    ],
  ])("refuses %s with INGEST_NOT_LANGUAGE and a hint", (_, make) => {
    const error = rejection(make());
    expect(error?.code).toBe("INGEST_NOT_LANGUAGE");
    expect(error?.message).toMatch(/^upload\.txt: only \d+% of its text reads as words/);
    expect(error?.hint).toMatch(/export it again/);
  });

  it("accepts every shipped document and every fixture, the OCR-damaged scans included", async () => {
    const files = [
      ...readdirSync(corpusDir).map((f) => join(corpusDir, f)),
      ...readdirSync(fixtures)
        .filter((f) => /\.(txt|docx|pdf)$/.test(f) && f !== "truncated.pdf")
        .map((f) => join(fixtures, f)),
      ...readdirSync(join(fixtures, "hospital-policy"))
        .filter((f) => /\.(txt|docx|pdf)$/.test(f))
        .map((f) => join(fixtures, "hospital-policy", f)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const file of files) expect(rejection((await loadFile(file)).text), file).toBeUndefined();
  });

  it("accepts English policy text and a short note it cannot judge", () => {
    const english =
      "Staff must not accept gifts, meals or travel paid for by pharmaceutical representatives. " +
      "Report any offer to the compliance office within three working days. ";
    expect(rejection(english.repeat(20))).toBeUndefined();
    expect(rejection("附件：xq7z")).toBeUndefined();
  });
});

describe("ingest refuses text that is not language", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase({}, { corpus: false });
  });
  afterAll(() => t.cleanup());

  it("stores nothing for 200 KB of random Han characters, and says why", async () => {
    const file = join(t.dir, "政策汇编.txt");
    writeFileSync(file, randomHan(200_000, 11), "utf8");
    const report = await t.kb.ingest([file]);
    expect(report.files.map((f) => f.status)).toEqual(["failed"]);
    expect(report.errors[0]?.code).toBe("INGEST_NOT_LANGUAGE");
    expect(report.errors[0]?.file).toBe(file);
    expect(await t.kb.store.counts()).toMatchObject({ documents: 0, chunks: 0 });
    expect(await t.kb.store.getSource(file)).toBeUndefined();
  });

  it("stores nothing for random bytes, saved raw or decoded as text", async () => {
    const raw = join(t.dir, "raw.txt");
    writeFileSync(raw, randomBytes(50_000, 12));
    // Decoded and saved by some tool: replacement characters, no control characters left.
    const decoded = randomBytes(50_000, 13)
      .toString("utf8")
      .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, "");
    const text = join(t.dir, "mojibake.txt");
    writeFileSync(text, decoded, "utf8");
    const report = await t.kb.ingest([raw, text]);
    const codes = report.errors.map((e) => e.code);
    expect(codes).toHaveLength(2);
    expect(["INGEST_BINARY_FILE", "INGEST_NOT_LANGUAGE"]).toContain(codes[0]);
    expect(codes[1]).toBe("INGEST_NOT_LANGUAGE");
    expect(await t.kb.store.counts()).toMatchObject({ documents: 0, chunks: 0 });
  });

  it("still ingests a hospital's own policy", async () => {
    const file = join(t.dir, "rep-reception.docx");
    copyFileSync(join(fixtures, "hospital-policy", "rep-reception.docx"), file);
    const report = await t.kb.ingest([file]);
    expect(report.errors).toEqual([]);
    expect(report.files[0]?.status).toBe("added");
    expect((await t.kb.store.counts()).chunks).toBeGreaterThan(0);
  });
});
