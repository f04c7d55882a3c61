/**
 * Slack's text conventions in both directions: mrkdwn needs &, < and > escaped
 * (everything else is literal), and inbound text arrives with those escaped
 * and with mentions, channels and links wrapped in <…>.
 */

/** Escapes user or document text for a mrkdwn field (also the `text` fallback). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Removes mentions of the bot (`<@U123>` or `<@U123|qingfeng>`) from inbound text. */
export function stripMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  const id = botUserId.replace(/[^A-Za-z0-9]/g, "");
  return text
    .replace(new RegExp(`<@${id}(?:\\|[^>]*)?>`, "g"), " ")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/**
 * What the user typed, from Slack's wire text: `<@U1|ann>` → "@ann",
 * `<#C1|ward>` → "#ward", `<https://x|label>` → "label", `<!here>` → "@here",
 * then &lt; &gt; &amp; unescaped (last, so "&amp;lt;" stays "&lt;").
 */
export function fromSlackText(text: string): string {
  const plain = text.replace(/<([^<>]*)>/g, (_match, inner: string) => {
    const bar = inner.indexOf("|");
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? undefined : inner.slice(bar + 1);
    if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!")) return label ?? `@${target.slice(1)}`;
    return label ?? target.replace(/^mailto:/, "");
  });
  return plain.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
