import {
  defaultTextQuality,
  documentQuality,
  SCAN_DOCUMENT_QUALITY,
  type TextQualityScorer,
} from "../knowledge/lexical/text-quality.js";
import type { DocumentDraft } from "../knowledge/types.js";
import { buildChunks, type ChunkOptions, DEFAULT_CHUNK_OPTIONS } from "./chunk/build-chunks.js";
import { cleanText } from "./clean/clean-text.js";
import type { LoadedText } from "./loaders/loaded-text.js";
import { extractMeta } from "./structure/document-meta.js";
import { parseOutline } from "./structure/outline-parser.js";
import { splitDocuments } from "./structure/split-documents.js";
import { extractTables } from "./structure/task-table.js";

export interface ParseOptions extends ChunkOptions {
  /** Scores each chunk's text quality (default: the shipped scorer, built once). */
  quality?: TextQualityScorer;
}

/**
 * From a loaded file to the documents it holds, each with metadata and
 * structure-following chunks, each chunk with its text quality; a document
 * whose text scores low as a whole is marked a scan. No I/O but the shipped
 * dictionaries the default quality scorer reads once.
 */
export function parseSource(
  loaded: LoadedText,
  options: ParseOptions = DEFAULT_CHUNK_OPTIONS,
): DocumentDraft[] {
  const scorer = options.quality ?? defaultTextQuality();
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
      const chunks = buildChunks(blocks, tables, options).map((chunk) => ({
        ...chunk,
        quality: scorer.score(chunk.text),
      }));
      const scan = chunks.length > 0 && documentQuality(chunks) < SCAN_DOCUMENT_QUALITY;
      return { meta: { ...meta, scan }, chunks };
    })
    .filter((doc) => doc.chunks.length > 0);
}

function fallbackTitle(lines: string[], path: string): string {
  const first = lines.find((l) => l.length >= 4 && l.length <= 60 && !/^附[件表]/.test(l));
  return first ?? path.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
}
