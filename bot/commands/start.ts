import { createInterface } from "node:readline";
import { isQingfengError } from "../../knowledge/errors.js";
import { type CommandContext, openReady } from "./context.js";
import { answerText } from "./render-answer.js";

/**
 * `qingfeng start`: the embedded default. Ingests the shipped corpus on first
 * start and answers questions typed in the terminal (or piped on stdin),
 * remembering the previous question so follow-ups work.
 */
export async function startCommand(
  ctx: CommandContext,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const app = await openReady(ctx);
  const counts = app.kb.store.counts();
  ctx.io.err(
    `清风 Qingfeng ready: ${counts.documents} documents, ${counts.chunks} clauses, data in ${ctx.config.dataDir}.`,
  );
  ctx.io.err("Ask a question (e.g. 药代请我吃饭可以吗？). Ctrl-D to quit.");
  const rl = createInterface({ input, terminal: false });
  let previous: string | undefined;
  try {
    for await (const line of rl) {
      const question = line.trim();
      if (question === "") continue;
      try {
        const answer = await app.answers.ask(question, {
          previousQuestion: previous,
          platform: "console",
        });
        ctx.io.out(`${answerText(answer)}\n`);
      } catch (error) {
        if (!isQingfengError(error)) throw error;
        ctx.io.out(`${error.message}\n`);
      }
      previous = question;
    }
    return 0;
  } finally {
    app.close();
  }
}
