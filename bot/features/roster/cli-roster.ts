import { readFileSync } from "node:fs";
import {
  type CommandGroup,
  type CommandSpec,
  parseCommand,
  pickSubCommand,
} from "../../../lib/cli-args.js";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openBot } from "../../app/cli/context.js";
import { QingfengError } from "./errors.js";
import { parseRoster } from "./parse-roster.js";
import { identities, ROSTER } from "./ports.js";
import { rosterCsv } from "./roster-csv.js";

const IMPORT = {
  name: "roster import",
  usage: "roster import FILE.csv",
  summary:
    "Replaces the staff roster from a CSV: name,department and one <platform>_id column per\nplatform (telegram_id, slack_id, …; 姓名,科室 also). A bad file changes nothing.",
  options: {},
  positionals: { min: 1, max: 1 },
  example: "roster import staff.csv",
} satisfies CommandSpec;

const LIST = {
  name: "roster list",
  usage: "roster list [--json]",
  summary: "Everyone on the roster: department, name, chat identities.",
  options: { json: { type: "boolean", help: "print the roster as JSON" } },
  example: "roster list",
} satisfies CommandSpec;

const EXPORT = {
  name: "roster export",
  usage: "roster export",
  summary: "The roster as CSV, in the columns roster import reads.",
  options: {},
  example: "roster export > staff.csv",
} satisfies CommandSpec;

const ROSTER_GROUP: CommandGroup = {
  name: "roster",
  summary:
    "The staff roster (name, department, chat ids) that reports and campaigns count against.",
  commands: [IMPORT, LIST, EXPORT],
  example: "roster import staff.csv",
};

/** `qingfeng roster import FILE | list | export`: who should read notices and take training, by department. */
export async function rosterCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { spec, rest } = pickSubCommand(args, ROSTER_GROUP);
  const { values, positionals } = parseCommand(rest, spec);
  const json = values.json !== undefined;
  let members: ReturnType<typeof parseRoster> | undefined;
  if (spec === IMPORT) {
    const [file = ""] = positionals;
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
    if (spec === EXPORT) ctx.io.out(rosterCsv(all).trimEnd());
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
