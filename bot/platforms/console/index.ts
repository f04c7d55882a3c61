import type { PlatformDescriptor } from "../../kernel/platform.js";
import type { PlatformAdapter } from "../../kernel/platform-adapter.js";
import { ConsoleSender } from "./console-sender.js";

/**
 * The terminal: the local chat of the embedded default, when no chat
 * platform is configured. Its user is a bot admin, so every feature can be
 * tried without a token; broadcasts to it are printed.
 */
export const consolePlatform: PlatformDescriptor<Record<string, never>> = {
  id: "console",
  label: "terminal",
  limits: { minIntervalMs: 0, perChat: { count: 1_000, windowMs: 1_000 } },
  local: true,
  readConfig: () => ({}),
  admins: () => ["console"],
  create(_config, ctx) {
    const write = ctx.write ?? ((text: string) => process.stdout.write(`${text}\n`));
    // The conversation itself is run by `qingfeng start` (runConsole) over stdin.
    const adapter: PlatformAdapter = {
      platform: "console",
      start: async () => {},
      stop: async () => {},
      routes: () => [],
      ready: () => true,
    };
    return { adapter, sender: new ConsoleSender(write) };
  },
};
