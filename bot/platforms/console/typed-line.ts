import type { ButtonShortcuts } from "./button-shortcuts.js";

/** What one line typed in the terminal chat means. */
export type TypedLine =
  | { kind: "quit" }
  /** A button pressed: by its shortcut, or spelled out as ":data" (scripts). */
  | { kind: "press"; data: string }
  | { kind: "command"; name: string; args: string; text: string }
  | { kind: "question"; text: string }
  /** A button that cannot be pressed now: said so, never asked as a question. */
  | { kind: "no-button"; typed: string }
  | { kind: "ambiguous"; typed: string; keys: string[] };

const QUIT = new Set(["/quit", "/exit", "/q", "/退出", "退出", "quit", "exit"]);

/** Reads a trimmed, non-empty line against the buttons on screen. */
export function readTypedLine(line: string, shortcuts: ButtonShortcuts): TypedLine {
  if (QUIT.has(line.toLowerCase())) return { kind: "quit" };
  if (line.startsWith(":")) return { kind: "press", data: line.slice(1) };
  const command = /^\/(\S+)\s*([\s\S]*)$/.exec(line);
  if (command) {
    return {
      kind: "command",
      name: (command[1] ?? "").toLowerCase(),
      args: command[2] ?? "",
      text: line,
    };
  }
  const press = shortcuts.press(line);
  if (press.kind === "press") return { kind: "press", data: press.data };
  if (press.kind === "ambiguous") return { kind: "ambiguous", typed: line, keys: press.keys };
  if (press.kind === "no-button") return { kind: "no-button", typed: line };
  return { kind: "question", text: line };
}
