/**
 * Card markdown reads `*`, `_`, `~`, `` ` ``, `[…](…)`, `#`, lists, `<at>` /
 * `<font>` tags and `:EMOJI:` codes in whatever text it is given. Document
 * and user text is shown as written by turning every such character into a
 * numeric character reference (the escape Feishu's card markdown documents),
 * so a clause can neither format nor mention nor link.
 */
const SPECIAL = /[\\`*_~[\]()#+\-!|<>&$:{}]/g;

/** Escapes text for a card markdown element. */
export function escapeCardMarkdown(text: string): string {
  return (
    text
      .replace(SPECIAL, (ch) => `&#${ch.charCodeAt(0)};`)
      // "1. " at a line start would become an ordered list.
      .replace(/^(\s*\d+)\./gm, "$1&#46;")
  );
}
