import { type HandlerContext, userKey } from "../../kernel/context.js";
import type { FeatureDescriptor } from "../../kernel/feature.js";
import { sharedState } from "../../kernel/shared-state.js";
import { type CaseContext, caseAction, caseCommand, caseFlowMessage } from "./case-commands.js";
import { openCaseSystem } from "./case-system.js";
import { CaseFlows } from "./guided-flow.js";
import { CASES } from "./ports.js";
import { POSTGRES_MIGRATIONS } from "./postgres-schema.js";
import { SQLITE_MIGRATIONS } from "./sqlite-schema.js";
import { caseStrings } from "./strings.js";

const NOTICE_BUTTON = /^case:(ack|clauses|full|pub|cl):(\d+)(?::(\d+))?$/;

/**
 * Typical-case notices (典型案例通报): admins author them in chat or from the
 * CLI (anonymised, clauses proposed), publish to subscribed groups through the
 * broadcast outbox, and follow acknowledgements and reminders.
 */
export const casesFeature: FeatureDescriptor = {
  name: "cases",
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
  open(env) {
    const system = openCaseSystem(env);
    env.services.provide(CASES, system);
    const flows = new CaseFlows(sharedState(env));
    const within = (ctx: HandlerContext): CaseContext => ({ ...ctx, cases: system.service, flows });
    return {
      commands: {
        case: {
          access: "bot-admin",
          aliases: ["案例", "通报", "cases"],
          run: (ctx, args) => caseCommand(within(ctx), args),
        },
      },
      actions: [
        {
          prefix: "case:",
          run: async (ctx, data) => {
            const m = NOTICE_BUTTON.exec(data);
            if (!m?.[1]) return ctx.reply.ack();
            await caseAction(within(ctx), m[1], Number(m[2]), m[3] ? Number(m[3]) : undefined);
          },
        },
      ],
      async intercept(ctx, event) {
        if (event.chat.type !== "dm" || !(await flows.active(userKey(event)))) return false;
        await caseFlowMessage(within(ctx), event.text);
        return true;
      },
      help: { zh: caseStrings("zh").help, en: caseStrings("en").help },
    };
  },
};
