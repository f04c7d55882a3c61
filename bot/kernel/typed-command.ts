/**
 * A command typed as text, for platforms without native slash commands: "/quiz 5",
 * or a registered command's name or alias as the first word ("quiz 5", "统计");
 * anything else is a question (undefined). An unknown "/word" is still a command,
 * so the core can say it does not know it.
 */
export function typedCommand(
  text: string,
  isCommand: (name: string) => boolean,
): { name: string; args: string } | undefined {
  const m = /^(\/?)(\S+)\s*([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  const name = (m[2] ?? "").toLowerCase();
  if (m[1] === "/" || isCommand(name)) return { name, args: (m[3] ?? "").trim() };
  return undefined;
}
