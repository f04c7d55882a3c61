import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { TrustWarning } from "../knowledge/conduct/trust-check.js";
import type { KnowledgeIndex } from "../knowledge/index/knowledge-index.js";
import type { KnowledgeStore } from "../knowledge/ports/knowledge-store.js";
import { type BusyRetryOptions, isBusyError, retryWhenBusy } from "../knowledge/store/busy.js";
import type { Authority } from "../knowledge/types.js";
import { checkLanguage } from "./check-language.js";
import { IngestError } from "./errors.js";
import { listFiles } from "./loaders/list-files.js";
import { loadFile } from "./loaders/load-file.js";
import { parseSource } from "./parse-source.js";
import { guessAuthority } from "./structure/document-authority.js";

export interface FileOutcome {
  file: string;
  status: "added" | "replaced" | "unchanged" | "failed";
  documents: number;
  chunks: number;
  duplicates: number;
  error?: IngestError | undefined;
}

export interface IngestReport {
  files: FileOutcome[];
  documents: number;
  chunks: number;
  duplicates: number;
  errors: IngestError[];
  /** Added clauses that will not decide answers (instructions to an assistant, permissions of forbidden conduct). */
  warnings: TrustWarning[];
}

export interface IngestDeps {
  store: KnowledgeStore;
  index: KnowledgeIndex;
  /** The key a file is stored under (the shipped corpus uses stable relative keys). */
  sourceKey?: (file: string) => string;
  /**
   * Whose rules a file holds (the shipped corpus is official). Without it a
   * document is a hospital rule when its title says so, else unknown.
   */
  authority?: (file: string) => Authority | undefined;
  onProgress?: (done: number, total: number, file: string) => void;
  /** How long to keep trying when another process holds the database (tests shorten it). */
  busyRetry?: BusyRetryOptions;
}

/**
 * Ingests files and directories. Each file is its own unit of work: a bad file
 * is reported with its name and the others still ingest; a changed file
 * replaces its previous version atomically; an unchanged file is skipped.
 */
export async function ingestPaths(paths: string[], deps: IngestDeps): Promise<IngestReport> {
  const { files, errors: listErrors } = await listFiles(paths);
  const outcomes: FileOutcome[] = listErrors.map((error) => failed(error.file, error));
  const key = deps.sourceKey ?? ((f: string) => f);
  let done = 0;
  const added: number[] = [];
  for (const file of files) {
    outcomes.push(await ingestOne(file, key(file), deps, added));
    deps.onProgress?.(++done, files.length, file);
  }
  await deps.index.save();
  const ok = outcomes.filter((o) => o.status !== "failed");
  return {
    files: outcomes,
    documents: sum(ok, "documents"),
    chunks: sum(ok, "chunks"),
    duplicates: sum(ok, "duplicates"),
    errors: outcomes.flatMap((o) => (o.error ? [o.error] : [])),
    warnings: added.length > 0 ? await deps.index.trustWarnings(added) : [],
  };
}

async function ingestOne(
  file: string,
  key: string,
  deps: IngestDeps,
  added: number[],
): Promise<FileOutcome> {
  try {
    const bytes = await readFile(file);
    const hash = createHash("sha256").update(bytes).digest("hex");
    const previous = await deps.store.getSource(key);
    if (previous?.hash === hash) {
      return { file, status: "unchanged", documents: 0, chunks: 0, duplicates: 0 };
    }
    const loaded = await loadFile(file);
    checkLanguage(loaded.text, file);
    const authority = deps.authority?.(file);
    const documents = parseSource(loaded).map((doc) => ({
      ...doc,
      meta: { ...doc.meta, authority: authority ?? guessAuthority(doc.meta) },
    }));
    if (documents.length === 0) {
      throw new IngestError(
        "INGEST_NO_TEXT",
        file,
        "no policy text was found after cleaning (is it a scanned image or only site chrome?). Nothing stored for it changed.",
      );
    }
    // Another process (a second ingest, a running bot) may hold the write lock: wait our turn.
    const changes = await retryWhenBusy(
      () => deps.store.replaceSource({ path: key, hash, format: loaded.format }, documents),
      deps.busyRetry,
    );
    await retryWhenBusy(() => deps.index.apply(changes), deps.busyRetry);
    added.push(...changes.added);
    return {
      file,
      status: previous ? "replaced" : "added",
      documents: documents.length,
      chunks: documents.reduce((n, d) => n + d.chunks.length, 0),
      duplicates: changes.duplicates,
    };
  } catch (error) {
    return failed(file, asIngestError(file, error));
  }
}

/** A locked database is the database's state, never the file's fault: it has its own code. */
function asIngestError(file: string, error: unknown): IngestError {
  if (error instanceof IngestError) return error;
  if (isBusyError(error)) {
    return new IngestError(
      "STORE_BUSY",
      file,
      "the database is locked by another process writing to it (another `qingfeng ingest` or `remove`, or a busy bot); the file itself is fine. Run the same ingest again when that process has finished: files already stored are skipped.",
      { cause: error },
    );
  }
  return new IngestError("INGEST_CORRUPT_FILE", file, `could not be ingested: ${String(error)}`, {
    cause: error,
  });
}

function failed(file: string, error: IngestError): FileOutcome {
  return { file, status: "failed", documents: 0, chunks: 0, duplicates: 0, error };
}

function sum(items: FileOutcome[], key: "documents" | "chunks" | "duplicates"): number {
  return items.reduce((n, o) => n + o[key], 0);
}
