import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { CORPUS_VERSION_KEY } from "../../knowledge/store/sqlite-store.js";
import type { StoredDocument } from "../../knowledge/types.js";
import type { DocumentClause, DocumentLibrary } from "../features/console/ports.js";
import type { KnowledgeBase } from "./knowledge-base.js";

type Place = Omit<DocumentClause, "text">;

/** Characters a file name keeps when saved in the data directory; the rest become "_". */
const UNSAFE = /[^\p{L}\p{N}._ ()（）《》【】-]/gu;

/**
 * The document library over the knowledge base, for the admin console:
 * uploads are saved under <data>/uploads/ by their file name (uploading a
 * file of the same name again is a new edition of it) and ingested as
 * `qingfeng ingest` does, removal updates the indexes as `qingfeng remove`.
 * Every store call is awaited, so an asynchronous store fits unchanged.
 */
export function documentLibrary(kb: KnowledgeBase, dataDir: string): DocumentLibrary {
  const uploads = join(dataDir, "uploads");
  // Where each document's clauses are, built by one pass over the store and kept while the
  // corpus version (bumped by every ingest and removal, here or in another process) stands.
  let listed: { version: string | undefined; documents: StoredDocument[] } | undefined;
  let places: { version: string | undefined; byDoc: Map<number, Place[]> } | undefined;
  const placesNow = async (): Promise<Map<number, Place[]>> => {
    const version = await kb.store.getMeta(CORPUS_VERSION_KEY);
    if (places && places.version === version) return places.byDoc;
    const byDoc = new Map<number, Place[]>();
    for await (const page of kb.store.eachChunk(1000))
      for (const chunk of page)
        for (const at of chunk.occurrences) {
          const list = byDoc.get(at.docId) ?? [];
          list.push({ chunkId: chunk.id, section: at.section, label: at.label });
          byDoc.set(at.docId, list);
        }
    places = { version, byDoc };
    return byDoc;
  };
  return {
    async list() {
      const version = await kb.store.getMeta(CORPUS_VERSION_KEY);
      if (listed && listed.version === version) return listed.documents;
      const documents = await kb.store.listDocuments();
      listed = { version, documents };
      return documents;
    },
    async clauses(docId) {
      const own = (await placesNow()).get(docId) ?? [];
      const text = new Map(
        (await kb.store.getChunks(own.map((p) => p.chunkId))).map((c) => [c.id, c.text]),
      );
      return own.map((p): DocumentClause => ({ ...p, text: text.get(p.chunkId) ?? "" }));
    },
    async upload(files) {
      await mkdir(uploads, { recursive: true });
      const paths: string[] = [];
      for (const file of files) {
        const name = basename(file.name).replace(UNSAFE, "_").replace(/^\.+/, "_") || "upload";
        const path = resolve(uploads, name);
        await writeFile(path, file.bytes);
        paths.push(path);
      }
      return await kb.ingest(paths);
    },
    async remove(source) {
      if (!(await kb.store.getSource(source))) return false;
      const changes = await kb.store.removeSource(source);
      await kb.index.apply(changes);
      await kb.index.save();
      return true;
    },
  };
}
