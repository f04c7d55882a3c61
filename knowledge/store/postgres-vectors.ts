import type { ChunkVectors } from "../ports/knowledge-store.js";
import type { PgQueries } from "./pg-queries.js";

/**
 * Chunk embeddings in PostgreSQL (table chunk_vectors), as float32 bytes:
 * the in-memory hnswlib index holds float32, so an instance loading them
 * builds the very index it would have built by embedding.
 */
export class PostgresChunkVectors implements ChunkVectors {
  constructor(private readonly q: PgQueries) {}

  async get(embedderId: string, ids: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    if (ids.length === 0) return out;
    const rows = await this.q.rows<{ id: number; vector: Buffer }>(
      "SELECT chunk_id AS id, vector FROM chunk_vectors WHERE embedder = $1 AND chunk_id = ANY($2::int[])",
      [embedderId, ids],
    );
    for (const r of rows) out.set(r.id, fromBytes(r.vector));
    return out;
  }

  async save(embedderId: string, entries: { id: number; vector: number[] }[]): Promise<void> {
    if (entries.length === 0) return;
    // A chunk removed meanwhile has no row to refer to: its vector is not kept.
    await this.q.run(
      `INSERT INTO chunk_vectors (chunk_id, embedder, vector)
       SELECT t.id, $1, t.vector FROM unnest($2::int[], $3::bytea[]) AS t(id, vector)
       WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.id = t.id)
       ON CONFLICT (embedder, chunk_id) DO UPDATE SET vector = excluded.vector`,
      [embedderId, entries.map((e) => e.id), entries.map((e) => toBytes(e.vector))],
    );
  }
}

function toBytes(vector: number[]): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [i, v] of vector.entries()) bytes.writeFloatLE(v, i * 4);
  return bytes;
}

function fromBytes(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) out.push(bytes.readFloatLE(i));
  return out;
}
