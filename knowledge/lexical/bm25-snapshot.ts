import { readFileSync, renameSync, writeFileSync } from "node:fs";

/**
 * The BM25 index as one binary file, so a cold start reads it in one go
 * instead of re-splitting every chunk's cached tokens (the longest part of a
 * cold `qingfeng ask` on a large corpus). It is valid only for the segmenter
 * that cut the tokens and for exactly the chunk ids it holds: the caller
 * compares both with the store before using it.
 */
export interface Bm25Snapshot {
  fingerprint: string;
  /** Order-free digest of the indexed chunk ids (see digestIds). */
  ids: string;
  docIds: Int32Array;
  docLengths: Int32Array;
  terms: string[];
  /** Postings of terms[i]: ids and term frequencies, as views into one buffer. */
  postings: { ids: Int32Array; tfs: Int32Array }[];
}

const MAGIC = "QFBM25v1";

/** Writes a snapshot atomically (a temp file renamed over the old one). */
export function writeBm25Snapshot(file: string, snapshot: Bm25Snapshot): void {
  const termBytes = Buffer.from(snapshot.terms.join("\n"), "utf8");
  const lengths = Int32Array.from(snapshot.postings, (p) => p.ids.length);
  const total = lengths.reduce((sum, n) => sum + n, 0);
  const header = Buffer.from(
    JSON.stringify({
      magic: MAGIC,
      fingerprint: snapshot.fingerprint,
      ids: snapshot.ids,
      docs: snapshot.docIds.length,
      terms: snapshot.terms.length,
      termBytes: termBytes.length,
      total,
    }),
    "utf8",
  );
  const ints = new Int32Array(snapshot.docIds.length * 2 + lengths.length + total * 2);
  let at = 0;
  ints.set(snapshot.docIds, at);
  at += snapshot.docIds.length;
  ints.set(snapshot.docLengths, at);
  at += snapshot.docLengths.length;
  ints.set(lengths, at);
  at += lengths.length;
  for (const p of snapshot.postings) {
    ints.set(p.ids, at);
    at += p.ids.length;
  }
  for (const p of snapshot.postings) {
    ints.set(p.tfs, at);
    at += p.tfs.length;
  }
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(header.length);
  const pad = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);
  const head = Buffer.concat([prefix, header, termBytes]);
  const body = Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([head, pad(head.length), body]));
  renameSync(tmp, file);
}

/** Reads a snapshot; undefined when the file is missing, foreign or damaged. */
export function readBm25Snapshot(file: string): Bm25Snapshot | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString("utf8")) as {
      magic: string;
      fingerprint: string;
      ids: string;
      docs: number;
      terms: number;
      termBytes: number;
      total: number;
    };
    if (header.magic !== MAGIC) return undefined;
    const termsEnd = 4 + headerLength + header.termBytes;
    const text = buf.subarray(4 + headerLength, termsEnd).toString("utf8");
    const terms = header.terms === 0 ? [] : text.split("\n");
    const bodyStart = termsEnd + ((4 - (termsEnd % 4)) % 4);
    const count = header.docs * 2 + header.terms + header.total * 2;
    if (terms.length !== header.terms || buf.length < bodyStart + count * 4) return undefined;
    // A fresh, aligned copy of the integers: views into it cost nothing more.
    const ints = new Int32Array(
      buf.buffer.slice(buf.byteOffset + bodyStart, buf.byteOffset + bodyStart + count * 4),
    );
    const docIds = ints.subarray(0, header.docs);
    const docLengths = ints.subarray(header.docs, header.docs * 2);
    const lengths = ints.subarray(header.docs * 2, header.docs * 2 + header.terms);
    let idAt = header.docs * 2 + header.terms;
    let tfAt = idAt + header.total;
    const postings = Array.from(lengths, (n) => {
      const p = { ids: ints.subarray(idAt, idAt + n), tfs: ints.subarray(tfAt, tfAt + n) };
      idAt += n;
      tfAt += n;
      return p;
    });
    return {
      fingerprint: header.fingerprint,
      ids: header.ids,
      docIds,
      docLengths,
      terms,
      postings,
    };
  } catch {
    return undefined;
  }
}

/** An order-free digest of a set of ids: count, sum and two mixes, so any change shows. */
export function digestIds(ids: Iterable<number>): string {
  let count = 0;
  let sum = 0;
  let mixSum = 0;
  let mixXor = 0;
  for (const id of ids) {
    count++;
    sum += id;
    const h = Math.imul(id ^ (id >>> 16), 0x45d9f3b) >>> 0;
    mixSum = (mixSum + h) >>> 0;
    mixXor = (mixXor ^ Math.imul(h, 0x27d4eb2d)) >>> 0;
  }
  return `${count}:${sum}:${mixSum}:${mixXor}`;
}
