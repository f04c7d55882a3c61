import { createInterface, type Interface } from "node:readline";
import type { CoreEvent } from "../../kernel/events.js";
import type { Handle } from "../../kernel/handle.js";
import type { Lang } from "../../kernel/i18n.js";
import type { PlatformAdapter } from "../../kernel/platform-adapter.js";
import type { Reply } from "../../kernel/reply.js";
import { CTRL_C_AGAIN, consoleStrings } from "./console-strings.js";
import type { ConsoleTerminal } from "./console-terminal.js";
import { readTypedLine } from "./typed-line.js";

/** The one chat and user of the terminal: a DM with a bot admin. */
export const CONSOLE_CHAT = { id: "console", type: "dm" as const, title: "terminal" };
const CONSOLE_USER = { id: "console", name: "you" };

const PROMPT = "清风> ";
/** The kernel's help command and its aliases: the terminal adds its own part after it. */
const HELP_COMMANDS = new Set(["help", "帮助", "start"]);

export interface ConverseOptions {
  input: NodeJS.ReadableStream;
  /** Given when the input is a terminal: line editing, a prompt, Ctrl-C asked twice. */
  tty?: { output: NodeJS.WritableStream } | undefined;
  /** The chat's language (/language), asked for each line. */
  language: () => Promise<Lang>;
  /** Ends the conversation like /quit (SIGTERM), after the line being handled. */
  shutdown?: Promise<unknown> | undefined;
}

/**
 * The local chat: a direct conversation with the core in a terminal (or over
 * piped stdin). Typing a button's key presses it, "/stats" runs a command,
 * anything else is a question; the user is a bot admin so every feature can
 * be tried without a token. It ends on /quit (/exit, 退出), end of input
 * (Ctrl-D), Ctrl-C pressed twice, or shutdown — always between two lines,
 * never in the middle of handling one.
 */
export class ConsoleAdapter implements PlatformAdapter {
  readonly platform = "console";

  constructor(
    private readonly terminal: ConsoleTerminal,
    private readonly handle: Handle,
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  routes() {
    return [];
  }
  ready(): boolean {
    return true;
  }

  async converse(options: ConverseOptions): Promise<void> {
    const { tty } = options;
    const rl = createInterface({
      input: options.input,
      output: tty?.output,
      terminal: tty !== undefined,
      prompt: PROMPT,
    });
    let closed = false;
    /** Asked to leave (Ctrl-C twice, shutdown): lines typed ahead are dropped. Input that ends is read to its end. */
    let leaving = false;
    const leave = () => {
      leaving = true;
      rl.close();
    };
    rl.once("close", () => {
      closed = true;
      this.terminal.promptShown(undefined);
    });
    let busy = false;
    let ctrlC = false;
    const prompt = () => {
      if (!tty || closed) return;
      rl.prompt();
      this.terminal.promptShown(promptOn(rl, tty.output));
    };
    // In raw mode Ctrl-C is a key, not a signal: readline reports it here.
    rl.on("SIGINT", () => {
      if (ctrlC) {
        tty?.output.write("^C\n");
        leave();
        return;
      }
      ctrlC = true;
      clearTypedLine(rl);
      tty?.output.write(`^C\n${CTRL_C_AGAIN}\n`);
      if (!busy) prompt();
    });
    options.shutdown?.then(leave, leave);
    prompt();
    let quit = false;
    for await (const raw of rl) {
      if (leaving) break;
      ctrlC = false;
      const line = raw.trim();
      if (line !== "") {
        this.terminal.promptShown(undefined);
        busy = true;
        quit = !(await this.take(line, options.language));
        busy = false;
        if (quit) break;
      }
      prompt();
    }
    rl.close();
    // Ctrl-D and Ctrl-C leave a terminal without a word otherwise (/quit said goodbye).
    if (tty && !quit) this.terminal.line(consoleStrings(await options.language()).bye);
  }

  /** Handles one typed line; false when it ends the conversation. */
  private async take(line: string, language: () => Promise<Lang>): Promise<boolean> {
    const typed = readTypedLine(line, this.terminal.shortcuts);
    const s = consoleStrings(await language());
    const base = { platform: "console", chat: CONSOLE_CHAT, user: CONSOLE_USER } as const;
    let event: CoreEvent | undefined;
    switch (typed.kind) {
      case "quit":
        this.terminal.line(s.bye);
        return false;
      case "no-button":
        this.terminal.line(s.noButton(typed.typed));
        return true;
      case "ambiguous":
        this.terminal.line(s.ambiguous(typed.typed, typed.keys));
        return true;
      case "press":
        event = { ...base, type: "action", data: typed.data };
        break;
      case "command":
        event = {
          ...base,
          type: "message",
          text: typed.text,
          addressed: true,
          command: { name: typed.name, args: typed.args },
        };
        break;
      case "question":
        event = { ...base, type: "message", text: typed.text, addressed: true };
        break;
    }
    await this.handle(event, this.reply());
    if (typed.kind === "command" && HELP_COMMANDS.has(typed.name)) this.terminal.line(s.help);
    return true;
  }

  private reply(): Reply {
    const terminal = this.terminal;
    return {
      send: async (message) => terminal.print(message),
      sendPrivate: async (message) => {
        terminal.print(message);
        return true;
      },
      // A bare ✅ / ❌ is what a chat shows as a toast; here the message after it says the same.
      ack: async (notice) => {
        if (notice && /[\p{L}\p{N}]/u.test(notice)) terminal.line(`(${notice})`);
      },
    };
  }
}

/** Empties what was typed on the prompt line (Ctrl-C drops it, as shells do). */
function clearTypedLine(rl: Interface): void {
  rl.write(null, { ctrl: true, name: "e" });
  rl.write(null, { ctrl: true, name: "u" });
}

/** Clears the prompt line before a message printed while it waits, and draws it again after. */
function promptOn(rl: Interface, output: NodeJS.WritableStream) {
  return {
    clear: () => output.write("\r\x1b[K"),
    redraw: () => rl.prompt(true),
  };
}
