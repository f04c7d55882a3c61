import { userKey } from "../../kernel/context.js";
import type { FeatureDescriptor } from "../../kernel/feature.js";
import { sharedState } from "../../kernel/shared-state.js";
import { feedbackAction, recordReason } from "./feedback-actions.js";
import { PendingReasons } from "./pending-reasons.js";

/**
 * 👍 / 👎 under every answer; after a 👎 the next message is taken as the
 * reason. Admins work the review queue and pin corrected answers from the
 * CLI (`qingfeng feedback`, `qingfeng curated`).
 */
export const feedbackFeature: FeatureDescriptor = {
  name: "feedback",
  open(env) {
    const deps = {
      answers: env.knowledge.answers,
      records: env.knowledge.records,
      reasons: new PendingReasons(sharedState(env)),
    };
    return {
      actions: [
        {
          prefix: "fb:",
          run: async (ctx, data) => {
            const m = /^fb:([ud]):(\d+)$/.exec(data);
            if (m) await feedbackAction(ctx, deps, m[1] as "u" | "d", Number(m[2]));
            else await ctx.reply.ack();
          },
        },
      ],
      async intercept(ctx, event) {
        const pending = await deps.reasons.take(userKey(event));
        if (pending === undefined || event.text.trim() === "") return false;
        await recordReason(ctx, deps, pending, event.text.trim());
        return true;
      },
    };
  },
};
