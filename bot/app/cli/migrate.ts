import { existsSync } from "node:fs";
import { join } from "node:path";
import { KNOWLEDGE_POSTGRES_HISTORY } from "../../../knowledge/store/postgres-schema.js";
import { openDatabase } from "../../../knowledge/store/sqlite-store.js";
import { type CommandSpec, parseCommand } from "../../../lib/cli-args.js";
import { QingfengError } from "../../kernel/errors.js";
import { copySqliteToPostgres } from "../../storage/copy-to-postgres.js";
import { openPostgresStorage } from "../../storage/postgres.js";
import { openSqliteStorage } from "../../storage/sqlite.js";
import { FEATURES } from "../features.js";
import type { CommandContext } from "./context.js";

const MIGRATE = {
  name: "migrate",
  usage: "migrate --to <postgres-url>",
  summary:
    "Copies the data directory's tables (documents and clauses, answers and feedback, the quiz\nbank, chats, deliveries, outbox, cases, acknowledgements, quizzes played, campaigns, roster) into an empty PostgreSQL database, made to the current\nschema first, and checks every table's row count. Then set DATABASE_URL to it and start.",
  options: {
    to: { type: "string", help: "the PostgreSQL database to copy into (postgres://…)" },
  },
  example: 'migrate --to "$DATABASE_URL"',
} satisfies CommandSpec;

/** `qingfeng migrate --to postgres://…`: the SQLite data directory's bot tables into PostgreSQL. */
export async function migrateCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const to = parseCommand(args, MIGRATE).values.to;
  if (typeof to !== "string" || !/^postgres(ql)?:\/\/./.test(to)) {
    throw new QingfengError("BAD_INPUT", "migrate needs --to postgres://user:password@host/db.", {
      hint: 'qingfeng migrate --to "$DATABASE_URL"',
    });
  }
  const file = join(ctx.config.dataDir, "qingfeng.db");
  if (!existsSync(file)) {
    throw new QingfengError("NOT_FOUND", `No SQLite database at ${file}.`, {
      hint: "Set QINGFENG_DATA_DIR to the data directory qingfeng start has been using.",
    });
  }
  const db = openDatabase(file);
  try {
    // Both brought to the current schema first, so their tables match column for column.
    openSqliteStorage(db, FEATURES);
    // The knowledge tables too (documents, clauses, answers, the quiz bank): every instance
    // then reads the same corpus.
    const target = await openPostgresStorage(to, FEATURES, {
      histories: [KNOWLEDGE_POSTGRES_HISTORY],
    });
    try {
      const report = await copySqliteToPostgres(db, target.pool);
      for (const { table, rows } of report.copied)
        ctx.io.out(`${table}: ${rows} rows (counts match)`);
      if (report.leftInSqlite.length > 0) {
        ctx.io.out(
          `Still in SQLite (no PostgreSQL store yet): ${report.leftInSqlite.join(", ")}. Keep QINGFENG_DATA_DIR for them.`,
        );
      }
      ctx.io.out(
        `Copied ${report.copied.length} tables. Set DATABASE_URL to this database and start the instances.`,
      );
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    db.close();
  }
}
