import type { Log } from "../kernel/deps.js";
import type { Handle } from "../kernel/handle.js";
import type { PlatformAdapter } from "../kernel/platform-adapter.js";
import { SlackAdapter } from "../platforms/slack/slack-adapter.js";
import { TelegramAdapter } from "../platforms/telegram/telegram-adapter.js";
import type { Config } from "./config.js";

/** One adapter per platform whose credentials are configured. */
export function adaptersFromConfig(config: Config, handle: Handle, log: Log): PlatformAdapter[] {
  const adapters: PlatformAdapter[] = [];
  if (config.telegram) {
    adapters.push(
      new TelegramAdapter({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        webhook: config.telegram.webhook,
        handle,
        log,
        callTimeoutMs: config.operations.platformTimeoutMs,
      }),
    );
  }
  if (config.slack) {
    adapters.push(
      new SlackAdapter({
        botToken: config.slack.botToken,
        signingSecret: config.slack.signingSecret,
        appToken: config.slack.appToken,
        apiUrl: config.slack.apiUrl,
        handle,
        log,
        startTimeoutMs: config.operations.platformTimeoutMs,
      }),
    );
  }
  return adapters;
}

/** Bot admins from configuration, per platform. */
export function configuredAdmins(config: Config): { telegram: string[]; slack: string[] } {
  return { telegram: config.telegram?.admins ?? [], slack: config.slack?.admins ?? [] };
}
