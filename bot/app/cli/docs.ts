import { type CommandSpec, parseCommand } from "../../../lib/cli-args.js";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openReady } from "./context.js";
import { warningText } from "./ingest.js";

const DOCS = {
  name: "docs",
  usage: "docs [--json]",
  summary:
    "The stored documents: year, issuer, authority, clause count, source file, and the clauses\nthat will not decide answers.",
  options: { json: { type: "boolean", help: "print the documents as JSON" } },
  example: "docs --json",
} satisfies CommandSpec;

/** Whose rules a document holds, as the list shows it. */
const AUTHORITY = { official: "正式文件", local: "院内规定", unknown: "来源未确认" } as const;

/** `qingfeng docs [--json]`: stored documents with year, issuer, clause count and sources. */
export async function docsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const json = parseCommand(args, DOCS).values.json === true;
  const app = await openReady(ctx);
  const { kb } = app;
  try {
    const docs = await kb.store.listDocuments();
    const warnings = await kb.index.trustWarnings();
    const warningsOf = (id: number) => warnings.filter((w) => w.docId === id);
    if (json) {
      const withWarnings = docs.map((d) => ({ ...d, warnings: warningsOf(d.id) }));
      ctx.io.out(JSON.stringify(withWarnings, null, 2));
      return 0;
    }
    for (const d of docs) {
      const meta = [
        d.year ? `${d.year}` : "",
        d.issuer ?? "",
        d.kind === "news" ? "新闻转载" : "",
        AUTHORITY[d.authority ?? "unknown"],
      ].filter(Boolean);
      ctx.io.out(`#${d.id} ${d.title}${meta.length ? ` (${meta.join(" · ")})` : ""}`);
      ctx.io.out(
        `     ${plural(d.chunkCount, "clause")} · ${d.source}${d.docNumber ? ` · ${d.docNumber}` : ""}`,
      );
      for (const w of warningsOf(d.id)) ctx.io.out(`     ⚠ ${warningText(w)}: ${w.excerpt}`);
    }
    const c = await kb.store.counts();
    ctx.io.out(
      `${plural(c.documents, "document")} from ${plural(c.sources, "file")}; ${plural(c.chunks, "distinct clause")} (${c.occurrences - c.chunks} shared).`,
    );
    return 0;
  } finally {
    app.close();
  }
}
