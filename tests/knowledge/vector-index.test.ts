import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VectorIndex } from "../../knowledge/vector/hnsw-index.js";
import { isQingfengError } from "../../lib/errors.js";

const DIMS = 4;
const unit = (...values: number[]) => {
  const n = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
  return values.map((v) => v / n);
};

describe("VectorIndex", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "qingfeng-vectors-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = (embedderId = "test-embedder", dimensions = DIMS) =>
    VectorIndex.open({ dir, embedderId, dimensions });

  it("starts empty and flagged for rebuild when nothing is on disk", async () => {
    const index = await open();
    expect(index.size).toBe(0);
    expect(index.needsRebuild).toBe(true);
    expect(index.rebuildReason).toMatch(/no vector index/);
    expect(index.search(unit(1, 0, 0, 0), 5)).toEqual([]);
  });

  it("adds, searches by cosine similarity, replaces and removes", async () => {
    const index = await open();
    index.add(10, unit(1, 0, 0, 0));
    index.add(11, unit(0, 1, 0, 0));
    index.add(12, unit(1, 1, 0, 0));
    const hits = index.search(unit(1, 0.1, 0, 0), 10);
    expect(hits.map((h) => h.id)).toEqual([10, 12, 11]);
    expect(hits[0]!.score).toBeGreaterThan(0.99);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);

    index.add(11, unit(1, 0.1, 0, 0));
    expect(index.size).toBe(3);
    expect(index.search(unit(1, 0.1, 0, 0), 1)[0]).toEqual({ id: 11, score: expect.closeTo(1, 5) });

    expect(index.remove(11)).toBe(true);
    expect(index.remove(11)).toBe(false);
    expect(index.remove(999)).toBe(false);
    expect(index.has(11)).toBe(false);
    expect(index.ids()).toEqual([10, 12]);
    expect(index.search(unit(1, 0.1, 0, 0), 10).map((h) => h.id)).toEqual([10, 12]);

    index.add(11, unit(0, 0, 1, 0));
    expect(index.ids()).toEqual([10, 11, 12]);
  });

  it("grows past its initial capacity", async () => {
    const index = await open();
    for (let id = 0; id < 2500; id++) index.add(id, unit(1, id % 7, id % 11, (id % 13) + 1));
    expect(index.size).toBe(2500);
    expect(index.search(unit(1, 3, 5, 8), 3)).toHaveLength(3);
  });

  it("round-trips through save and reopen", async () => {
    const index = await open();
    index.add(1, unit(1, 0, 0, 0));
    index.add(2, unit(0, 1, 0, 0));
    index.add(3, unit(0, 0, 1, 0));
    index.remove(2);
    await index.save();
    expect((await readdir(dir)).sort()).toEqual(["vectors.hnsw", "vectors.json"]);

    const reopened = await open();
    expect(reopened.needsRebuild).toBe(false);
    expect(reopened.ids()).toEqual([1, 3]);
    expect(reopened.search(unit(0, 1, 0, 0), 5).map((h) => h.id)).not.toContain(2);
    expect(reopened.search(unit(0, 0, 1, 0), 1)[0]?.id).toBe(3);
    reopened.add(4, unit(0, 0, 0, 1));
    await reopened.save();
    expect((await open()).ids()).toEqual([1, 3, 4]);
  });

  it("never mixes vectors of another embedder or size", async () => {
    const index = await open();
    index.add(1, unit(1, 0, 0, 0));
    await index.save();

    const otherModel = await open("another-embedder");
    expect(otherModel.size).toBe(0);
    expect(otherModel.needsRebuild).toBe(true);
    expect(otherModel.rebuildReason).toMatch(/test-embedder/);

    const otherSize = await open("test-embedder", 8);
    expect(otherSize.size).toBe(0);
    expect(otherSize.needsRebuild).toBe(true);
  });

  it("detects files from different saves or a damaged meta file", async () => {
    const index = await open();
    index.add(1, unit(1, 0, 0, 0));
    await index.save();
    const meta = join(dir, "vectors.json");
    const saved = JSON.parse(await readFile(meta, "utf8")) as Record<string, unknown>;
    await writeFile(meta, JSON.stringify({ ...saved, labels: 2, count: 2 }));
    expect((await open()).needsRebuild).toBe(true);
    await writeFile(meta, "{not json");
    const damaged = await open();
    expect(damaged.needsRebuild).toBe(true);
    expect(damaged.size).toBe(0);
  });

  it("compacts many deletions away on save", async () => {
    const index = await open();
    const angle = (id: number) => unit(Math.cos(id * 0.15), Math.sin(id * 0.15), 0, 0);
    for (let id = 0; id < 600; id++) index.add(id, id < 590 ? unit(1, id, 1, 1) : angle(id - 590));
    await index.save();
    const { size: before } = await stat(join(dir, "vectors.hnsw"));
    for (let id = 0; id < 590; id++) index.remove(id);
    await index.save();
    const { size: after } = await stat(join(dir, "vectors.hnsw"));
    expect(after).toBeLessThan(before / 10);
    const reopened = await open();
    expect(reopened.ids()).toEqual([590, 591, 592, 593, 594, 595, 596, 597, 598, 599]);
    expect(reopened.search(angle(5), 1)[0]?.id).toBe(595);
  });

  it("rejects vectors of the wrong size, zero vectors and bad ids", async () => {
    const index = await open();
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isQingfengError(error) ? error.code : "other";
      }
      return "none";
    };
    expect(code(() => index.add(1, [1, 0]))).toBe("BAD_INPUT");
    expect(code(() => index.add(1, [0, 0, 0, 0]))).toBe("BAD_INPUT");
    expect(code(() => index.add(-1, unit(1, 0, 0, 0)))).toBe("BAD_INPUT");
    expect(code(() => index.search([1, 0], 1))).toBe("BAD_INPUT");
  });
});
