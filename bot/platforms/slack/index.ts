import { idList, isHttpUrl } from "../../../lib/config-values.js";
import type { PlatformDescriptor } from "../../kernel/platform.js";

export interface SlackConfig {
  botToken: string;
  signingSecret?: string | undefined;
  appToken?: string | undefined;
  apiUrl?: string | undefined;
  admins: string[];
}

/**
 * Slack over @slack/bolt: HTTP events on the shared server (signing secret)
 * or Socket Mode (app token). chat.postMessage allows about one message a
 * second per channel.
 */
export const slackPlatform: PlatformDescriptor<SlackConfig> = {
  id: "slack",
  label: "Slack",
  limits: { minIntervalMs: 20, perChat: { count: 1, windowMs: 1_000 } },
  readConfig(str, problems) {
    const botToken = str("SLACK_BOT_TOKEN");
    const signingSecret = str("SLACK_SIGNING_SECRET");
    const appToken = str("SLACK_APP_TOKEN");
    const apiUrl = str("SLACK_API_URL");
    if (!botToken) {
      if (signingSecret || appToken)
        problems.push(
          "SLACK_SIGNING_SECRET / SLACK_APP_TOKEN are set but SLACK_BOT_TOKEN is not: add the xoxb- token of your Slack app",
        );
      return undefined;
    }
    if (!botToken.startsWith("xoxb-"))
      problems.push("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
    if (!signingSecret && !appToken) {
      problems.push(
        "Slack needs SLACK_SIGNING_SECRET (HTTP events on PORT) or SLACK_APP_TOKEN (xapp-…, Socket Mode)",
      );
    }
    if (appToken && !appToken.startsWith("xapp-"))
      problems.push("SLACK_APP_TOKEN must be an app-level token starting with xapp-");
    if (apiUrl !== undefined && !isHttpUrl(apiUrl))
      problems.push(`SLACK_API_URL="${apiUrl}" is not an http(s) URL`);
    return { botToken, signingSecret, appToken, apiUrl, admins: idList(str("SLACK_ADMIN_IDS")) };
  },
  admins: (config) => config.admins,
  async create(config, ctx) {
    // Loaded here, not at the top: `qingfeng ask` never pays for bolt.
    const { SlackAdapter } = await import("./slack-adapter.js");
    const { SlackSender } = await import("./slack-sender.js");
    return {
      adapter: new SlackAdapter({
        botToken: config.botToken,
        signingSecret: config.signingSecret,
        appToken: config.appToken,
        apiUrl: config.apiUrl,
        handle: ctx.handle,
        isCommand: ctx.isCommand,
        log: ctx.log,
        startTimeoutMs: ctx.timeoutMs,
      }),
      // Its own WebClient without retries: the dispatcher paces and retries broadcasts.
      sender: new SlackSender(config.botToken, config.apiUrl),
    };
  },
};
