import type { BotOptions } from "../../bot/app/create-bot.js";
import { FEATURES } from "../../bot/app/features.js";
import type { FeatureDescriptor } from "../../bot/kernel/feature.js";
import { memoryStorage } from "../../bot/storage/memory.js";

/**
 * Bot options that keep the features' state in memory: no database file is
 * written for chats, notices, the outbox, the roster, quizzes or campaigns.
 */
export function onMemory(
  features: readonly FeatureDescriptor[] = FEATURES,
): Pick<BotOptions, "storage" | "features"> {
  return { storage: memoryStorage(), features };
}
