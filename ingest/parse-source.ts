import type { DocumentDraft } from "../knowledge/types.js";
import { buildChunks, type ChunkOptions, DEFAULT_CHUNK_OPTIONS } from "./chunk/build-chunks.js";
import { cleanText } from "./clean/clean-text.js";
import type { LoadedText } from "./loaders/loaded-text.js";
import { extractMeta } from "./structure/document-meta.js";
import { parseOutline } from "./structure/outline-parser.js";
import { splitDocuments } from "./structure/split-documents.js";
import { extractTables } from "./structure/task-table.js";

/**
 * From a loaded file to the documents it holds, each with metadata and
 * structure-following chunks. Pure: no I/O, so every step is testable on text.
 */
export function parseSource(
  loaded: LoadedText,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): DocumentDraft[] {
  const cleaned = cleanText(loaded.text);
  const docs = splitDocuments(cleaned.lines);
  const news =
    loaded.meta.author !== undefined ||
    cleaned.titleHints.some((h) => h.length > 0 && loaded.format === "html");
  return docs
    .map((doc) => {
      const { lines, tables } = extractTables(doc.lines);
      const title =
        doc.title ??
        (docs.length === 1 ? loaded.meta.title : undefined) ??
        tables[0]?.title ??
        cleaned.titleHints[0] ??
        fallbackTitle(lines, loaded.path);
      const { meta, consumed } = extractMeta({
        title,
        lines,
        hints: { date: loaded.meta.date, author: loaded.meta.author, news },
      });
      const blocks = parseOutline(lines.filter((_, i) => !consumed.has(i)));
      return { meta, chunks: buildChunks(blocks, tables, options) };
    })
    .filter((doc) => doc.chunks.length > 0);
}

function fallbackTitle(lines: string[], path: string): string {
  const first = lines.find((l) => l.length >= 4 && l.length <= 60 && !/^附[件表]/.test(l));
  return first ?? path.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
}
