import type { FeatureDescriptor } from "../../kernel/feature.js";
import { rateLimits, sharedState } from "../../kernel/shared-state.js";
import { askQuestion } from "./ask-command.js";
import { fullClauseAction } from "./full-clause.js";
import { PreviousQuestions } from "./previous-questions.js";
import { stats } from "./stats-command.js";

/** Questions per user per chat: a burst of 5, then 6 a minute. */
const RATE = { capacity: 5, refillPerMinute: 6 };

/**
 * The bot's first job: a question in a DM, an @mention, a reply or /ask is
 * answered from the indexed documents with a verdict and the clauses; "全文"
 * buttons show a cited clause whole; /stats reports what was asked (never who).
 */
export function askFeature(options: { rate?: typeof RATE } = {}): FeatureDescriptor {
  return {
    name: "ask",
    open(env) {
      const deps = {
        answers: env.knowledge.answers,
        corpus: env.knowledge.corpus,
        previous: new PreviousQuestions(sharedState(env)),
        limiter: rateLimits(env),
        rate: options.rate ?? RATE,
      };
      return {
        commands: {
          ask: {
            access: "anyone",
            aliases: ["提问", "问"],
            run: (ctx, args) => askQuestion(ctx, args, deps),
          },
          stats: {
            access: "bot-admin",
            aliases: ["统计"],
            run: (ctx, args) =>
              stats(ctx, env.knowledge.records, args, env.settings.cases.utcOffsetMinutes),
          },
        },
        actions: [
          {
            prefix: "full:",
            run: async (ctx, data) => {
              const m = /^full:(\d+):(\d+)$/.exec(data);
              if (m) await fullClauseAction(ctx, env.knowledge, Number(m[1]), Number(m[2]));
              else await ctx.reply.ack();
            },
          },
        ],
        text: (ctx, text) => askQuestion(ctx, text, deps),
        help: { zh: "管理员：/stats 提问统计", en: "Admins: /stats for question statistics" },
      };
    },
  };
}
