import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import type { QuizBank } from "../../../knowledge/ports/quiz-bank.js";
import { OpenAIChatModel } from "../../../knowledge/providers/openai-chat-model.js";
import { draftWithModel } from "../../../knowledge/quiz/llm-drafter.js";
import { difficulty, type QuestionState } from "../../../knowledge/quiz/question-types.js";
import { generateInto, importInto } from "../../../knowledge/quiz/quiz-curator.js";
import { fromCsv, fromJson, toCsv, toJson } from "../../../knowledge/quiz/quiz-io.js";
import type { StoredChunk } from "../../../knowledge/types.js";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openBot } from "../../app/cli/context.js";
import { QingfengError } from "../../kernel/errors.js";
import { QUIZ } from "./ports.js";

const USAGE = `Usage:
  qingfeng quiz generate [--count N] [--json]     draft questions from the corpus (validated, no near-duplicates)
  qingfeng quiz generate --llm [--count N]        scenario questions drafted by the configured chat model, validated or dropped
  qingfeng quiz list [--state draft|approved|retired] [--json]
  qingfeng quiz approve ID… | --all              only approved questions are asked
  qingfeng quiz retire ID…
  qingfeng quiz import FILE.json|FILE.csv [--json]   validated against their clauses; failures listed
  qingfeng quiz export [--csv] [--state S]        {"questions": [...]} or CSV`;

const STATES: QuestionState[] = ["draft", "approved", "retired"];

/** `qingfeng quiz …`: the question bank. */
export async function quizCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      count: { type: "string" },
      state: { type: "string" },
      all: { type: "boolean" },
      csv: { type: "boolean" },
      llm: { type: "boolean" },
    },
  });
  const [verb, ...rest] = positionals;
  if (!verb) {
    ctx.io.out(USAGE);
    return 2;
  }
  const state = values.state as QuestionState | undefined;
  if (state && !STATES.includes(state))
    throw new QingfengError("BAD_INPUT", `--state must be one of ${STATES.join(", ")}`);
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 1))
    throw new QingfengError("BAD_INPUT", "--count must be a positive whole number");
  const { app, bot } = await openBot(ctx);
  try {
    const bank = bot.services.get(QUIZ).bank;
    switch (verb) {
      case "generate": {
        const chunks = [...app.kb.store.eachChunk()].flat();
        if (values.llm) return await draftWithLlm(ctx, bank, chunks, count ?? 10, json);
        const report = await generateInto(bank, chunks, count);
        const skipped = {
          alreadyInBank: report.alreadyInBank,
          nearDuplicates: report.nearDuplicates,
          failedValidation: report.rejected.length,
        };
        if (json)
          ctx.io.out(JSON.stringify({ questions: report.added.map(toJson), skipped }, null, 2));
        else
          ctx.io.out(
            `${report.added.length} new (drafted); ${skipped.alreadyInBank} already in the bank; ${plural(skipped.nearDuplicates, "near-duplicate")} and ${skipped.failedValidation} failing validation skipped. ${report.added.length > 0 ? "Review with `qingfeng quiz list --state draft`, then `qingfeng quiz approve`." : "Nothing new to review: the bank already holds what the documents give (`qingfeng quiz list`)."}`,
          );
        return 0;
      }
      case "list": {
        const list = await bank.list({ state });
        if (json)
          ctx.io.out(
            JSON.stringify(
              list.map((q) => ({ ...toJson(q), difficulty: difficulty(q), asked: q.asked })),
              null,
              2,
            ),
          );
        else
          for (const q of list)
            ctx.io.out(
              `#${q.id} [${q.state}] ${q.kind} ${q.stem.slice(0, 80)}\n    ${q.options.map((o, i) => `${q.answer.includes(i) ? "✔" : " "}${String.fromCharCode(65 + i)}. ${o}`).join("  ")}`,
            );
        return 0;
      }
      case "approve":
      case "retire": {
        const target = verb === "approve" ? "approved" : "retired";
        const ids =
          values.all && verb === "approve"
            ? (await bank.list({ state: "draft" })).map((q) => q.id)
            : rest.map(Number);
        if (ids.length === 0 || ids.some((id) => !Number.isInteger(id)))
          throw new QingfengError(
            "BAD_INPUT",
            `Usage: qingfeng quiz ${verb} ID…${verb === "approve" ? " | --all" : ""}`,
          );
        const changed = await bank.setState(ids, target);
        ctx.io.out(
          `${target === "approved" ? "Approved" : "Retired"} ${plural(changed.length, "question")}.`,
        );
        return changed.length > 0 ? 0 : 1;
      }
      case "import": {
        const file = rest[0];
        if (!file)
          throw new QingfengError("BAD_INPUT", "Usage: qingfeng quiz import FILE.json|FILE.csv");
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch {
          throw new QingfengError("BAD_INPUT", `${file}: cannot read the file.`);
        }
        const questions = extname(file).toLowerCase() === ".csv" ? fromCsv(text) : fromJson(text);
        const report = await importInto(bank, questions);
        if (json)
          ctx.io.out(
            JSON.stringify(
              { added: report.added.map((q) => q.id), rejected: report.rejected },
              null,
              2,
            ),
          );
        else {
          ctx.io.out(
            `Imported ${plural(report.added.length, "question")} as drafts; rejected ${report.rejected.length}.`,
          );
          for (const r of report.rejected)
            ctx.io.err(`  #${r.index + 1} ${r.stem.slice(0, 50)}: ${r.problems.join("; ")}`);
        }
        return report.rejected.length > 0 ? 1 : 0;
      }
      case "export": {
        const list = await bank.list({ state });
        ctx.io.out(
          values.csv
            ? toCsv(list).trimEnd()
            : JSON.stringify({ questions: list.map(toJson) }, null, 2),
        );
        return 0;
      }
      default:
        ctx.io.err(`Unknown quiz command "${verb}".\n${USAGE}`);
        return 2;
    }
  } finally {
    app.close();
  }
}

async function draftWithLlm(
  ctx: CommandContext,
  bank: QuizBank,
  chunks: StoredChunk[],
  max: number,
  json: boolean,
): Promise<number> {
  const provider = ctx.config.openai;
  if (!provider?.chatModel)
    throw new QingfengError(
      "CONFIG_INVALID",
      "--llm needs a chat model: set OPENAI_API_KEY (or OPENAI_BASE_URL) and QINGFENG_CHAT_MODEL.",
    );
  const chat = new OpenAIChatModel({
    apiKey: provider.apiKey,
    baseURL: provider.baseURL,
    model: provider.chatModel,
  });
  const drafted = await draftWithModel(chat, chunks, { max, timeoutMs: provider.timeoutMs });
  const report = await importInto(bank, drafted.questions);
  const dropped = [
    ...drafted.dropped.map((d) => `clause ${d.chunkId}: ${d.reason}`),
    ...report.rejected.map((r) => `${r.stem.slice(0, 40)}: ${r.problems.join("; ")}`),
  ];
  if (json) ctx.io.out(JSON.stringify({ questions: report.added.map(toJson), dropped }, null, 2));
  else {
    ctx.io.out(
      `Drafted ${plural(report.added.length, "scenario question")} with ${chat.id}; dropped ${dropped.length}.`,
    );
    for (const d of dropped) ctx.io.err(`  dropped ${d}`);
  }
  return 0;
}
