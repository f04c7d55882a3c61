#!/usr/bin/env node
import { existsSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { quietOnClosedPipes } from "./app/cli/closed-pipes.js";
import type { CommandContext } from "./app/cli/context.js";
import { reportError } from "./app/cli/report-error.js";
import { loadConfig } from "./app/config.js";

const USAGE = `qingfeng — 清风, healthcare-integrity answers from your policy documents

Usage: qingfeng <command> [options]

Commands:
  start                      answer questions in this terminal, or run the configured chat bots
  ask "<question>" [--json]  one answer with verdict and cited clauses
  ingest <paths…>            add or update documents (.txt .md .html .docx .pdf, directories)
  remove <source>            remove an ingested file's documents
  docs [--json]              list stored documents
  eval <file.jsonl>          measure cited clauses, verdicts and abstention on a question set
  feedback list|rate|resolve the 👎 review queue; resolve pins a corrected answer
  curated add|list|retire    vetted standard answers for question patterns
  stats [--days N]           questions per day, top topics, unanswered, 👎 rate
  case add|publish|…         typical-case notices (典型案例通报) and their broadcast
  roster import|list|export  the staff roster reports count against
  quiz generate|list|…       the question bank
  campaign create|list|report  training campaigns
  migrate --to <postgres-url>  copy this data directory's bot tables into PostgreSQL
  console                    the admin web console alone, on PORT under /admin
  admin password             set an admin console password (scrypt hash)

"qingfeng <command> --help" (or "qingfeng help <command>") shows a command's options and an
example. --debug prints the stack trace of an error.
Environment: see .env.example (QINGFENG_DATA_DIR, OPENAI_API_KEY, …).`;

/** Each verb's module, loaded only when it runs: `ask` need not load the chat SDKs. */
const VERBS: Record<
  string,
  () => Promise<(ctx: CommandContext, args: string[]) => Promise<number>>
> = {
  ask: async () => (await import("./features/ask/cli-ask.js")).askCommand,
  ingest: async () => (await import("./app/cli/ingest.js")).ingestCommand,
  remove: async () => (await import("./app/cli/remove.js")).removeCommand,
  docs: async () => (await import("./app/cli/docs.js")).docsCommand,
  eval: async () => (await import("./features/ask/cli-eval.js")).evalCommand,
  feedback: async () => (await import("./features/feedback/cli-feedback.js")).feedbackCommand,
  curated: async () => (await import("./features/feedback/cli-curated.js")).curatedCommand,
  stats: async () => (await import("./features/ask/cli-stats.js")).statsCommand,
  case: async () => (await import("./features/cases/cli-case.js")).caseCommand,
  campaign: async () => (await import("./features/campaigns/cli-campaign.js")).campaignCommand,
  quiz: async () => (await import("./features/quiz/cli-quiz.js")).quizCommand,
  roster: async () => (await import("./features/roster/cli-roster.js")).rosterCommand,
  start: async () => (await import("./app/cli/start-verb.js")).startVerb,
  migrate: async () => (await import("./app/cli/migrate.js")).migrateCommand,
  console: async () => (await import("./app/cli/console-verb.js")).consoleCommand,
  admin: async () => (await import("./app/cli/admin.js")).adminCommand,
};

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], ctxOverride?: Partial<CommandContext>): Promise<number> {
  // --debug is global (anywhere before a `--`): stack traces for a bug report.
  const end = argv.indexOf("--");
  const debug = argv.some((a, i) => a === "--debug" && (end === -1 || i < end));
  let [command, ...args] = argv.filter((a, i) => a !== "--debug" || (end !== -1 && i > end));
  // `qingfeng help quiz` is `qingfeng quiz --help`.
  if ((command === "help" || command === "--help" || command === "-h") && args[0] !== undefined) {
    if (Object.hasOwn(VERBS, args[0])) [command, args] = [args[0], ["--help"]];
  }
  const io = ctxOverride?.io ?? {
    out: (t: string) => process.stdout.write(`${t}\n`),
    err: (t: string) => process.stderr.write(t.startsWith("\r") ? t : `${t}\n`),
    isTTY: Boolean(process.stderr.isTTY),
  };
  let config = ctxOverride?.config;
  const ctx: CommandContext = {
    // Read when a command first needs it: `--help` works whatever the environment holds.
    get config() {
      config ??= loadConfig();
      return config;
    },
    io,
    open: ctxOverride?.open,
    shutdown: ctxOverride?.shutdown,
  };
  try {
    if (command === undefined) {
      io.err(USAGE);
      return 2;
    }
    if (command === "help" || command === "--help" || command === "-h") {
      io.out(USAGE);
      return 0;
    }
    const verb = Object.hasOwn(VERBS, command) ? VERBS[command] : undefined;
    if (!verb) {
      io.err(
        `qingfeng: unknown ${command.startsWith("-") ? "option" : "command"} '${command}'\n\n${USAGE}`,
      );
      return 2;
    }
    return await (await verb())(ctx, args);
  } catch (error) {
    const debugLog = process.env.LOG_LEVEL === "debug" || config?.logLevel === "debug";
    return reportError(error, io, debug || debugLog);
  }
}

/** A .env file in the working directory, for settings kept out of the shell (Node ≥ 20.12). */
function loadDotEnv(): void {
  if (existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile(".env");
}

/** True when this file is the program (run as `node dist/bot/cli.js` or through the `qingfeng` bin link). */
function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  loadDotEnv();
  const write = quietOnClosedPipes([process.stdout, process.stderr]);
  const io = {
    out: (t: string) => write(process.stdout, `${t}\n`),
    err: (t: string) => write(process.stderr, t.startsWith("\r") ? t : `${t}\n`),
    isTTY: Boolean(process.stderr.isTTY),
  };
  main(process.argv.slice(2), { io }).then((code) => {
    // A failed write (set by quietOnClosedPipes) is not overwritten by a 0.
    if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
    // After a graceful shutdown nothing is left to do: a long poll the platform holds
    // open (up to 50 s) must not keep the process alive.
    if (process.argv.slice(2).find((a) => a !== "--debug") === "start") process.exit(code);
  });
}
