import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { chunkHash } from "../../knowledge/store/chunk-hash.js";
import { MIGRATIONS } from "../../knowledge/store/migrations.js";
import { SqliteKnowledgeStore } from "../../knowledge/store/sqlite-store.js";

/** Scores by a marker the texts carry, so the test needs no dictionary. */
const scorer = { score: (text: string) => (text.includes("梏") ? 0.4 : 1) };

describe("chunk quality in the store", async () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), "qingfeng-quality-"));
    dirs.push(dir);
    return join(dir, "qingfeng.db");
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("scores rows stored before qualities were kept when the store opens (migration 8)", async () => {
    const file = tempFile();
    // A database as version 7 left it: no quality, no scan mark, no labels.
    const old = new Database(file);
    old.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 7)) {
      old.exec(m.sql);
      old
        .prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)")
        .run(m.version, m.name, "2024-01-01");
    }
    old.exec(`
      INSERT INTO sources (id, path, hash, format, ingested_at) VALUES (1, 'corpus/a.txt', 'h', 'txt', '2024-01-01');
      INSERT INTO documents (id, source_id, part, title, kind, authority) VALUES (1, 1, 0, '扫描件', 'policy', 'official');
    `);
    const insert = old.prepare(
      "INSERT INTO chunks (id, hash, text, kind) VALUES (?, ?, ?, 'clause')",
    );
    const texts = ["规范医务人员的梏床诊疗行为。", "遵循临乐诊疗规范梏床。"];
    texts.forEach((text, i) => {
      insert.run(i + 1, chunkHash(text), text);
      old
        .prepare(
          "INSERT INTO occurrences (doc_id, ord, chunk_id, section) VALUES (1, ?, ?, '一、')",
        )
        .run(i, i + 1);
    });
    old.close();

    const store = new SqliteKnowledgeStore({ file, quality: scorer });
    expect((await store.getChunks([1, 2])).map((c) => c.quality)).toEqual([0.4, 0.4]);
    expect((await store.listDocuments())[0]?.scan).toBe(true);
    expect((await store.getChunks([1]))[0]?.occurrences[0]?.scan).toBe(true);
    store.close();
  });

  it("keeps the quality, scan mark, label and search path of what ingest hands it", async () => {
    const store = new SqliteKnowledgeStore({ file: tempFile(), quality: scorer });
    await store.replaceSource({ path: "a.txt", hash: "h1", format: "txt" }, [
      {
        meta: { title: "某规定", kind: "policy", scan: false },
        chunks: [
          {
            text: "第三条 医务人员不得收受红包。",
            path: ["第一章 总则", "第三条"],
            searchPath: ["第一章 总则", "第三条医务人员不得收受红包"],
            label: "第三条",
            kind: "clause",
            quality: 0.97,
          },
          { text: "所在单位名称：填报时间：填表人（签字）：", path: ["附件1"], kind: "form" },
        ],
      },
    ]);
    const [clause, form] = await store.getChunks(await store.chunkIds());
    expect(clause).toMatchObject({ kind: "clause", quality: 0.97 });
    expect(clause?.occurrences[0]).toMatchObject({
      section: "第一章 总则 > 第三条",
      searchSection: "第一章 总则 > 第三条医务人员不得收受红包",
      label: "第三条",
      scan: false,
    });
    // A chunk handed over without a quality is scored on the way in.
    expect(form).toMatchObject({ kind: "form", quality: 1 });
    store.close();
  });
});
