/**
 * `/qingfeng <text>`: a registered command name (or Chinese label) as the first
 * word is that command; anything else is a question. A question is passed as
 * plain addressed text rather than as the `ask` command so the core can take
 * it as the reason after a 👎, like a typed message. Empty text shows help.
 */
export function parseSlashText(
  text: string,
  isCommand: (name: string) => boolean,
): {
  text: string;
  command?: { name: string; args: string } | undefined;
} {
  const trimmed = text.trim();
  if (trimmed === "") return { text: "", command: { name: "help", args: "" } };
  const match = /^\/?(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const name = (match?.[1] ?? "").toLowerCase();
  if (isCommand(name)) return { text: trimmed, command: { name, args: match?.[2] ?? "" } };
  return { text: trimmed };
}
