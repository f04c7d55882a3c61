import { readFileSync } from "node:fs";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openBot } from "../../app/cli/context.js";
import { QingfengError } from "../../kernel/errors.js";
import { parseCampaignSpec } from "./campaign.js";
import { campaignReportCsv, campaignReportText } from "./campaign-service.js";
import { CAMPAIGNS } from "./ports.js";

const USAGE = `Usage:
  qingfeng campaign create FILE.json [--json]   questions (ids, or tags + count), audience, start, due, passMark, attestation
  qingfeng campaign list [--json]
  qingfeng campaign report ID [--csv | --json]  completion and pass rate per department, coverage vs 98%, who is outstanding`;

/** `qingfeng campaign …`: training campaigns on the approved question bank. */
export async function campaignCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const csv = args.includes("--csv");
  const [verb, arg] = args.filter((a) => a !== "--csv");
  if (!verb || !["create", "list", "report"].includes(verb)) {
    ctx.io.err(USAGE);
    return 2;
  }
  let specText: string | undefined;
  if (verb === "create") {
    if (!arg) throw new QingfengError("BAD_INPUT", "Usage: qingfeng campaign create FILE.json");
    try {
      specText = readFileSync(arg, "utf8");
    } catch {
      throw new QingfengError("BAD_INPUT", `${arg}: cannot read the file.`);
    }
  }
  const { app, bot } = await openBot(ctx);
  try {
    const campaigns = bot.services.get(CAMPAIGNS);
    if (verb === "create" && specText !== undefined) {
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
    if (verb === "list") {
      const list = await campaigns.list();
      if (json) ctx.io.out(JSON.stringify(list, null, 2));
      else
        for (const c of list)
          ctx.io.out(
            `#${c.id} ${c.name}  ${campaigns.localDay(c.startAt)} — ${campaigns.localDay(c.dueAt)}  ${plural(c.questionIds.length, "question")}`,
          );
      return 0;
    }
    const report = await campaigns.report(Number(arg));
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
