import { createInterface } from "node:readline";
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
  const { kb, answerer } = await openReady(ctx);
  const counts = kb.store.counts();
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
      const answer = await answerer.answer(question, { previousQuestion: previous });
      ctx.io.out(`${answerText(answer)}\n`);
      previous = question;
    }
    return 0;
  } finally {
    kb.close();
  }
}
