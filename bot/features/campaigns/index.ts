import type { HandlerContext } from "../../kernel/context.js";
import type { FeatureDescriptor } from "../../kernel/feature.js";
import { CHATS } from "../../kernel/ports.js";
import { sharedState } from "../../kernel/shared-state.js";
import { BROADCAST } from "../broadcast/ports.js";
import { QUIZ } from "../quiz/ports.js";
import { ROSTER } from "../roster/ports.js";
import {
  type CampaignContext,
  campaignAction,
  campaignAnswered,
  campaignCommand,
  campaignFor,
} from "./campaign-commands.js";
import { CampaignService } from "./campaign-service.js";
import { CampaignSessions } from "./campaign-sessions.js";
import { CAMPAIGNS } from "./ports.js";
import { POSTGRES_MIGRATIONS } from "./postgres-schema.js";
import { SQLITE_MIGRATIONS } from "./sqlite-schema.js";
import { openCampaignStore } from "./stores.js";
import { campaignStrings } from "./strings.js";

/**
 * Training campaigns: a set of questions from the bank, a pass mark, a
 * deadline, an optional zero-report attestation, reminders to groups through
 * the broadcast outbox, and coverage by department against the roster.
 */
export const campaignsFeature: FeatureDescriptor = {
  name: "campaigns",
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
  open(env) {
    const broadcasting = env.services.get(BROADCAST);
    const quizzes = env.services.get(QUIZ);
    const campaigns = new CampaignService({
      store: openCampaignStore(env.storage, env.now),
      quiz: quizzes.service,
      roster: env.services.get(ROSTER),
      outbox: broadcasting.outbox,
      chats: env.services.get(CHATS),
      now: env.now,
      utcOffsetMinutes: env.settings.cases.utcOffsetMinutes,
      contact: env.settings.complianceContact,
      onQueued: () => broadcasting.wake(),
    });
    env.services.provide(CAMPAIGNS, campaigns);
    broadcasting.addRenderer((row) => campaigns.render(row));
    broadcasting.addPlanner(async (now) => {
      await campaigns.plan(now);
    });
    const sessions = new CampaignSessions(sharedState(env));
    const within = (ctx: HandlerContext): CampaignContext => {
      return { ...ctx, campaigns, quizzes, sessions };
    };
    quizzes.addAnswerOwner(async (ctx, questionId) => {
      const inside = within(ctx);
      const campaign = await campaignFor(inside, questionId);
      if (!campaign) return undefined;
      return {
        context: `campaign:${campaign.id}`,
        answered: (correct) => campaignAnswered(inside, campaign, questionId, correct),
      };
    });
    return {
      commands: {
        campaign: {
          access: "anyone",
          aliases: ["培训"],
          run: (ctx, args) => campaignCommand(within(ctx), args),
        },
      },
      actions: [{ prefix: "cp:", run: (ctx, data) => campaignAction(within(ctx), data) }],
      help: { zh: campaignStrings("zh").help, en: campaignStrings("en").help },
    };
  },
};
