import { AudienceMap } from "../../../knowledge/quiz/audiences.js";
import type { HandlerContext } from "../../kernel/context.js";
import { trimOldest } from "../../kernel/context.js";
import type { FeatureDescriptor } from "../../kernel/feature.js";
import { ROSTER } from "../roster/ports.js";
import { GroupQuizzes } from "./group-quiz.js";
import { type AnswerOwner, QUIZ, type Quizzes } from "./ports.js";
import { POSTGRES_MIGRATIONS } from "./postgres-schema.js";
import {
  leaderboardCommand,
  type QuizContext,
  quizAction,
  quizCommand,
  seedOf,
} from "./quiz-commands.js";
import { QuizService } from "./quiz-service.js";
import { displayOrder, questionMessage } from "./render-question.js";
import { SQLITE_MIGRATIONS } from "./sqlite-schema.js";
import { openQuizStores } from "./stores.js";
import { quizStrings } from "./strings.js";

/**
 * Scenario quizzes on the approved question bank: DM practice with spaced
 * review, timed group rounds (native quiz polls where the platform has them),
 * scores, streaks and the weekly leaderboard.
 */
export const quizFeature: FeatureDescriptor = {
  name: "quiz",
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
  open(env) {
    const stores = openQuizStores(env.storage, env.now);
    // The roster (when registered) says which department, so which audience, a learner is in.
    const roster = env.services.find(ROSTER);
    const audiences = AudienceMap.shipped();
    const service = new QuizService({
      ...stores,
      now: env.now,
      conduct: env.knowledge.conduct,
      audienceOf: async (platform, userId) => {
        const member = await roster?.byUser(platform, userId);
        return member ? audiences.ofDepartment(member.department) : undefined;
      },
    });
    const rounds = new GroupQuizzes({
      quiz: service,
      senders: env.platforms.senders,
      scheduler: env.scheduler,
      log: env.log,
      now: env.now,
      secondsPerQuestion: env.settings.quizSeconds,
    });
    const owners: AnswerOwner[] = [];
    const selections = new Map<string, Set<number>>();
    const quizzes: Quizzes = {
      service,
      bank: stores.bank,
      rounds,
      addAnswerOwner: (owner) => owners.push(owner),
      present: (question, platform, userId, lang, header) =>
        questionMessage(question, displayOrder(question, seedOf(platform, userId)), lang, {
          header,
        }),
    };
    env.services.provide(QUIZ, quizzes);
    const within = (ctx: HandlerContext): QuizContext => {
      trimOldest(selections);
      return { ...ctx, quiz: service, rounds, store: env.knowledge.store, selections, owners };
    };
    return {
      commands: {
        quiz: {
          access: "anyone",
          aliases: ["测验", "练习", "答题"],
          run: (ctx, args) => quizCommand(within(ctx), args),
        },
        leaderboard: {
          access: "anyone",
          aliases: ["排行榜", "rank"],
          run: (ctx) => leaderboardCommand(within(ctx)),
        },
      },
      actions: [{ prefix: "qz:", run: (ctx, data) => quizAction(within(ctx), data) }],
      help: { zh: quizStrings("zh").help, en: quizStrings("en").help },
    };
  },
};
