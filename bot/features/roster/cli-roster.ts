import { readFileSync } from "node:fs";
import { type CommandContext, openBot } from "../../app/cli/context.js";
import { QingfengError } from "./errors.js";
import { parseRoster } from "./parse-roster.js";
import { ROSTER } from "./ports.js";

/** `qingfeng roster import FILE | list`: who should read notices and take training, by department. */
export async function rosterCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const [verb, file] = args;
  if (verb !== "import" && verb !== "list") {
    ctx.io.err(
      "Usage: qingfeng roster import FILE.csv (name,department,telegram_id,slack_id) | qingfeng roster list [--json]",
    );
    return 2;
  }
  let members: ReturnType<typeof parseRoster> | undefined;
  if (verb === "import") {
    if (!file) throw new QingfengError("BAD_INPUT", "Usage: qingfeng roster import FILE.csv");
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new QingfengError("ROSTER_INVALID", `${file}: cannot read the file.`);
    }
    // Parsed before the database is touched: a bad file changes nothing.
    members = parseRoster(text);
  }
  const { app, bot } = await openBot(ctx);
  try {
    const roster = bot.services.get(ROSTER);
    if (members) {
      roster.replace(members);
      const departments = new Set(members.map((m) => m.department));
      ctx.io.out(
        `Imported ${members.length} people in ${departments.size} departments (the previous roster was replaced).`,
      );
      return 0;
    }
    const all = roster.all();
    if (json) ctx.io.out(JSON.stringify(all, null, 2));
    else
      for (const m of all)
        ctx.io.out(`${m.department}\t${m.name}\t${m.telegramId ?? "-"}\t${m.slackId ?? "-"}`);
    return 0;
  } finally {
    app.close();
  }
}
