import type { FeatureEnv } from "../../kernel/feature.js";
import { CHATS } from "../../kernel/ports.js";
import { BROADCAST, type Outbox } from "../broadcast/ports.js";
import { ROSTER, type Roster } from "../roster/ports.js";
import { CaseService } from "./case-service.js";
import type { AckStore, CaseStore, ClauseLinker } from "./ports.js";
import { RetrievalClauseLinker } from "./retrieval-clause-linker.js";
import { openCaseStore } from "./stores.js";

export interface CaseSystem {
  service: CaseService;
  outbox: Outbox;
  roster: Roster;
  store: CaseStore & AckStore;
  /** Clause suggestions for facts as they are typed (the console's notice form). */
  linker: ClauseLinker;
}

/** Case notices over the bot's storage: the store, clause linking through retrieval, the service. */
export function openCaseSystem(env: FeatureEnv): CaseSystem {
  const broadcasting = env.services.get(BROADCAST);
  const roster = env.services.get(ROSTER);
  const store = openCaseStore(env.storage, env.now);
  const linker = new RetrievalClauseLinker(env.knowledge.retriever, env.knowledge.conduct);
  const service = new CaseService({
    cases: store,
    outbox: broadcasting.outbox,
    chats: env.services.get(CHATS),
    roster,
    linker,
    now: env.now,
    reminderDays: env.settings.cases.reminderDays,
    digest: env.settings.cases.digest,
    utcOffsetMinutes: env.settings.cases.utcOffsetMinutes,
    onQueued: () => broadcasting.wake(),
  });
  broadcasting.addRenderer((row) => service.render(row));
  broadcasting.addPlanner(async (now) => {
    await service.plan(now);
  });
  return { service, outbox: broadcasting.outbox, roster, store, linker };
}
