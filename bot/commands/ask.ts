import { type CommandContext, openReady } from "./context.js";
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
  const { kb, answerer } = await openReady(ctx);
  try {
    const answer = await answerer.answer(question.trim());
    ctx.io.out(json ? JSON.stringify(answerJson(answer), null, 2) : answerText(answer));
    return 0;
  } finally {
    kb.close();
  }
}
