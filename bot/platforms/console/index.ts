import type { PlatformDescriptor } from "../../kernel/platform.js";
import type { PlatformAdapter } from "../../kernel/platform-adapter.js";
import { ConsoleAdapter } from "./console-adapter.js";
import { ConsoleSender } from "./console-sender.js";
import { ConsoleTerminal } from "./console-terminal.js";

export { CONSOLE_CHAT, ConsoleAdapter, type ConverseOptions } from "./console-adapter.js";
export { type CorpusCounts, consoleStrings, type WelcomeFacts } from "./console-strings.js";

/** The terminal's adapter among a bot's adapters: `qingfeng start` runs its conversation. */
export function isConsoleAdapter(adapter: PlatformAdapter): adapter is ConsoleAdapter {
  return adapter instanceof ConsoleAdapter;
}

/**
 * The terminal: the local chat of the embedded default, when no chat
 * platform is configured. Its user is a bot admin, so every feature can be
 * tried without a token; broadcasts to it are printed, their buttons as
 * typeable as an answer's.
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
    const terminal = new ConsoleTerminal(write, () =>
      process.stdout.isTTY ? process.stdout.columns : undefined,
    );
    return {
      adapter: new ConsoleAdapter(terminal, ctx.handle),
      sender: new ConsoleSender(terminal),
    };
  },
};
