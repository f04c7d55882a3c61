import type { FeatureDescriptor } from "../../kernel/feature.js";
import { CHATS } from "../../kernel/ports.js";
import { Dispatcher, systemClock } from "./dispatcher.js";
import {
  BROADCAST,
  type Broadcasting,
  type DispatcherSettings,
  type RowRenderer,
} from "./ports.js";
import { POSTGRES_MIGRATIONS } from "./postgres-schema.js";
import { SQLITE_MIGRATIONS } from "./sqlite-schema.js";
import { openOutbox, openOwnership } from "./stores.js";

/** Reminders and digests are day-scale: planning once a minute is plenty. */
const PLAN_EVERY_MS = 60_000;

/**
 * The durable outbox and the dispatcher that sends it within each platform's
 * limits, surviving crashes (rows are claimed, interrupted sends resolved on
 * restart). Cases and campaigns queue into it and render their own rows.
 */
export const broadcastFeature: FeatureDescriptor = {
  name: "broadcast",
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
  open(env) {
    const outbox = openOutbox(env.storage, env.now);
    const ownership = openOwnership(env.storage);
    const chats = env.services.get(CHATS);
    const renderers: RowRenderer[] = [];
    const planners: ((now: number) => Promise<void>)[] = [];
    const make = (s: DispatcherSettings = {}): Dispatcher => {
      let lastPlan = Number.NEGATIVE_INFINITY;
      return new Dispatcher({
        outbox,
        senders: s.senders ?? env.platforms.senders,
        limits: s.limits ?? env.platforms.limits,
        render: async (row) => {
          for (const render of renderers) {
            const message = await render(row);
            if (message) return message;
          }
          return undefined;
        },
        subscriptions: chats,
        clock: s.clock ?? systemClock,
        log: env.log,
        maxInFlight: s.maxInFlight ?? env.settings.cases.concurrency,
        pollMs: s.pollMs,
        owner: ownership.owner,
        isAlive: ownership.isAlive,
        beforeStep: async (now) => {
          if (now - lastPlan < PLAN_EVERY_MS) return;
          lastPlan = now;
          for (const plan of planners) await plan(now);
        },
      });
    };
    let main: Dispatcher | undefined;
    const broadcasting: Broadcasting = {
      outbox,
      addRenderer: (render) => renderers.push(render),
      addPlanner: (plan) => planners.push(plan),
      wake: () => main?.wake(),
      main: () => {
        main ??= make();
        return main;
      },
      dispatcher: make,
    };
    env.services.provide(BROADCAST, broadcasting);
    return {
      start: () => broadcasting.main().start(),
      stop: () => broadcasting.main().stop(),
      abandon: async () => {
        await main?.abandon();
      },
    };
  },
};
