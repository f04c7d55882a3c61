import { idList, isHttpUrl } from "../../../lib/config-values.js";
import type { PlatformDescriptor } from "../../kernel/platform.js";

export interface TelegramConfig {
  token: string;
  apiRoot?: string | undefined;
  webhook?: { url: string; secret: string } | undefined;
  admins: string[];
}

/**
 * Telegram over telegraf: long polling, or a webhook route on the shared
 * server when TELEGRAM_WEBHOOK_URL is set. Bots may send ~30 messages a
 * second overall and 20 a minute to one group.
 */
export const telegramPlatform: PlatformDescriptor<TelegramConfig> = {
  id: "telegram",
  label: "Telegram",
  limits: { minIntervalMs: 34, perChat: { count: 20, windowMs: 60_000 } },
  readConfig(str, problems) {
    const token = str("TELEGRAM_BOT_TOKEN");
    const apiRoot = str("TELEGRAM_API_ROOT");
    const url = str("TELEGRAM_WEBHOOK_URL");
    const secret = str("TELEGRAM_WEBHOOK_SECRET");
    if (!token) {
      if (url || apiRoot)
        problems.push(
          "TELEGRAM_WEBHOOK_URL / TELEGRAM_API_ROOT are set but TELEGRAM_BOT_TOKEN is not: add the token from @BotFather",
        );
      return undefined;
    }
    if (!/^\d+:[\w-]{20,}$/.test(token)) {
      problems.push(
        "TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC…): copy it again from @BotFather",
      );
    }
    if (apiRoot !== undefined && !isHttpUrl(apiRoot))
      problems.push(`TELEGRAM_API_ROOT="${apiRoot}" is not an http(s) URL`);
    if (url !== undefined) {
      if (!isHttpUrl(url)) problems.push(`TELEGRAM_WEBHOOK_URL="${url}" is not an http(s) URL`);
      if (!secret || !/^[A-Za-z0-9_-]{16,256}$/.test(secret)) {
        problems.push(
          "TELEGRAM_WEBHOOK_SECRET must be set with webhooks: 16–256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32)",
        );
      }
    }
    const admins = idList(str("TELEGRAM_ADMIN_IDS"));
    if (admins.some((a) => !/^-?\d+$/.test(a)))
      problems.push("TELEGRAM_ADMIN_IDS must be numeric Telegram user ids, comma-separated");
    return { token, apiRoot, webhook: url && secret ? { url, secret } : undefined, admins };
  },
  admins: (config) => config.admins,
  async create(config, ctx) {
    // Loaded here, not at the top: `qingfeng ask` never pays for telegraf.
    const { TelegramAdapter } = await import("./telegram-adapter.js");
    const { TelegramSender } = await import("./telegram-sender.js");
    return {
      adapter: new TelegramAdapter({
        token: config.token,
        apiRoot: config.apiRoot,
        webhook: config.webhook,
        handle: ctx.handle,
        log: ctx.log,
        callTimeoutMs: ctx.timeoutMs,
      }),
      // Its own client on the same token: the adapter's client sleeps through 429s and
      // retries, the sender must report them to the dispatcher, which paces all sends.
      sender: new TelegramSender(config.token, config.apiRoot, ctx.timeoutMs),
    };
  },
};
