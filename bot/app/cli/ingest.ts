import type { IngestReport } from "../../../ingest/ingest-paths.js";
import type { TrustWarning } from "../../../knowledge/conduct/trust-check.js";
import type { Authority } from "../../../knowledge/types.js";
import { type CommandSpec, parseCommand, UsageError } from "../../../lib/cli-args.js";
import { plural } from "../../../lib/text/plural.js";
import { openKnowledgeBase } from "../knowledge-base.js";
import type { CommandContext } from "./context.js";

const INGEST = {
  name: "ingest",
  usage:
    "ingest <files or directories…> [--official | --authority official|local|unknown] [--json]",
  summary:
    "Adds or updates documents (.txt .md .html .docx .pdf, directories). Uploads count as a\nhospital's own rules (by their title) or unknown, unless you vouch for them with --official.\nExits 1 when any file failed; the others are kept.",
  options: {
    official: { type: "boolean", help: "vouch for the files as official policy" },
    authority: {
      type: "string",
      value: "official|local|unknown",
      help: "whose rules they are",
    },
    json: { type: "boolean", help: "print the report as JSON" },
  },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  example: "ingest ./my-policies/ 院内规定.docx",
} satisfies CommandSpec;

/**
 * `qingfeng ingest <paths…> [--official] [--json]`: exit code 1 when any file
 * failed. Uploads are a hospital's own rules (by their title) or unknown unless
 * the admin vouches for them with --official.
 */
export async function ingestCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals: paths } = parseCommand(args, INGEST);
  const json = values.json === true;
  const authority = authorityOf(values.official, values.authority);
  const kb = await openKnowledgeBase(ctx.config);
  try {
    await kb.ensureDefaultCorpus();
    const progress = ctx.io.isTTY && !json ? progressBar(ctx) : undefined;
    const report = await kb.ingest(paths, progress, { authority });
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
      ? `  ✗ ${f.error?.message ?? f.file} [${f.error?.code ?? "ERROR"}]${f.error?.hint ? `\n    → ${f.error.hint}` : ""}`
      : `  ${f.status === "unchanged" ? "=" : "✓"} ${f.file}: ${f.status}${f.status === "unchanged" ? "" : `, ${plural(f.documents, "document")}, ${plural(f.chunks, "clause")}, ${plural(f.duplicates, "duplicate")}`}`,
  );
  lines.push(
    `Documents: ${report.documents}, clauses: ${report.chunks}, duplicates stored once: ${report.duplicates}, errors: ${report.errors.length}`,
  );
  if (report.warnings.length > 0) {
    lines.push(
      `⚠ ${plural(report.warnings.length, "clause")} will not decide answers (see qingfeng docs):`,
      ...report.warnings.map((w) => `  ⚠ 《${w.title}》 ${warningText(w)}: ${w.excerpt}`),
    );
  }
  return lines.join("\n");
}

function toJson(report: IngestReport) {
  return {
    documents: report.documents,
    chunks: report.chunks,
    duplicates: report.duplicates,
    errors: report.errors.map((e) => ({
      file: e.file,
      code: e.code,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
    })),
    files: report.files.map((f) => ({
      file: f.file,
      status: f.status,
      documents: f.documents,
      chunks: f.chunks,
      duplicates: f.duplicates,
      ...(f.error ? { error: { code: f.error.code, message: f.error.message } } : {}),
    })),
    warnings: report.warnings,
  };
}

/** Why a clause will not decide answers, in one phrase. */
export function warningText(w: TrustWarning): string {
  return w.reason === "instructions"
    ? "reads as instructions to an assistant, never cited"
    : `permits ${w.conduct ?? "conduct"} that official rules forbid; the official rule decides`;
}

function authorityOf(
  official: boolean | undefined,
  authority: string | undefined,
): Authority | undefined {
  if (authority === undefined) return official ? "official" : undefined;
  if (authority !== "official" && authority !== "local" && authority !== "unknown") {
    throw new UsageError(
      INGEST,
      `--authority takes official, local or unknown, got '${authority}'`,
    );
  }
  if (official && authority !== "official") {
    throw new UsageError(INGEST, `--official and --authority ${authority} disagree`);
  }
  return authority;
}
