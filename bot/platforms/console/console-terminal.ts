import { collapsedAsButtons, type OutMessage } from "../../kernel/out-message.js";
import { ButtonShortcuts } from "./button-shortcuts.js";
import { renderText } from "./render-text.js";

/**
 * The terminal the local chat prints to, shared by its conversation and its
 * sender: every message printed, answer or broadcast, makes its buttons
 * typeable. A message printed while the prompt waits for typing (a broadcast)
 * is printed above it and the prompt drawn again, keeping what was typed.
 */
export class ConsoleTerminal {
  readonly shortcuts = new ButtonShortcuts();
  /** Set by the conversation while its prompt is on screen. */
  private prompting: { clear(): void; redraw(): void } | undefined;

  /**
   * @param columns the terminal's width now (it may be resized), or undefined
   *   when the output is no terminal: then lines are not wrapped.
   */
  constructor(
    private readonly writeLine: (text: string) => void,
    private readonly columns: () => number | undefined = () => undefined,
  ) {}

  print(message: OutMessage): void {
    // Collapsed text shows as buttons here: those must be typeable too.
    this.shortcuts.remember(collapsedAsButtons(message).buttons);
    this.line(renderText(message, this.columns()));
  }

  line(text: string): void {
    const prompt = this.prompting;
    prompt?.clear();
    this.writeLine(text);
    prompt?.redraw();
  }

  promptShown(prompt: { clear(): void; redraw(): void } | undefined): void {
    this.prompting = prompt;
  }
}
