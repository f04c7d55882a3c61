import { readFileSync } from "node:fs";
import { extname } from "node:path";
import {
  type CommandGroup,
  type CommandSpec,
  JSON_OPTION,
  parseCommand,
  parseId,
  pickSubCommand,
  UsageError,
} from "../../../lib/cli-args.js";
import { localDateTime } from "../../../lib/local-time.js";
import { plural } from "../../../lib/text/plural.js";
import { type Bot, type CommandContext, openBot } from "../../app/cli/context.js";
import { BROADCAST } from "../broadcast/ports.js";
import type { CaseNotice } from "./case-notice.js";
import { reportCsv, reportText } from "./case-report.js";
import { QingfengError } from "./errors.js";
import { parseNotice } from "./parse-notice.js";
import { CASES } from "./ports.js";

const ADD = {
  name: "case add",
  usage: "case add FILE [--json] [--keep-names]",
  summary:
    "Drafts a notice from Markdown (# 标题, ## 基本案情 / 处理结果 / 案例剖析), JSON or pasted text:\npeople and hospitals anonymised, the clauses the case broke proposed.",
  options: {
    ...JSON_OPTION,
    "keep-names": { type: "boolean", help: "keep names (for cases already public)" },
  },
  positionals: { min: 1, max: 1 },
  example: "case add case.md --json",
} satisfies CommandSpec;

const LIST = {
  name: "case list",
  usage: "case list [--json]",
  summary: "The notices, newest first.",
  options: JSON_OPTION,
  example: "case list",
} satisfies CommandSpec;

const SHOW = {
  name: "case show",
  usage: "case show ID [--json]",
  summary: "A notice with its linked clauses.",
  options: JSON_OPTION,
  positionals: { min: 1, max: 1 },
  example: "case show 1",
} satisfies CommandSpec;

const CLAUSES = {
  name: "case clauses",
  usage: 'case clauses ID [--drop N] [--keep N] [--add "query"] [--json]',
  summary: "Edits a draft's linked clauses (N as numbered by case show); each option may repeat.",
  options: {
    drop: { type: "string", multiple: true, value: "N", help: "drop the N-th linked clause" },
    keep: { type: "string", multiple: true, value: "N", help: "accept the N-th linked clause" },
    add: {
      type: "string",
      multiple: true,
      value: '"query"',
      help: "link the best clause for a query",
    },
    ...JSON_OPTION,
  },
  positionals: { min: 1, max: 1 },
  example: 'case clauses 1 --drop 2 --add "收受患者红包"',
} satisfies CommandSpec;

const CORRECT = {
  name: "case correct",
  usage: "case correct ID FILE [--json] [--keep-names]",
  summary: "A correction (更正) of a published notice: a new draft that names the old one.",
  options: ADD.options,
  positionals: { min: 2, max: 2 },
  example: "case correct 1 fixed.md",
} satisfies CommandSpec;

const PUBLISH = {
  name: "case publish",
  usage: "case publish ID [--tags a,b] [--at ISO-8601] [--json]",
  summary:
    "Publishes a draft (it becomes immutable) and queues it for the subscribed groups;\n`qingfeng start` or `qingfeng case send` sends it.",
  options: {
    tags: { type: "string", value: "a,b", help: "only groups with these tags" },
    at: { type: "string", value: "TIME", help: "send at this time, e.g. 2026-12-01T09:00+08:00" },
    ...JSON_OPTION,
  },
  positionals: { min: 1, max: 1 },
  example: "case publish 1 --tags 心内科,外科 --at 2026-12-01T09:00+08:00",
} satisfies CommandSpec;

const STATUS = {
  name: "case status",
  usage: "case status ID [--json]",
  summary: "A broadcast's targets, sent, pending, failed and acknowledged.",
  options: JSON_OPTION,
  positionals: { min: 1, max: 1 },
  example: "case status 1 --json",
} satisfies CommandSpec;

const control = (verb: "pause" | "resume" | "cancel", summary: string) =>
  ({
    name: `case ${verb}`,
    usage: `case ${verb} ID`,
    summary,
    options: {},
    positionals: { min: 1, max: 1 },
    example: `case ${verb} 1`,
  }) satisfies CommandSpec;
const PAUSE = control("pause", "Holds a broadcast's unsent messages until resumed.");
const RESUME = control("resume", "Sends a paused broadcast's messages again.");
const CANCEL = control("cancel", "Cancels a broadcast's unsent messages.");

const REPORT = {
  name: "case report",
  usage: "case report ID [--csv | --json]",
  summary: "Delivery and acknowledgements (已阅并知晓) by department, against the roster.",
  options: {
    csv: { type: "boolean", help: "one row per person, as CSV" },
    ...JSON_OPTION,
  },
  positionals: { min: 1, max: 1 },
  example: "case report 1 --csv > ack.csv",
} satisfies CommandSpec;

const SEND = {
  name: "case send",
  usage: "case send",
  summary: "Sends what is due now and exits (`qingfeng start` sends continuously).",
  options: {},
  example: "case send",
} satisfies CommandSpec;

const CASE: CommandGroup = {
  name: "case",
  summary:
    "Typical-case notices (典型案例通报): draft, link clauses, publish to groups, follow delivery.",
  commands: [
    ADD,
    LIST,
    SHOW,
    CLAUSES,
    CORRECT,
    PUBLISH,
    STATUS,
    PAUSE,
    RESUME,
    CANCEL,
    REPORT,
    SEND,
  ],
  example: "case add case.md --json",
};

/** `qingfeng case …`: case notices from the terminal; the same service as the /case chat command. */
export async function caseCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { spec, rest } = pickSubCommand(args, CASE);
  const { values, positionals } = parseCommand(rest, spec);
  const verb = spec.name.slice("case ".length);
  const json = values.json !== undefined;
  const first = positionals[0];
  const takesId = spec.positionals !== undefined && spec !== ADD;
  const id = takesId ? parseId(spec, first) : 0;
  const { tags, at, csv, drop, keep, add } = values as {
    tags?: string;
    at?: string;
    csv?: boolean;
    drop?: string[];
    keep?: string[];
    add?: string[];
  };
  const keepNames = values["keep-names"] !== undefined;
  const sendAt = at === undefined ? undefined : new Date(at);
  if (sendAt && Number.isNaN(sendAt.getTime())) {
    throw new UsageError(
      PUBLISH,
      `--at '${at}' is not an ISO-8601 time (e.g. 2026-12-01T09:00+08:00)`,
    );
  }
  const { app, bot } = await openBot(ctx);
  const cases = bot.services.get(CASES);
  const service = cases.service;
  const by = "cli";
  const offset = ctx.config.cases.utcOffsetMinutes;
  try {
    switch (verb) {
      case "add":
      case "correct": {
        const file = (verb === "add" ? first : positionals[1]) ?? "";
        const fields = parseNotice(readNoticeFile(file), formatOf(file));
        const options = {
          by,
          anonymise: !keepNames,
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
        for (const n of drop ?? [])
          notice = await service.setClause(id, clauseAt(notice, n), false);
        for (const n of keep ?? []) notice = await service.setClause(id, clauseAt(notice, n), true);
        for (const q of add ?? []) notice = await service.addClause(id, q);
        printDraft(ctx, notice, json);
        return 0;
      }
      case "publish": {
        const tagList = (tags ?? "").split(/[,，\s]+/).filter(Boolean);
        const { broadcast } = await service.publish(id, { by, tags: tagList, at: sendAt });
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
            `Published #${id}: ${plural(status.targets, "group")} queued${sendAt ? ` for ${localDateTime(sendAt.toISOString(), offset)}` : ""}. A running \`qingfeng start\` sends them (or run \`qingfeng case send\`).`,
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
        await service[verb](id);
        ctx.io.out(
          `#${id}: ${verb === "pause" ? "paused" : verb === "resume" ? "resumed" : "cancelled"}.`,
        );
        return 0;
      }
      case "report": {
        const report = await service.report(id);
        if (csv) ctx.io.out(reportCsv(report).trimEnd());
        else ctx.io.out(json ? JSON.stringify(report, null, 2) : reportText(report, "zh"));
        return 0;
      }
      case "send":
        return await sendDue(ctx, bot);
      default:
        throw new Error(`case ${verb}: no handler`);
    }
  } finally {
    app.close();
  }
}

async function sendDue(ctx: CommandContext, bot: Bot): Promise<number> {
  if (bot.local) {
    ctx.io.err(
      "No chat platform is configured (TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN, WECOM_BOT_ID, DINGTALK_CLIENT_ID or FEISHU_APP_ID): nothing can be sent.",
    );
    return 1;
  }
  if (bot.storage.backend === "postgres") {
    // Only the leader sends on a shared database: a second sender here would pace on its own and
    // hold rows no instance lock vouches for, so the leader would take them for a dead sender's.
    ctx.io.out(
      "On the shared database (DATABASE_URL) the leading `qingfeng start` instance sends what is due; nothing is sent from here.",
    );
    return 0;
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
