import { type CommandSpec, parseCommand, UsageError } from "../../../lib/cli-args.js";
import { type CommandContext, openReady } from "../../app/cli/context.js";
import { answerJson, answerText } from "./render-answer.js";

const ASK = {
  name: "ask",
  usage: 'ask "<question>" [--json]',
  summary:
    "One answer with its verdict (禁止 / 有条件 / 说明 / 未涉及) and the clauses it rests on.\nA question that starts with '-' goes after '--': qingfeng ask -- \"-x 可以吗？\"",
  options: { json: { type: "boolean", help: "print the answer as JSON (see README)" } },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  example: 'ask "药代请我吃饭可以吗？"',
} satisfies CommandSpec;

/** `qingfeng ask "<question>" [--json]`. */
export async function askCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, ASK);
  const question = positionals.join(" ");
  if (question.trim() === "") throw new UsageError(ASK, "the question is empty");
  const app = await openReady(ctx);
  try {
    const answer = await app.answers.ask(question, { platform: "cli" });
    ctx.io.out(
      values.json
        ? JSON.stringify({ ...answerJson(answer), id: answer.id }, null, 2)
        : `${answerText(answer)}\n\n(answer #${answer.id} — rate it: qingfeng feedback rate ${answer.id} up|down)`,
    );
    return 0;
  } finally {
    app.close();
  }
}
