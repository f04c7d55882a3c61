import type { AnswerService } from "../../../knowledge/answer/answer-service.js";
import { MAX_QUESTION_CHARS } from "../../../knowledge/answer/answer-service.js";
import { charCount } from "../../../lib/text/char-count.js";
import type { HandlerContext } from "../../kernel/context.js";
import { userKey } from "../../kernel/context.js";
import { isQingfengError } from "../../kernel/errors.js";
import { textMessage } from "../../kernel/out-message.js";
import type { RateLimits, RateRule } from "../../kernel/shared-state.js";
import { answerMessage } from "./answer-message.js";
import type { PreviousQuestions } from "./previous-questions.js";
import { t } from "./strings.js";

/** What answering needs besides the event. */
export interface AskDeps {
  answers: AnswerService;
  /** Per-user buckets, shared by every instance on one database. */
  limiter: RateLimits;
  rate: RateRule;
  previous: PreviousQuestions;
  /** Brings the indexes up to date with other processes' ingests before answering. */
  corpus?: { catchUp(): Promise<void> } | undefined;
}

const PRIVATE_REQUEST = /私聊回答|私信回答|私下回答|answer privately|\bin private\b|\bprivately\b/i;

/** Answers a question in the chat (as a reply / in the thread), or privately on request. */
export async function askQuestion(
  ctx: HandlerContext,
  rawQuestion: string,
  deps: AskDeps,
): Promise<void> {
  const { event, reply, lang } = ctx;
  const wantsPrivate = event.chat.type === "group" && PRIVATE_REQUEST.test(rawQuestion);
  const question = rawQuestion.replace(PRIVATE_REQUEST, "").trim();
  if (question === "") {
    await reply.send(textMessage(t("askUsage", lang)));
    return;
  }
  // Counted here in characters (code points), as the asker counts them: 10,000 emoji are 10,000 字.
  const length = charCount(question);
  if (length > MAX_QUESTION_CHARS) {
    await reply.send(
      textMessage(
        `问题太长（${length} 字），请用一两句话提问（不超过 ${MAX_QUESTION_CHARS} 字）。`,
      ),
    );
    return;
  }
  if (!(await deps.limiter.take(userKey(event), deps.rate))) {
    await reply.send(textMessage(t("rateLimited", lang)));
    return;
  }
  const key = userKey(event);
  // A stale index still answers: a failed refresh is logged, not shown to the asker.
  await deps.corpus?.catchUp().catch((error: unknown) =>
    ctx.log("warn", "corpus refresh failed", {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  let answer: Awaited<ReturnType<typeof deps.answers.ask>>;
  try {
    answer = await deps.answers.ask(question, {
      previousQuestion: await deps.previous.get(key),
      platform: event.platform,
      asker: `${event.platform}:${event.user.id}`,
    });
  } catch (error) {
    // A question too long or empty is the user's to fix; say so plainly.
    if (isQingfengError(error) && error.code === "BAD_INPUT") {
      await reply.send(textMessage(error.message));
      return;
    }
    throw error;
  }
  await deps.previous.remember(key, question);
  const message = answerMessage(answer, answer.language === "en" ? "en" : lang);
  if (wantsPrivate) {
    const sent = await reply.sendPrivate(message);
    await reply.send(textMessage(t(sent ? "privateSent" : "privateFailed", lang)));
    return;
  }
  await reply.send(message);
}
