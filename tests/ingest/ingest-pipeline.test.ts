import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe("ingest pipeline on the shipped corpus", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
  });
  afterAll(() => t.cleanup());

  it("stores the ten documents and the 2022 clauses once with both sources", async () => {
    const docs = await t.kb.store.listDocuments();
    expect(docs).toHaveLength(9);
    const shared = (await t.kb.store.getChunks(await t.kb.store.chunkIds())).filter(
      (c) =>
        c.kind !== "row" && c.text.includes("严肃查处医疗机构工作人员利用职务、身份之便直播带货"),
    );
    const sourcesOf = (c: (typeof shared)[number]) => c.occurrences.map((o) => o.source);
    const national = shared.filter((c) => sourcesOf(c).includes("corpus/001_34bf5402667df998.txt"));
    expect(national).toHaveLength(1);
    // Stored once; official documents (newest first) come before the news reprint.
    const sources = sourcesOf(national[0]!);
    expect(sources).toContain("corpus/001_34bf5402667df998.txt");
    expect(sources.at(-1)).toBe("corpus/003_bcd6322c3f6edd65.txt");

    const { hits } = await t.kb.retriever.search("医疗机构工作人员利用职务、身份之便直播带货", 5);
    // One hit for the clause, however many documents and editions carry it; the reprint is never its primary source.
    const clauseHits = hits.filter((h) => h.text.includes("落实肿瘤诊疗质量提升专项工作要求"));
    expect(clauseHits).toHaveLength(1);
    expect(clauseHits[0]?.source).not.toContain("003_");
    const everywhere = [
      clauseHits[0]?.source,
      ...(clauseHits[0]?.alsoIn.map((a) => a.source) ?? []),
    ];
    expect(everywhere).toEqual(
      expect.arrayContaining([
        "corpus/001_34bf5402667df998.txt",
        "corpus/003_bcd6322c3f6edd65.txt",
      ]),
    );
  });

  it("scores every stored chunk's text quality and hands it to retrieval hits", async () => {
    const chunks = await t.kb.store.getChunks(await t.kb.store.chunkIds());
    for (const c of chunks) expect(c.quality).toEqual(expect.any(Number));
    const { hits } = await t.kb.retriever.search("遵循临床诊疗规范 规范医务人员的临床诊疗行为", 5);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.quality).toBe(chunks.find((c) => c.id === h.chunkId)?.quality);
    // The scanned 2024 plans are marked; the clean national notice is not.
    const docs = await t.kb.store.listDocuments();
    expect(docs.filter((d) => d.scan).every((d) => d.year === 2024)).toBe(true);
    expect(docs.find((d) => d.source.includes("001_"))?.scan).toBe(false);
  });

  it("does nothing when an unchanged corpus is ingested again", async () => {
    const before = await t.kb.store.counts();
    const report = await t.kb.ingest([
      join(fileURLToPath(new URL("../../knowledge/corpus/", import.meta.url))),
    ]);
    expect(report.files.map((f) => f.status)).toEqual(Array(5).fill("unchanged"));
    expect(await t.kb.store.counts()).toEqual(before);
  });

  it("replaces a changed file atomically and never returns its old clauses", async () => {
    const file = join(t.dir, "hospital-rules.txt");
    writeFileSync(
      file,
      "本院规定\n一、总则\n（一）严禁医务人员在门诊收受患者赠送的锦旗以外的任何礼品。\n",
    );
    const first = await t.kb.ingest([file]);
    expect(first.files[0]?.status).toBe("added");
    expect((await t.kb.retriever.search("锦旗以外的任何礼品", 3)).hits[0]?.text).toContain(
      "锦旗以外",
    );

    writeFileSync(
      file,
      "本院规定\n一、总则\n（一）严禁医务人员在病房接受患者家属的宴请和购物卡。\n",
    );
    const second = await t.kb.ingest([file]);
    expect(second.files[0]?.status).toBe("replaced");
    const after = await t.kb.retriever.search("锦旗以外的任何礼品", 10);
    expect(after.hits.some((h) => h.text.includes("锦旗以外"))).toBe(false);
    expect((await t.kb.retriever.search("病房 家属 宴请 购物卡", 3)).hits[0]?.text).toContain(
      "购物卡",
    );
  });

  it("keeps the stored version when a changed file can no longer be read", async () => {
    const file = join(t.dir, "kept.txt");
    writeFileSync(
      file,
      "本院补充规定\n一、总则\n（一）医务人员不得向患者推销保健食品和特医食品以外的商品。\n",
    );
    await t.kb.ingest([file]);
    writeFileSync(file, Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
    const report = await t.kb.ingest([file]);
    expect(report.errors[0]?.code).toBe("INGEST_BINARY_FILE");
    expect((await t.kb.retriever.search("推销保健食品", 3)).hits[0]?.text).toContain(
      "推销保健食品",
    );
  });

  it("removes a source but keeps clauses another source shares", async () => {
    const changes = await t.kb.store.removeSource("corpus/003_bcd6322c3f6edd65.txt");
    await t.kb.index.apply(changes);
    expect((await t.kb.store.listDocuments()).some((d) => d.kind === "news")).toBe(false);
    const { hits } = await t.kb.retriever.search(
      "严肃查处医疗机构工作人员利用职务、身份之便直播带货",
      3,
    );
    const everywhere = [hits[0]?.source, ...(hits[0]?.alsoIn.map((a) => a.source) ?? [])];
    expect(everywhere).toContain("corpus/001_34bf5402667df998.txt");
    expect(everywhere.some((s) => s?.includes("003_"))).toBe(false);
  });

  it("reports each bad file by name and still ingests the good ones", async () => {
    const dir = join(t.dir, "batch");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir);
    writeFileSync(join(dir, "empty.txt"), "");
    writeFileSync(join(dir, "binary.txt"), Buffer.from([0x00, 0x10, 0x00, 0xff, 0x00, 0x01]));
    writeFileSync(join(dir, "broken.docx"), "PK\u0003\u0004 not really a zip");
    copyFileSync(fixture("truncated.pdf"), join(dir, "truncated.pdf"));
    writeFileSync(
      join(dir, "good.md"),
      "# 科室规定\n\n一、医务人员不得私下接受医药代表安排的旅游。\n",
    );
    const unsupported = join(t.dir, "sheet.xlsx");
    writeFileSync(unsupported, "x");
    const before = (await t.kb.store.counts()).documents;

    const report = await t.kb.ingest([dir, unsupported]);
    const codes = Object.fromEntries(
      report.errors.map((e) => [e.file.replace(/^.*[\\/]/, ""), e.code]),
    );
    expect(codes).toEqual({
      "sheet.xlsx": "INGEST_UNSUPPORTED_TYPE",
      "binary.txt": "INGEST_BINARY_FILE",
      "broken.docx": "INGEST_CORRUPT_FILE",
      "empty.txt": "INGEST_EMPTY_FILE",
      "truncated.pdf": "INGEST_CORRUPT_FILE",
    });
    for (const e of report.errors) expect(e.message).toContain(e.file.replace(/^.*[\\/]/, ""));
    expect((await t.kb.store.counts()).documents).toBe(before + 1);
    expect((await t.kb.retriever.search("医药代表安排的旅游", 3)).hits[0]?.text).toContain("旅游");
  });
});
