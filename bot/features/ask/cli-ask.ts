import { type CommandContext, openReady } from "../../app/cli/context.js";
import { answerJson, answerText } from "./render-answer.js";

/** `qingfeng ask "<question>" [--json]`. */
export async function askCommand(
  ctx: CommandContext,
  question: string,
  json: boolean,
): Promise<number> {
  if (question.trim() === "") {
    ctx.io.err('Usage: qingfeng ask "<question>" [--json]');
    return 2;
  }
  const app = await openReady(ctx);
  try {
    const answer = await app.answers.ask(question, { platform: "cli" });
    ctx.io.out(
      json
        ? JSON.stringify({ ...answerJson(answer), id: answer.id }, null, 2)
        : `${answerText(answer)}\n\n(answer #${answer.id} — rate it: qingfeng feedback rate ${answer.id} up|down)`,
    );
    return 0;
  } finally {
    app.close();
  }
}
