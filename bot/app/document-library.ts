import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { DocumentClause, DocumentLibrary } from "../features/console/ports.js";
import type { KnowledgeBase } from "./knowledge-base.js";

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
  return {
    list: async () => await kb.store.listDocuments(),
    async clauses(docId) {
      const out: DocumentClause[] = [];
      for await (const page of kb.store.eachChunk(1000))
        for (const chunk of page)
          for (const at of chunk.occurrences)
            if (at.docId === docId)
              out.push({
                chunkId: chunk.id,
                section: at.section,
                label: at.label,
                text: chunk.text,
              });
      return out;
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
