import { type CommandContext, openReady } from "./context.js";

/** `qingfeng docs [--json]`: stored documents with year, issuer, clause count and sources. */
export async function docsCommand(ctx: CommandContext, json: boolean): Promise<number> {
  const app = await openReady(ctx);
  const { kb } = app;
  try {
    const docs = kb.store.listDocuments();
    if (json) {
      ctx.io.out(JSON.stringify(docs, null, 2));
      return 0;
    }
    for (const d of docs) {
      const meta = [
        d.year ? `${d.year}` : "",
        d.issuer ?? "",
        d.kind === "news" ? "新闻转载" : "",
      ].filter(Boolean);
      ctx.io.out(`#${d.id} ${d.title}${meta.length ? ` (${meta.join(" · ")})` : ""}`);
      ctx.io.out(
        `     ${d.chunkCount} clauses · ${d.source}${d.docNumber ? ` · ${d.docNumber}` : ""}`,
      );
    }
    const c = kb.store.counts();
    ctx.io.out(
      `${c.documents} documents from ${c.sources} files; ${c.chunks} distinct clauses (${c.occurrences - c.chunks} shared).`,
    );
    return 0;
  } finally {
    app.close();
  }
}
