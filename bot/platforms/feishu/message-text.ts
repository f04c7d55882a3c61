/** A mention in a received message: its placeholder key in the text and whom it names. */
export interface Mention {
  key: string;
  openId: string | undefined;
  name: string;
}

/**
 * The words of a received message's `content` (a JSON string): a text
 * message's text, or a rich-text (post) message's title and text runs, with
 * `at` runs as their placeholder keys. Undefined for content that is not
 * words (images, files, stickers) or not the JSON it claims to be.
 */
export function contentText(messageType: string, content: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  if (messageType === "text") return typeof parsed.text === "string" ? parsed.text : undefined;
  if (messageType !== "post") return undefined;
  // A received post is {title, content}; one built for sending may be keyed by locale.
  const post = Array.isArray(parsed.content)
    ? parsed
    : Object.values(parsed).find((v) => isRecord(v) && Array.isArray(v.content));
  if (!isRecord(post) || !Array.isArray(post.content)) return undefined;
  const lines = post.content.map((line: unknown) =>
    Array.isArray(line) ? line.map(runText).join("") : "",
  );
  const title = typeof post.title === "string" && post.title.trim() !== "" ? [post.title] : [];
  return [...title, ...lines].join("\n");
}

function runText(run: unknown): string {
  if (!isRecord(run)) return "";
  if ((run.tag === "text" || run.tag === "a") && typeof run.text === "string") return run.text;
  if (run.tag === "at" && typeof run.user_id === "string") return run.user_id;
  return "";
}

/**
 * The text as the user meant it: mentions of the bot removed (and reported),
 * other mentions as "@name".
 */
export function resolveMentions(
  text: string,
  mentions: Mention[],
  botOpenId: string,
): { text: string; mentionsBot: boolean } {
  let out = text;
  let mentionsBot = false;
  // Longest keys first: "@_user_10" must not be read as "@_user_1" and a "0".
  for (const m of [...mentions].sort((a, b) => b.key.length - a.key.length)) {
    if (m.key === "") continue;
    const isBot = m.openId === botOpenId;
    mentionsBot ||= isBot && out.includes(m.key);
    out = out.split(m.key).join(isBot ? " " : `@${m.name}`);
  }
  return { text: out.replace(/[ \t]{2,}/g, " ").trim(), mentionsBot };
}

/**
 * "/quiz 5" → { name: "quiz", args: "5" }; in a group where the bot was
 * @mentioned, "quiz 5" too when "quiz" names a registered command (as on
 * Slack). Anything else is a question.
 */
export function parseCommand(
  text: string,
  options: { mentionedInGroup: boolean; isCommand: (name: string) => boolean },
): { name: string; args: string } | undefined {
  const slash = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
  if (slash) return { name: (slash[1] ?? "").toLowerCase(), args: (slash[2] ?? "").trim() };
  if (!options.mentionedInGroup) return undefined;
  const word = /^(\S+)\s*([\s\S]*)$/.exec(text);
  const name = (word?.[1] ?? "").toLowerCase();
  return name !== "" && options.isCommand(name)
    ? { name, args: (word?.[2] ?? "").trim() }
    : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
