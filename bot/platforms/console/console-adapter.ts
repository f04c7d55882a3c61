import { createInterface } from "node:readline";
import type { MessageEvent } from "../../kernel/events.js";
import type { Handle } from "../../kernel/handle.js";
import type { Reply } from "../../kernel/reply.js";
import { renderText } from "./render-text.js";

/**
 * The local chat: a direct conversation with the core in a terminal (or over
 * piped stdin). ":fb:u:12" presses a button, "/stats" runs a command; the
 * console user is a bot admin so every feature can be tried without a token.
 */
export async function runConsole(options: {
  handle: Handle;
  input: NodeJS.ReadableStream;
  write: (text: string) => void;
  /** Shown before each question on an interactive terminal. */
  prompt?: (() => void) | undefined;
}): Promise<void> {
  const { handle, input, write, prompt } = options;
  const chat = { id: "console", type: "dm" as const, title: "terminal" };
  const user = { id: "console", name: "you" };
  const reply: Reply = {
    send: async (message) => write(`${renderText(message)}\n`),
    sendPrivate: async (message) => {
      write(`${renderText(message)}\n`);
      return true;
    },
    ack: async (notice) => {
      if (notice) write(`(${notice})\n`);
    },
  };
  const rl = createInterface({ input, terminal: false });
  prompt?.();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith(":")) {
      await handle({ type: "action", platform: "console", chat, user, data: line.slice(1) }, reply);
      prompt?.();
      continue;
    }
    const command = /^\/(\S+)\s*([\s\S]*)$/.exec(line);
    const event: MessageEvent = {
      type: "message",
      platform: "console",
      chat,
      user,
      text: line,
      addressed: true,
      command: command
        ? { name: (command[1] ?? "").toLowerCase(), args: command[2] ?? "" }
        : undefined,
    };
    await handle(event, reply);
    prompt?.();
  }
}
