import { join } from "node:path";
import { loadConfig } from "../../bot/app/config.js";
import { createBot } from "../../bot/app/create-bot.js";
import { openApp } from "../../bot/app/open-app.js";
import { BROADCAST } from "../../bot/features/broadcast/ports.js";
import { CASES } from "../../bot/features/cases/ports.js";
import { CHATS } from "../../bot/kernel/ports.js";
import { startFakeTelegramApi } from "../helpers/fake-telegram-api.js";

export interface BroadcastResult {
  groups: number;
  delivered: number;
  uniqueGroups: number;
  duplicates: number;
  seconds: number;
  messagesPerSecond: number;
  /** Share of Telegram's 30 messages/s ceiling achieved. */
  ceilingShare: number;
  /** Most messages that arrived at the API within any one second (must stay ≤ 30). */
  peakPerSecond: number;
  publishMs: number;
}

const TOKEN = "123456:BENCH-TOKEN-abcdefghijklmnop";

/**
 * One notice to `groups` subscribed Telegram groups, sent by the production
 * dispatcher and TelegramSender over HTTP to an emulated Bot API on loopback,
 * on the real clock: how close the pacing gets to 30/s, and whether any group
 * got the notice twice.
 */
export async function broadcastBench(root: string, groups = 1000): Promise<BroadcastResult> {
  const api = await startFakeTelegramApi();
  const app = await openApp(
    loadConfig({
      QINGFENG_DATA_DIR: join(root, "broadcast"),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
    }),
  );
  try {
    // The production composition: the Telegram platform's sender, the bot's own dispatcher.
    const bot = await createBot(app, { log: () => {} });
    const chats = bot.services.get(CHATS);
    for (let i = 0; i < groups; i++) {
      const id = String(-(1_000_000 + i));
      await chats.seen("telegram", { id, type: "group", title: `科室群 ${i}` });
      await chats.subscribe("telegram", id, [], "bench");
    }
    const cases = bot.services.get(CASES);
    const draft = await cases.service.draft(
      {
        title: "某医院医生收受回扣问题",
        people: [],
        facts: "某医院心内科医生李某利用处方权，收受医药代表给予的药品回扣共计8万元。",
        result: "李某受到党内严重警告处分。",
        tags: ["回扣"],
      },
      { by: "bench" },
    );
    const t0 = performance.now();
    await cases.service.publish(draft.id, { by: "bench" });
    const publishMs = performance.now() - t0;
    await bot.services.get(BROADCAST).main().drain();
    const times = api.delivered.map((d) => d.at).sort((a, b) => a - b);
    const first = times[0] ?? 0;
    const last = times.at(-1) ?? 0;
    const seconds = (last - first) / 1000;
    const rate = seconds > 0 ? (times.length - 1) / seconds : 0;
    const unique = new Set(api.delivered.map((d) => d.chatId)).size;
    let peak = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start++;
      peak = Math.max(peak, end - start + 1);
    }
    return {
      groups,
      delivered: api.delivered.length,
      uniqueGroups: unique,
      duplicates: api.delivered.length - unique,
      seconds,
      messagesPerSecond: rate,
      ceilingShare: rate / 30,
      peakPerSecond: peak,
      publishMs,
    };
  } finally {
    app.close();
    await api.close();
  }
}
