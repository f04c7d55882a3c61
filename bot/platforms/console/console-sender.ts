import type { OutMessage } from "../../kernel/out-message.js";
import type { Sender } from "../../kernel/sender.js";
import type { ConsoleTerminal } from "./console-terminal.js";

/** Broadcasts to the local chat print in the terminal, like any other message there. */
export class ConsoleSender implements Sender {
  readonly platform = "console" as const;
  private next = 1;

  constructor(private readonly terminal: ConsoleTerminal) {}

  async send(_chatId: string, message: OutMessage): Promise<{ messageIds: string[] }> {
    this.terminal.print(message);
    return { messageIds: [String(this.next++)] };
  }
}
