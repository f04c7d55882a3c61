import type { PlatformDescriptor } from "../../../bot/kernel/platform.js";
import { idList, isHttpUrl } from "../../../lib/config-values.js";
import { LoopbackAdapter } from "./loopback-adapter.js";
import { LoopbackClient } from "./loopback-client.js";
import { LoopbackSender } from "./loopback-sender.js";

export interface LoopbackConfig {
  apiUrl: string;
  token: string;
  webhookSecret: string;
  admins: string[];
}

/**
 * A test-only chat platform, built the way a real one is added: this folder
 * and one entry in the platform list given to createBot. Its Bot API is an
 * HTTP server (tests/helpers/fake-loopback-api.ts); updates arrive on a
 * webhook route of the bot's shared server, replies and broadcasts go out by
 * HTTP POST over one client.
 */
export const loopbackPlatform: PlatformDescriptor<LoopbackConfig> = {
  id: "loopback",
  label: "Loopback",
  limits: { minIntervalMs: 5, perChat: { count: 10, windowMs: 1_000 } },
  readConfig(str, problems) {
    const apiUrl = str("LOOPBACK_API_URL");
    const token = str("LOOPBACK_TOKEN");
    const webhookSecret = str("LOOPBACK_WEBHOOK_SECRET");
    if (!apiUrl) {
      if (token || webhookSecret)
        problems.push(
          "LOOPBACK_TOKEN / LOOPBACK_WEBHOOK_SECRET are set but LOOPBACK_API_URL is not",
        );
      return undefined;
    }
    if (!isHttpUrl(apiUrl)) problems.push(`LOOPBACK_API_URL="${apiUrl}" is not an http(s) URL`);
    if (!token) problems.push("LOOPBACK_TOKEN must be set with LOOPBACK_API_URL");
    if (!webhookSecret || webhookSecret.length < 16)
      problems.push("LOOPBACK_WEBHOOK_SECRET must be at least 16 characters");
    return {
      apiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`,
      token: token ?? "",
      webhookSecret: webhookSecret ?? "",
      admins: idList(str("LOOPBACK_ADMIN_IDS")),
    };
  },
  admins: (config) => config.admins,
  create(config, ctx) {
    // One client for both directions, as a real platform SDK's would be.
    const client = new LoopbackClient(config.apiUrl, config.token, ctx.timeoutMs);
    return {
      adapter: new LoopbackAdapter({
        client,
        secret: config.webhookSecret,
        handle: ctx.handle,
        isCommand: ctx.isCommand,
      }),
      sender: new LoopbackSender(client),
    };
  },
};
