import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { allChunks } from "../../../knowledge/ports/knowledge-store.js";
import type { QuizBank } from "../../../knowledge/ports/quiz-bank.js";
import { OpenAIChatModel } from "../../../knowledge/providers/openai-chat-model.js";
import { bankMakeUp } from "../../../knowledge/quiz/bank-make-up.js";
import { draftWithModel } from "../../../knowledge/quiz/llm-drafter.js";
import {
  difficulty,
  type QuestionState,
  type StoredQuestion,
} from "../../../knowledge/quiz/question-types.js";
import { generateInto, importInto } from "../../../knowledge/quiz/quiz-curator.js";
import { fromCsv, fromJson, toCsv, toJson } from "../../../knowledge/quiz/quiz-io.js";
import type { StoredChunk } from "../../../knowledge/types.js";
import {
  type CommandGroup,
  type CommandSpec,
  JSON_OPTION,
  parseCommand,
  parseId,
  pickSubCommand,
  UsageError,
} from "../../../lib/cli-args.js";
import { plural } from "../../../lib/text/plural.js";
import { type App, type CommandContext, openBot } from "../../app/cli/context.js";
import { QingfengError } from "../../kernel/errors.js";
import { QUIZ } from "./ports.js";

const STATES: QuestionState[] = ["draft", "approved", "retired"];

const STATE_OPTION = {
  state: { type: "string", value: "S", help: `only questions in this state: ${STATES.join(", ")}` },
} as const;

const GENERATE = {
  name: "quiz generate",
  usage: "quiz generate [--count N] [--llm] [--json]",
  summary:
    "Drafts questions from the corpus: scenarios on every kind of conduct, which-is-forbidden\nchoices, cloze and true/false on decisive sentences, task-table facts (admin-only) — each\nvalidated against its clause, no near-duplicates; --json adds the make-up by type, kind\nof conduct and audience. With --llm, one scenario per kind drafted by the configured chat\nmodel, validated or dropped.",
  options: {
    count: { type: "string", value: "N", help: "at most N questions (--llm: default 10)" },
    llm: { type: "boolean", help: "draft with the chat model (QINGFENG_CHAT_MODEL)" },
    ...JSON_OPTION,
  },
  example: "quiz generate --json",
} satisfies CommandSpec;

const LIST = {
  name: "quiz list",
  usage: "quiz list [--state draft|approved|retired] [--json]",
  summary: "The question bank, with the right options ticked.",
  options: { ...STATE_OPTION, ...JSON_OPTION },
  example: "quiz list --state draft",
} satisfies CommandSpec;

const APPROVE = {
  name: "quiz approve",
  usage: "quiz approve ID… | --all",
  summary: "Approves questions: only approved questions are asked.",
  options: { all: { type: "boolean", help: "approve every draft" } },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  example: "quiz approve 3 5 8",
} satisfies CommandSpec;

const RETIRE = {
  name: "quiz retire",
  usage: "quiz retire ID…",
  summary: "Retires questions: they are no longer asked.",
  options: {},
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  example: "quiz retire 7",
} satisfies CommandSpec;

const IMPORT = {
  name: "quiz import",
  usage: "quiz import FILE.json|FILE.csv [--json]",
  summary:
    "Imports questions as drafts, each validated against its clause; failures are listed\n(and the exit code is 1).",
  options: JSON_OPTION,
  positionals: { min: 1, max: 1 },
  example: "quiz import bank.csv",
} satisfies CommandSpec;

const EXPORT = {
  name: "quiz export",
  usage: "quiz export [--csv] [--state S]",
  summary: 'The bank as {"questions": [...]} JSON, or as CSV to edit in a spreadsheet.',
  options: { csv: { type: "boolean", help: "print CSV" }, ...STATE_OPTION },
  example: "quiz export --csv > bank.csv",
} satisfies CommandSpec;

const QUIZ_GROUP: CommandGroup = {
  name: "quiz",
  summary: "The question bank quizzes and campaigns ask from.",
  commands: [GENERATE, LIST, APPROVE, RETIRE, IMPORT, EXPORT],
  example: "quiz generate --json",
};

/** `qingfeng quiz …`: the question bank. */
export async function quizCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { spec, rest: argv } = pickSubCommand(args, QUIZ_GROUP);
  const parsed = parseCommand(argv, spec);
  const values = parsed.values as {
    count?: string;
    state?: string;
    all?: boolean;
    csv?: boolean;
    llm?: boolean;
    json?: boolean;
  };
  const rest = parsed.positionals;
  const verb = spec.name.slice("quiz ".length);
  const json = values.json === true;
  const state = values.state as QuestionState | undefined;
  if (state !== undefined && !STATES.includes(state))
    throw new UsageError(spec, `--state must be one of ${STATES.join(", ")}, got '${state}'`);
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 1))
    throw new UsageError(spec, `--count must be a positive whole number, got '${values.count}'`);
  const ids = rest.map((id) => parseId(spec, id));
  if (spec === APPROVE && ids.length > 0 === (values.all === true))
    throw new UsageError(spec, "give question ids or --all");
  const { app, bot } = await openBot(ctx);
  try {
    const bank = bot.services.get(QUIZ).bank;
    switch (verb) {
      case "generate": {
        const chunks = await allChunks(app.kb.store);
        const conduct = app.kb.index.conduct;
        if (values.llm) return await draftWithLlm(ctx, app, bank, chunks, count ?? 10, json);
        const report = await generateInto(bank, chunks, count, {
          conduct,
          kindsOf: (c) => app.kb.index.kinds.tagsOf(c.id),
        });
        const skipped = {
          alreadyInBank: report.alreadyInBank,
          nearDuplicates: report.nearDuplicates,
          failedValidation: report.rejected.length,
        };
        const makeUp = bankMakeUp(report.added, conduct.catalogue);
        if (json)
          ctx.io.out(
            JSON.stringify(
              {
                questions: report.added.map(toJson),
                skipped,
                makeUp,
                ungoverned: report.ungoverned,
              },
              null,
              2,
            ),
          );
        else {
          ctx.io.out(
            `${report.added.length} new (drafted); ${skipped.alreadyInBank} already in the bank; ${plural(skipped.nearDuplicates, "near-duplicate")} and ${skipped.failedValidation} failing validation skipped. ${report.added.length > 0 ? "Review with `qingfeng quiz list --state draft`, then `qingfeng quiz approve`." : "Nothing new to review: the bank already holds what the documents give (`qingfeng quiz list`)."}`,
          );
          if (report.added.length > 0) ctx.io.out(makeUpLines(makeUp));
        }
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
        else for (const q of list) ctx.io.out(listLine(q));
        return 0;
      }
      case "approve":
      case "retire": {
        const target = verb === "approve" ? "approved" : "retired";
        const chosen = values.all ? (await bank.list({ state: "draft" })).map((q) => q.id) : ids;
        const changed = await bank.setState(chosen, target);
        ctx.io.out(
          `${target === "approved" ? "Approved" : "Retired"} ${plural(changed.length, "question")}.`,
        );
        return changed.length > 0 ? 0 : 1;
      }
      case "import": {
        const file = rest[0] ?? "";
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch {
          throw new QingfengError("BAD_INPUT", `${file}: cannot read the file.`);
        }
        const questions = extname(file).toLowerCase() === ".csv" ? fromCsv(text) : fromJson(text);
        const report = await importInto(bank, questions, { matcher: app.kb.index.conduct });
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
        throw new Error(`quiz ${verb}: no handler`);
    }
  } finally {
    app.close();
  }
}

/** One question in `quiz list`: state, type, kind of conduct, audiences, difficulty, options ticked. */
function listLine(q: StoredQuestion): string {
  const about = [
    q.conduct,
    (q.audiences ?? []).join("/") || undefined,
    q.adminOnly ? "admin-only" : undefined,
    `difficulty ${difficulty(q)}${q.asked > 0 ? ` (${q.correct}/${q.asked})` : ""}`,
  ]
    .filter(Boolean)
    .join(" · ");
  const options = q.options
    .map((o, i) => `${q.answer.includes(i) ? "✔" : " "}${String.fromCharCode(65 + i)}. ${o}`)
    .join("  ");
  return `#${q.id} [${q.state}] ${q.kind} ${q.stem.slice(0, 80)}\n    ${about}\n    ${options}`;
}

/** The make-up of what was drafted, in a few lines for people. */
function makeUpLines(m: ReturnType<typeof bankMakeUp>): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  return [
    `By type: ${list(m.byType)}`,
    `By audience: ${list(m.byAudience)}`,
    `Kinds of conduct covered: ${m.kindsCovered} of ${m.kinds}${m.kindsMissing.length > 0 ? ` (none on ${m.kindsMissing.join(", ")})` : ""}`,
  ].join("\n");
}

async function draftWithLlm(
  ctx: CommandContext,
  app: App,
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
  const matcher = app.kb.index.conduct;
  const corpus = {
    chunks: chunks.filter((c) => c.occurrences[0]?.kind !== "news"),
    kindsOf: (c: StoredChunk) => app.kb.index.kinds.tagsOf(c.id),
  };
  const drafted = await draftWithModel(chat, corpus, {
    max,
    timeoutMs: provider.timeoutMs,
    matcher,
  });
  const report = await importInto(bank, drafted.questions, { matcher });
  const dropped = [
    ...drafted.dropped.map((d) => `${d.kind} (clause ${d.chunkId}): ${d.reason}`),
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
