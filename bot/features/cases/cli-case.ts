import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { localDateTime } from "../../../lib/local-time.js";
import { plural } from "../../../lib/text/plural.js";
import { type Bot, type CommandContext, openBot } from "../../app/cli/context.js";
import { BROADCAST } from "../broadcast/ports.js";
import type { CaseNotice } from "./case-notice.js";
import { reportCsv, reportText } from "./case-report.js";
import { QingfengError } from "./errors.js";
import { parseNotice } from "./parse-notice.js";
import { CASES } from "./ports.js";

const USAGE = `Usage:
  qingfeng case add FILE [--json] [--keep-names]   draft from Markdown (基本案情/处理结果/案例剖析), JSON or text
  qingfeng case list [--json]                     notices, newest first
  qingfeng case show ID [--json]                  a notice with its linked clauses
  qingfeng case clauses ID [--drop N] [--keep N] [--add "query"]   edit a draft's linked clauses
  qingfeng case correct ID FILE [--json]          a correction (更正) of a published notice, as a new draft
  qingfeng case publish ID [--tags a,b] [--at ISO-8601]   queue for subscribed groups (optionally by tag)
  qingfeng case status ID [--json]                targets, sent, pending, failed, acknowledged
  qingfeng case pause|resume|cancel ID            control a broadcast
  qingfeng case report ID [--csv | --json]        delivery and acknowledgements against the roster
  qingfeng case send                              send what is due now and exit (\`qingfeng start\` sends continuously)`;

/** `qingfeng case …`: case notices from the terminal; the same service as the /case chat command. */
export async function caseCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tags: { type: "string" },
      at: { type: "string" },
      csv: { type: "boolean" },
      "keep-names": { type: "boolean" },
      drop: { type: "string", multiple: true },
      keep: { type: "string", multiple: true },
      add: { type: "string", multiple: true },
    },
  });
  const [verb, first, second] = positionals;
  if (!verb || verb === "help") {
    ctx.io.out(USAGE);
    return verb ? 0 : 2;
  }
  const { app, bot } = await openBot(ctx);
  const cases = bot.services.get(CASES);
  const service = cases.service;
  const id = Number(first);
  const by = "cli";
  const offset = ctx.config.cases.utcOffsetMinutes;
  try {
    switch (verb) {
      case "add":
      case "correct": {
        const file = verb === "add" ? first : second;
        if (!file)
          throw new QingfengError(
            "BAD_INPUT",
            `Usage: qingfeng case ${verb === "add" ? "add FILE" : "correct ID FILE"}`,
          );
        const fields = parseNotice(readNoticeFile(file), formatOf(file));
        const options = {
          by,
          anonymise: !values["keep-names"],
          correctsId: verb === "correct" ? id : undefined,
        };
        const same = await service.sameDraft(fields, options);
        if (same) {
          ctx.io.err(
            `warning: ${file} is identical to draft #${same.id}: no new draft was made (edit #${same.id}, or change the file).`,
          );
          printDraft(ctx, same, json, same.id);
          return 0;
        }
        printDraft(ctx, await service.draft(fields, options), json);
        return 0;
      }
      case "list": {
        const list = await service.list(200);
        if (json) ctx.io.out(JSON.stringify(list.map(summary), null, 2));
        else if (list.length === 0) ctx.io.out("No case notices yet: qingfeng case add FILE");
        else
          for (const n of list)
            ctx.io.out(
              `#${n.id} [${n.status}] ${n.title}${n.publishedAt ? ` (published ${localDateTime(n.publishedAt, offset)})` : ` (drafted ${localDateTime(n.createdAt, offset)})`}`,
            );
        return 0;
      }
      case "show": {
        const notice = must(await service.get(id), first);
        if (json) ctx.io.out(JSON.stringify(notice, null, 2));
        else printDraft(ctx, notice, false);
        return 0;
      }
      case "clauses": {
        let notice = must(await service.get(id), first);
        for (const n of values.drop ?? [])
          notice = await service.setClause(id, clauseAt(notice, n), false);
        for (const n of values.keep ?? [])
          notice = await service.setClause(id, clauseAt(notice, n), true);
        for (const q of values.add ?? []) notice = await service.addClause(id, q);
        printDraft(ctx, notice, json);
        return 0;
      }
      case "publish": {
        const at = values.at ? new Date(values.at) : undefined;
        if (at && Number.isNaN(at.getTime()))
          throw new QingfengError(
            "BAD_INPUT",
            `--at "${values.at}" is not an ISO-8601 time (e.g. 2026-12-01T09:00+08:00).`,
          );
        const tags = (values.tags ?? "").split(/[,，\s]+/).filter(Boolean);
        const { broadcast } = await service.publish(id, { by, tags, at });
        const status = await service.status(id);
        if (json)
          ctx.io.out(
            JSON.stringify({
              id,
              broadcast: broadcast.id,
              sendAt: new Date(broadcast.sendAt).toISOString(),
              targets: status.targets,
            }),
          );
        else
          ctx.io.out(
            `Published #${id}: ${plural(status.targets, "group")} queued${at ? ` for ${localDateTime(at, offset)}` : ""}. A running \`qingfeng start\` sends them (or run \`qingfeng case send\`).`,
          );
        return 0;
      }
      case "status": {
        const s = await service.status(id);
        const out = {
          targets: s.targets,
          sent: s.sent,
          pending: s.pending,
          failed: s.failed,
          acknowledged: s.acknowledged,
        };
        ctx.io.out(
          json
            ? JSON.stringify(out)
            : `#${id} ${s.state}: ${s.sent}/${s.targets} sent, ${s.pending} pending, ${s.failed} failed, ${s.cancelled} cancelled; ${s.acknowledged} acknowledged${s.sendAt ? `; queued for ${localDateTime(s.sendAt, offset)}` : ""}`,
        );
        return 0;
      }
      case "pause":
      case "resume":
      case "cancel": {
        service[verb](id);
        ctx.io.out(
          `#${id}: ${verb === "pause" ? "paused" : verb === "resume" ? "resumed" : "cancelled"}.`,
        );
        return 0;
      }
      case "report": {
        const report = await service.report(id);
        if (values.csv) ctx.io.out(reportCsv(report).trimEnd());
        else ctx.io.out(json ? JSON.stringify(report, null, 2) : reportText(report, "zh"));
        return 0;
      }
      case "send":
        return await sendDue(ctx, bot);
      default:
        ctx.io.err(`Unknown case command "${verb}".\n${USAGE}`);
        return 2;
    }
  } finally {
    app.close();
  }
}

async function sendDue(ctx: CommandContext, bot: Bot): Promise<number> {
  if (bot.local) {
    ctx.io.err(
      "No chat platform is configured (TELEGRAM_BOT_TOKEN / SLACK_BOT_TOKEN): nothing can be sent.",
    );
    return 1;
  }
  await bot.services.get(BROADCAST).main().drain();
  ctx.io.out("Sent everything due.");
  return 0;
}

function readNoticeFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new QingfengError("CASE_INVALID", `${file}: cannot read the file.`);
  }
  if (bytes.includes(0))
    throw new QingfengError("CASE_INVALID", `${file}: a binary file; give Markdown, JSON or text.`);
  return bytes.toString("utf8");
}

function formatOf(file: string): "auto" | "json" | "markdown" {
  const ext = extname(file).toLowerCase();
  return ext === ".json" ? "json" : ext === ".md" ? "markdown" : "auto";
}

function must(notice: CaseNotice | undefined, id: string | undefined): CaseNotice {
  if (!notice)
    throw new QingfengError(
      "CASE_NOT_FOUND",
      `No case notice #${id ?? "?"}: see qingfeng case list.`,
    );
  return notice;
}

function clauseAt(notice: CaseNotice, n: string): number {
  const clause = notice.clauses[Number(n) - 1];
  if (!clause)
    throw new QingfengError(
      "BAD_INPUT",
      `Notice #${notice.id} has no clause ${n} (it has ${notice.clauses.length}).`,
    );
  return clause.chunkId;
}

function summary(n: CaseNotice) {
  return {
    id: n.id,
    status: n.status,
    title: n.title,
    publishedAt: n.publishedAt,
    correctsId: n.correctsId,
  };
}

/** A draft for the terminal; `sameAs` marks one shown instead of a duplicate of it. */
function printDraft(ctx: CommandContext, notice: CaseNotice, json: boolean, sameAs?: number): void {
  const linked = notice.clauses.map((c) => ({
    text: c.text,
    title: c.title,
    year: c.year,
    section: c.section,
    accepted: c.accepted,
  }));
  if (json) {
    ctx.io.out(
      JSON.stringify(
        {
          id: notice.id,
          title: notice.title,
          status: notice.status,
          correctsId: notice.correctsId,
          ...(sameAs === undefined ? {} : { identicalToDraft: sameAs }),
          linkedClauses: linked,
        },
        null,
        2,
      ),
    );
    return;
  }
  ctx.io.out(`#${notice.id} [${notice.status}] ${notice.title}`);
  ctx.io.out(`  facts: ${notice.facts.slice(0, 200)}${notice.facts.length > 200 ? "…" : ""}`);
  if (notice.result) ctx.io.out(`  result: ${notice.result}`);
  if (notice.lesson) ctx.io.out(`  lesson: ${notice.lesson.slice(0, 200)}`);
  ctx.io.out(`  tags: ${notice.tags.join(", ") || "(none)"}`);
  ctx.io.out("  linked clauses:");
  linked.forEach((c, i) => {
    ctx.io.out(
      `   ${i + 1}. ${c.accepted ? "[x]" : "[ ]"} 《${c.title}》${c.year ?? ""} ${c.section}\n      ${c.text.slice(0, 120)}`,
    );
  });
  if (notice.status === "draft") ctx.io.out(`Publish with: qingfeng case publish ${notice.id}`);
}
