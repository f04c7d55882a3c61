/**
 * Light Markdown stripping that keeps the source's lines: heading hashes,
 * emphasis, links (their text stays), images, inline code, bullets, quotes,
 * fences, rules and HTML comments go; table rows become tab-separated cells.
 * Numbered items keep their numbers: in policy text "1." is part of the clause.
 * Blank lines are dropped, so each remaining line is one paragraph.
 */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, "")
    .split(/\r\n?|\n/)
    .map(stripLine)
    .filter((line): line is string => line !== undefined && line !== "")
    .join("\n");
}

function stripLine(raw: string): string | undefined {
  const line = raw.trim();
  if (/^(?:```|~~~)/.test(line)) return undefined;
  if (/^(?:[-*_][ \t]*){3,}$/.test(line)) return undefined;
  if (/^\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?$/.test(line)) return undefined;
  let text = line
    .replace(/^(?:>[ \t]?)+/, "")
    .replace(/^#{1,6}[ \t]+/, "")
    .replace(/[ \t]+#+$/, "")
    .replace(/^[-*+][ \t]+/, "");
  if (text.startsWith("|") && text.endsWith("|") && text.length > 1) {
    text = text
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim())
      .join("\t");
  }
  return inline(text).replace(/^[ \t\u3000]+|[ \t\u3000]+$/g, "");
}

function inline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/(?<![*\w])\*(?=\S)([^*]*?\S)\*(?!\*)/g, "$1")
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1");
}
