import { readFileSync } from "node:fs";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openBot } from "../../app/cli/context.js";
import { QingfengError } from "./errors.js";
import { parseRoster } from "./parse-roster.js";
import { identities, ROSTER } from "./ports.js";
import { rosterCsv } from "./roster-csv.js";

const USAGE =
  "Usage: qingfeng roster import FILE.csv (name,department,<platform>_id…: telegram_id, slack_id, …) | qingfeng roster list [--json] | qingfeng roster export";

/** `qingfeng roster import FILE | list | export`: who should read notices and take training, by department. */
export async function rosterCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const [verb, file] = args;
  if (verb !== "import" && verb !== "list" && verb !== "export") {
    ctx.io.err(USAGE);
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
      await roster.replace(members);
      const departments = new Set(members.map((m) => m.department));
      ctx.io.out(
        `Imported ${plural(members.length, "person", "people")} in ${plural(departments.size, "department")} (the previous roster was replaced).`,
      );
      return 0;
    }
    const all = await roster.all();
    if (verb === "export") ctx.io.out(rosterCsv(all).trimEnd());
    else if (json) ctx.io.out(JSON.stringify(all, null, 2));
    else
      for (const m of all) {
        const ids = identities(m).map((i) => `${i.platform}:${i.userId}`);
        ctx.io.out(`${m.department}\t${m.name}\t${ids.join(" ") || "-"}`);
      }
    return 0;
  } finally {
    app.close();
  }
}
