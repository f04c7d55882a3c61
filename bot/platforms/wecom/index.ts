import type { PlatformDescriptor } from "../../kernel/platform.js";
import { readWecomConfig, type WecomConfig } from "./read-config.js";

export type { WecomConfig } from "./read-config.js";

/**
 * WeCom (企业微信) through its intelligent bot's long connection
 * (@wecom/aibot-node-sdk): no public URL, the bot connects out. Limits:
 * WeCom allows 30 messages a minute and 1,000 an hour to one chat, replies
 * and proactive sends together; a broadcast send is a markdown message plus
 * a button card, so 8 sends a minute keep a chat at 16 messages a minute
 * (960 an hour) and leave room for answers in it. WeCom publishes no per-bot
 * rate for the long connection; sends are spaced 50 ms apart (20 a second).
 */
export const wecomPlatform: PlatformDescriptor<WecomConfig> = {
  id: "wecom",
  label: "WeCom (企业微信)",
  limits: { minIntervalMs: 50, perChat: { count: 8, windowMs: 60_000 } },
  readConfig: readWecomConfig,
  admins: (config) => config.admins,
  async create(config, ctx) {
    // Loaded here, not at the top: `qingfeng ask` never pays for the SDK.
    const { createWecomInstance } = await import("./wecom-instance.js");
    const { adapter, sender } = createWecomInstance(config, ctx);
    return { adapter, sender };
  },
};
