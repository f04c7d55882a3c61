import { readFileSync } from "node:fs";
import {
  type CommandGroup,
  type CommandSpec,
  parseCommand,
  parseId,
  pickSubCommand,
} from "../../../lib/cli-args.js";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openBot } from "../../app/cli/context.js";
import { QingfengError } from "../../kernel/errors.js";
import { parseCampaignSpec } from "./campaign.js";
import { campaignReportCsv, campaignReportText } from "./campaign-service.js";
import { CAMPAIGNS } from "./ports.js";

const CREATE = {
  name: "campaign create",
  usage: "campaign create FILE.json [--json]",
  summary:
    "Creates a training campaign from a JSON file: questions (questionIds, or tags + count),\naudience (departments, groups), start, due, passMark, attestation (see README).\n`qingfeng start` sends the announcement and reminders.",
  options: { json: { type: "boolean", help: "print the campaign as JSON" } },
  positionals: { min: 1, max: 1 },
  example: "campaign create campaign.json",
} satisfies CommandSpec;

const LIST = {
  name: "campaign list",
  usage: "campaign list [--json]",
  summary: "The campaigns, with their dates and number of questions.",
  options: { json: { type: "boolean", help: "print them as JSON" } },
  example: "campaign list",
} satisfies CommandSpec;

const REPORT = {
  name: "campaign report",
  usage: "campaign report ID [--csv | --json]",
  summary:
    "Completion and pass rate per department against the roster, coverage against 98%,\nand who is outstanding.",
  options: {
    csv: { type: "boolean", help: "one row per person, as CSV" },
    json: { type: "boolean", help: "print the report as JSON" },
  },
  positionals: { min: 1, max: 1 },
  example: "campaign report 1 --csv",
} satisfies CommandSpec;

const CAMPAIGN: CommandGroup = {
  name: "campaign",
  summary: "Training campaigns on the approved question bank.",
  commands: [CREATE, LIST, REPORT],
  example: "campaign create campaign.json",
};

/** `qingfeng campaign …`: training campaigns on the approved question bank. */
export async function campaignCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { spec, rest } = pickSubCommand(args, CAMPAIGN);
  const { values, positionals } = parseCommand(rest, spec);
  const json = values.json !== undefined;
  const csv = values.csv !== undefined;
  const reportId = spec === REPORT ? parseId(REPORT, positionals[0]) : 0;
  let specText: string | undefined;
  if (spec === CREATE) {
    const [file = ""] = positionals;
    try {
      specText = readFileSync(file, "utf8");
    } catch {
      throw new QingfengError("BAD_INPUT", `${file}: cannot read the file.`);
    }
  }
  const { app, bot } = await openBot(ctx);
  try {
    const campaigns = bot.services.get(CAMPAIGNS);
    if (specText !== undefined) {
      const c = await campaigns.create(parseCampaignSpec(specText), "cli");
      ctx.io.out(
        json
          ? JSON.stringify({
              id: c.id,
              name: c.name,
              questionIds: c.questionIds,
              expected: (await campaigns.expected(c)).length,
            })
          : `Created campaign #${c.id} "${c.name}": ${plural(c.questionIds.length, "question")}, ${plural((await campaigns.expected(c)).length, "person", "people")} expected. \`qingfeng start\` sends the announcement and reminders.`,
      );
      return 0;
    }
    if (spec === LIST) {
      const list = await campaigns.list();
      if (json) ctx.io.out(JSON.stringify(list, null, 2));
      else
        for (const c of list)
          ctx.io.out(
            `#${c.id} ${c.name}  ${campaigns.localDay(c.startAt)} — ${campaigns.localDay(c.dueAt)}  ${plural(c.questionIds.length, "question")}`,
          );
      return 0;
    }
    const report = await campaigns.report(reportId);
    ctx.io.out(
      csv
        ? campaignReportCsv(report).trimEnd()
        : json
          ? JSON.stringify(report, null, 2)
          : campaignReportText(report, ctx.config.cases.utcOffsetMinutes),
    );
    return 0;
  } finally {
    app.close();
  }
}
