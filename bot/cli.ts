#!/usr/bin/env node
import { existsSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CommandContext } from "./app/cli/context.js";
import { loadConfig } from "./app/config.js";
import { isQingfengError } from "./kernel/errors.js";

const USAGE = `qingfeng — 清风, healthcare-integrity answers from your policy documents

Usage:
  qingfeng start                     answer questions in this terminal (embedded default)
  qingfeng ask "<question>" [--json] one answer with verdict and cited clauses
  qingfeng ingest <paths…> [--official] [--json]  add or update documents (.txt .md .html .docx .pdf,
                                     directories); --official vouches for them as official policy
  qingfeng remove <source>           remove an ingested file's documents
  qingfeng docs [--json]             list stored documents
  qingfeng eval <file.jsonl> [--json] measure retrieval and verdicts on a question set
  qingfeng feedback list|rate|resolve the 👎 review queue; resolve pins a corrected answer
  qingfeng curated add|list|retire   vetted standard answers for question patterns
  qingfeng stats [--days N]          questions per day, top topics, unanswered, 👎 rate
  qingfeng case add|publish|status|report|list|…   typical-case notices (典型案例通报) and their broadcast
  qingfeng roster import|list|export staff roster (name, department, <platform>_id per platform) for reports
  qingfeng quiz generate|list|approve|retire|import|export   the question bank
  qingfeng campaign create FILE | report ID [--csv] | list    training campaigns

Environment: see .env.example (QINGFENG_DATA_DIR, OPENAI_API_KEY, …).`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], ctxOverride?: Partial<CommandContext>): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes("--json");
  const args = rest.filter((a) => a !== "--json");
  const io = ctxOverride?.io ?? {
    out: (t: string) => process.stdout.write(`${t}\n`),
    err: (t: string) => process.stderr.write(t.startsWith("\r") ? t : `${t}\n`),
    isTTY: Boolean(process.stderr.isTTY),
  };
  try {
    const ctx: CommandContext = {
      config: ctxOverride?.config ?? loadConfig(),
      io,
      open: ctxOverride?.open,
      shutdown: ctxOverride?.shutdown,
    };
    // Each command's modules load only when it runs: `ask` need not load the chat SDKs.
    switch (command) {
      case "ask":
        return await (await import("./features/ask/cli-ask.js")).askCommand(
          ctx,
          args.join(" "),
          json,
        );
      case "ingest":
        return await (await import("./app/cli/ingest.js")).ingestCommand(ctx, args, json);
      case "remove":
        return await (await import("./app/cli/remove.js")).removeCommand(ctx, args[0]);
      case "docs":
        return await (await import("./app/cli/docs.js")).docsCommand(ctx, json);
      case "eval":
        return await (await import("./features/ask/cli-eval.js")).evalCommand(ctx, args[0], json);
      case "feedback":
        return await (await import("./features/feedback/cli-feedback.js")).feedbackCommand(
          ctx,
          args,
          json,
        );
      case "curated":
        return await (await import("./features/feedback/cli-curated.js")).curatedCommand(
          ctx,
          args,
          json,
        );
      case "stats":
        return await (await import("./features/ask/cli-stats.js")).statsCommand(ctx, args, json);
      case "case":
        return await (await import("./features/cases/cli-case.js")).caseCommand(ctx, args, json);
      case "campaign":
        return await (await import("./features/campaigns/cli-campaign.js")).campaignCommand(
          ctx,
          args,
          json,
        );
      case "quiz":
        return await (await import("./features/quiz/cli-quiz.js")).quizCommand(ctx, args, json);
      case "roster":
        return await (await import("./features/roster/cli-roster.js")).rosterCommand(
          ctx,
          args,
          json,
        );
      case "start":
        return await (await import("./app/cli/start.js")).startCommand(ctx);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (isQingfengError(error)) {
      io.err(`error ${error.code}: ${error.message}`);
      if (error.hint) io.err(`hint: ${error.hint}`);
      return 1;
    }
    io.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
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
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // After a graceful shutdown nothing is left to do: a long poll the platform holds
    // open (up to 50 s) must not keep the process alive.
    if (process.argv[2] === "start") process.exit(code);
  });
}
