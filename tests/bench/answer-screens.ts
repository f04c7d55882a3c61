/**
 * How long the chat replies to a question set are on a phone: answers every
 * question offline on the shipped corpus (a fresh temp data directory),
 * renders each reply for Telegram and Slack, and prints the distribution of
 * the first screen (Telegram: text before the first collapsed part), Slack's
 * messages and longest block, and whether the decisive phrase is in view.
 *
 *   npx tsx tests/bench/answer-screens.ts [questions.jsonl] [--list] [--show ID,ID…]
 *
 * Default: tests/eval/staff.jsonl. --list prints one line per question;
 * --show prints the terminal rendering of those answers (for reviewing what
 * each reply cites).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { answerMessage } from "../../bot/features/ask/answer-message.js";
import { renderText } from "../../bot/platforms/console/render-text.js";
import { parseEvalFile } from "../../knowledge/eval/eval-metrics.js";
import {
  distribution,
  FIRST_SCREEN_CHARS,
  SLACK_SEE_MORE_CHARS,
  screenFigures,
} from "../helpers/answer-screens.js";
import { offlineAnswererOver, openTempKnowledgeBase } from "../helpers/temp-kb.js";

const args = process.argv.slice(2);
const file =
  args.find((a) => !a.startsWith("--") && !/^[\w,]+$/.test(a)) ??
  fileURLToPath(new URL("../eval/staff.jsonl", import.meta.url));
const list = args.includes("--list");
const showAt = args.indexOf("--show");
const show = new Set(showAt >= 0 ? (args[showAt + 1] ?? "").split(",") : []);

const t = await openTempKnowledgeBase();
try {
  const answerer = offlineAnswererOver(t);
  const rows = [];
  for (const question of parseEvalFile(readFileSync(file, "utf8"), file)) {
    const answer = await answerer.answer(question.q);
    const figures = screenFigures(answer);
    rows.push({ id: question.id, cited: answer.citations.length, ...figures });
    if (list) {
      console.log(
        `${question.id}\ttg ${figures.telegramFirstScreen}\tslack ${figures.slackMessages}×${figures.slackBlocks} blocks, longest ${figures.slackLongestBlockText}\tshown ${figures.shown.join(",") || "-"} of ${answer.citations.length}${figures.decisiveInView ? "" : "\tDECISIVE NOT IN VIEW"}`,
      );
    }
    if (show.has(question.id)) {
      console.log(
        `\n── ${question.id} ${question.q}\n${renderText(answerMessage({ ...answer, id: 1 }, answer.language), 100)}\n`,
      );
    }
  }
  const first = distribution(rows.map((r) => r.telegramFirstScreen));
  const longest = distribution(rows.map((r) => r.slackLongestBlockText));
  const cited = rows.filter((r) => r.cited > 0);
  console.log(`${rows.length} answers (${cited.length} citing) from ${file}`);
  console.log(
    `Telegram first screen (chars): min ${first.min}, median ${first.median}, p90 ${first.p90}, max ${first.max} (limit ${FIRST_SCREEN_CHARS}); messages: max ${Math.max(...rows.map((r) => r.telegramMessages))}, longest HTML ${Math.max(...rows.map((r) => r.telegramLongestHtml))}`,
  );
  console.log(
    `Slack: messages max ${Math.max(...rows.map((r) => r.slackMessages))}, blocks max ${Math.max(...rows.map((r) => r.slackBlocks))}, longest block text median ${longest.median}, max ${longest.max} (see-more at ~${SLACK_SEE_MORE_CHARS})`,
  );
  console.log(
    `Shown citations: ${cited.reduce((n, r) => n + r.shown.length, 0)} of ${cited.reduce((n, r) => n + r.cited, 0)}; decisive phrase in view: ${cited.filter((r) => r.decisiveInView).length}/${cited.length}`,
  );
} finally {
  t.cleanup();
}
