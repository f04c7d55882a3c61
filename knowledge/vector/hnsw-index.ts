import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import { QingfengError } from "../errors.js";
import { fnv1a } from "../lexical/fingerprint.js";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

const FORMAT_VERSION = 1;
const INDEX_FILE = "vectors.hnsw";
const META_FILE = "vectors.json";
const INITIAL_CAPACITY = 1024;
const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH = 64;
// Fixed seed: the same inserts build the same graph, so results are reproducible.
const RANDOM_SEED = 100;

/** What vectors.json records next to vectors.hnsw. */
interface VectorIndexMeta {
  version: number;
  embedderId: string;
  dimensions: number;
  /** Live (not deleted) vectors. */
  count: number;
  /** Labels in the hnsw file, deleted ones included, and a hash of them, to detect a mismatched pair of files. */
  labels: number;
  labelsHash: string;
  /** Labels marked deleted in the hnsw file (hnswlib does not expose that state). */
  deleted: number[];
  savedAt: string;
}

export interface VectorIndexOpenOptions {
  /** Directory holding vectors.hnsw and vectors.json (created on save). */
  dir: string;
  /** Embedder#id of the vectors this index is meant to hold. */
  embedderId: string;
  dimensions: number;
}

export interface VectorHit {
  id: number;
  /** Cosine similarity, higher is better (1 = same direction). */
  score: number;
}

/**
 * Approximate nearest-neighbour index of chunk vectors (cosine, HNSW). Holds
 * ids and vectors only; texts live in the store. Vectors of a different
 * embedder are never mixed in: opening with another embedder id or size
 * starts empty and says so.
 */
export class VectorIndex {
  readonly dir: string;
  readonly embedderId: string;
  readonly dimensions: number;
  /** True when nothing usable was on disk: the caller must embed every chunk again. */
  readonly needsRebuild: boolean;
  /** Why the index on disk was not used, when needsRebuild is set. */
  readonly rebuildReason: string | undefined;
  private hnsw: Hnsw;
  private readonly live: Set<number>;
  private readonly deleted: Set<number>;

  private constructor(
    options: VectorIndexOpenOptions,
    state: { hnsw: Hnsw; live: Set<number>; deleted: Set<number>; rebuildReason?: string },
  ) {
    this.dir = options.dir;
    this.embedderId = options.embedderId;
    this.dimensions = options.dimensions;
    this.hnsw = state.hnsw;
    this.live = state.live;
    this.deleted = state.deleted;
    this.rebuildReason = state.rebuildReason;
    this.needsRebuild = state.rebuildReason !== undefined;
  }

  /** Loads the index in `dir` when it was built by the same embedder; otherwise starts empty. */
  static async open(options: VectorIndexOpenOptions): Promise<VectorIndex> {
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new QingfengError(
        "BAD_INPUT",
        `Vector dimensions must be a positive integer, got ${options.dimensions}`,
      );
    }
    const loaded = await load(options);
    if ("reason" in loaded) {
      return new VectorIndex(options, {
        hnsw: emptyHnsw(options.dimensions),
        live: new Set(),
        deleted: new Set(),
        rebuildReason: loaded.reason,
      });
    }
    return new VectorIndex(options, loaded);
  }

  /** Number of live vectors. */
  get size(): number {
    return this.live.size;
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  /** Live ids, ascending. */
  ids(): number[] {
    return [...this.live].sort((a, b) => a - b);
  }

  /** Adds a vector, or replaces the vector stored for `id`. */
  add(id: number, vector: readonly number[]): void {
    checkId(id);
    this.checkVector(vector);
    const reuse = this.live.has(id) || this.deleted.has(id);
    if (!reuse && this.hnsw.getCurrentCount() >= this.hnsw.getMaxElements()) {
      this.hnsw.resizeIndex(Math.max(INITIAL_CAPACITY, this.hnsw.getMaxElements() * 2));
    }
    // hnswlib updates an existing label in place and un-deletes a deleted one.
    this.hnsw.addPoint([...vector], id);
    this.deleted.delete(id);
    this.live.add(id);
  }

  /** Removes a vector; unknown ids are ignored. Returns whether one was removed. */
  remove(id: number): boolean {
    if (!this.live.has(id)) return false;
    this.hnsw.markDelete(id);
    this.live.delete(id);
    this.deleted.add(id);
    return true;
  }

  /** The k nearest vectors by cosine similarity, best first. */
  search(vector: readonly number[], k: number): VectorHit[] {
    this.checkVector(vector);
    const wanted = Math.min(Math.floor(k), this.live.size);
    if (wanted <= 0) return [];
    this.hnsw.setEf(Math.max(EF_SEARCH, wanted));
    const { neighbors, distances } = this.hnsw.searchKnn([...vector], wanted);
    const hits: VectorHit[] = [];
    neighbors.forEach((id, i) => {
      // hnswlib's cosine distance is 1 - cosine similarity.
      if (this.live.has(id)) hits.push({ id, score: 1 - (distances[i] ?? 1) });
    });
    return hits.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /**
   * Writes vectors.hnsw and vectors.json through temporary files and renames,
   * so a crash leaves the previous pair or the new pair, never half a file;
   * a pair from two different saves is detected on open.
   */
  async save(): Promise<void> {
    if (this.deleted.size > Math.max(256, this.live.size)) this.compact();
    await mkdir(this.dir, { recursive: true });
    const labels = this.hnsw.getIdsList();
    const meta: VectorIndexMeta = {
      version: FORMAT_VERSION,
      embedderId: this.embedderId,
      dimensions: this.dimensions,
      count: this.live.size,
      labels: labels.length,
      labelsHash: hashLabels(labels),
      deleted: [...this.deleted].sort((a, b) => a - b),
      savedAt: new Date().toISOString(),
    };
    const suffix = `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    const indexPath = join(this.dir, INDEX_FILE);
    const metaPath = join(this.dir, META_FILE);
    try {
      await this.hnsw.writeIndex(indexPath + suffix);
      await writeFile(metaPath + suffix, `${JSON.stringify(meta)}\n`);
      await rename(indexPath + suffix, indexPath);
      await rename(metaPath + suffix, metaPath);
    } catch (error) {
      await rm(indexPath + suffix, { force: true });
      await rm(metaPath + suffix, { force: true });
      throw new QingfengError(
        "STORE_FAILED",
        `Cannot save the vector index in ${this.dir}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Rebuilds the graph without deleted vectors, which hnswlib keeps forever. */
  private compact(): void {
    const fresh = emptyHnsw(this.dimensions, Math.max(INITIAL_CAPACITY, this.live.size));
    for (const id of this.ids()) fresh.addPoint(this.hnsw.getPoint(id), id);
    this.hnsw = fresh;
    this.deleted.clear();
  }

  private checkVector(vector: readonly number[]): void {
    if (vector.length !== this.dimensions) {
      throw new QingfengError(
        "BAD_INPUT",
        `Vector has ${vector.length} dimensions, the index holds ${this.dimensions} (embedder ${this.embedderId})`,
      );
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    // Cosine distance to a zero or non-finite vector is NaN and would poison the graph.
    if (!Number.isFinite(norm) || norm === 0) {
      throw new QingfengError(
        "BAD_INPUT",
        "Vector is zero or not finite: cannot compare it by cosine",
      );
    }
  }
}

function emptyHnsw(dimensions: number, capacity = INITIAL_CAPACITY): Hnsw {
  const hnsw = new HierarchicalNSW("cosine", dimensions);
  hnsw.initIndex({
    maxElements: capacity,
    m: M,
    efConstruction: EF_CONSTRUCTION,
    randomSeed: RANDOM_SEED,
  });
  return hnsw;
}

function checkId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new QingfengError(
      "BAD_INPUT",
      `Vector ids are non-negative integers (chunk ids), got ${id}`,
    );
  }
}

function hashLabels(labels: readonly number[]): string {
  return fnv1a([...labels].sort((a, b) => a - b).join(",")).toString(16);
}

type Loaded = { hnsw: Hnsw; live: Set<number>; deleted: Set<number> } | { reason: string };

async function load(options: VectorIndexOpenOptions): Promise<Loaded> {
  const indexPath = join(options.dir, INDEX_FILE);
  const metaPath = join(options.dir, META_FILE);
  let metaText: string;
  try {
    metaText = await readFile(metaPath, "utf8");
    await stat(indexPath);
  } catch {
    return { reason: `no vector index in ${options.dir} yet` };
  }
  let meta: VectorIndexMeta;
  try {
    meta = JSON.parse(metaText) as VectorIndexMeta;
  } catch {
    return { reason: `${metaPath} is not valid JSON` };
  }
  if (meta.version !== FORMAT_VERSION) {
    return { reason: `index format ${meta.version} differs from ${FORMAT_VERSION}` };
  }
  if (meta.embedderId !== options.embedderId) {
    return { reason: `index was built by embedder ${meta.embedderId}, now ${options.embedderId}` };
  }
  if (meta.dimensions !== options.dimensions) {
    return {
      reason: `index holds ${meta.dimensions}-dimensional vectors, embedder gives ${options.dimensions}`,
    };
  }
  const hnsw = new HierarchicalNSW("cosine", options.dimensions);
  try {
    await hnsw.readIndex(indexPath);
  } catch (error) {
    return { reason: `cannot read ${indexPath}: ${(error as Error).message}` };
  }
  const labels = hnsw.getIdsList();
  const deleted = new Set(Array.isArray(meta.deleted) ? meta.deleted : []);
  if (labels.length !== meta.labels || hashLabels(labels) !== meta.labelsHash) {
    return { reason: `${INDEX_FILE} and ${META_FILE} come from different saves` };
  }
  const live = new Set(labels.filter((id) => !deleted.has(id)));
  if (live.size !== meta.count) {
    return { reason: `${META_FILE} counts ${meta.count} vectors, ${INDEX_FILE} has ${live.size}` };
  }
  return { hnsw, live, deleted };
}
