import type { IngestReport } from "../../ingest/ingest-paths.js";
import { openKnowledgeBase } from "../app/knowledge-base.js";
import type { CommandContext } from "./context.js";

/** `qingfeng ingest <paths…> [--json]`: exit code 1 when any file failed. */
export async function ingestCommand(
  ctx: CommandContext,
  paths: string[],
  json: boolean,
): Promise<number> {
  if (paths.length === 0) {
    ctx.io.err("Usage: qingfeng ingest <files or directories…> [--json]");
    return 2;
  }
  const kb = await openKnowledgeBase(ctx.config);
  try {
    await kb.ensureDefaultCorpus();
    const progress = ctx.io.isTTY && !json ? progressBar(ctx) : undefined;
    const report = await kb.ingest(paths, progress);
    if (progress) ctx.io.err("");
    ctx.io.out(json ? JSON.stringify(toJson(report), null, 2) : summary(report));
    return report.errors.length > 0 ? 1 : 0;
  } finally {
    kb.close();
  }
}

function progressBar(ctx: CommandContext) {
  return (done: number, total: number, file: string) => {
    const width = 24;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const name = file.length > 40 ? `…${file.slice(-39)}` : file;
    ctx.io.err(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${name}\u001b[K`,
    );
  };
}

function summary(report: IngestReport): string {
  const lines = report.files.map((f) =>
    f.status === "failed"
      ? `  ✗ ${f.error?.message ?? f.file} [${f.error?.code ?? "ERROR"}]`
      : `  ${f.status === "unchanged" ? "=" : "✓"} ${f.file}: ${f.status}${f.status === "unchanged" ? "" : `, ${f.documents} documents, ${f.chunks} clauses, ${f.duplicates} duplicates`}`,
  );
  lines.push(
    `Documents: ${report.documents}, clauses: ${report.chunks}, duplicates stored once: ${report.duplicates}, errors: ${report.errors.length}`,
  );
  return lines.join("\n");
}

function toJson(report: IngestReport) {
  return {
    documents: report.documents,
    chunks: report.chunks,
    duplicates: report.duplicates,
    errors: report.errors.map((e) => ({ file: e.file, code: e.code, message: e.message })),
    files: report.files.map((f) => ({
      file: f.file,
      status: f.status,
      documents: f.documents,
      chunks: f.chunks,
      duplicates: f.duplicates,
      ...(f.error ? { error: { code: f.error.code, message: f.error.message } } : {}),
    })),
  };
}
