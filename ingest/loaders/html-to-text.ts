import { HTMLElement, type Node, parse, TextNode } from "node-html-parser";

/** Article text of an HTML page, one paragraph per line, and its <title>. */
export interface HtmlText {
  text: string;
  title?: string;
}

/** Elements that never hold article text. */
const DROPPED_TAGS = new Set([
  "head",
  "title",
  "script",
  "style",
  "noscript",
  "iframe",
  "nav",
  "header",
  "footer",
  "aside",
  "form",
  "template",
  "svg",
  "canvas",
  "object",
  "embed",
  "button",
  "select",
  "textarea",
]);

/** Elements that start and end a line. */
const BLOCK_TAGS = new Set([
  "html",
  "body",
  "main",
  "p",
  "div",
  "section",
  "article",
  "blockquote",
  "pre",
  "address",
  "center",
  "figure",
  "figcaption",
  "hr",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "caption",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
]);

/** class/id words that mark page chrome: editor credits, QR codes, share bars, ads, comments… */
const JUNK_WORD =
  /^(?:editor|qr|qrcode|share|sharing|footer|nav|navbar|navigation|ad|ads|advert|advertisement|comment|comments|related|recommend|recommended|recommendation)$/;

/** Enough block tags that a .txt/.md is really an HTML page. */
const HTML_START = /^\s*(?:<!doctype html|<html[\s>]|<body[\s>])/i;
const BLOCK_TAG = /<(?:p|div|br|li|h[1-6]|table|tr|td|section|article)\b[^>]*>/gi;

/** True when a text is an HTML page rather than plain text that mentions a tag or two. */
export function looksLikeHtml(text: string): boolean {
  return HTML_START.test(text) || (text.match(BLOCK_TAG)?.length ?? 0) >= 3;
}

/**
 * Extracts the article text of an HTML page: drops comments, scripts, styles
 * and page chrome (navigation, headers/footers, elements whose class or id
 * says editor/QR/share/ad/comment/related…), turns block elements into line
 * breaks, decodes entities, trims each line (full-width spaces too) and drops
 * blank lines.
 */
export function htmlToText(html: string): HtmlText {
  const root = parse(html, {
    comment: false,
    blockTextElements: { script: true, noscript: true, style: true, pre: true },
  });
  const title = squeeze(root.querySelector("title")?.text ?? "");
  const out = new LineCollector();
  walk(root, out, { visible: visibleLength(root), pre: false });
  const text = out.finish();
  return title === "" ? { text } : { text, title };
}

interface WalkState {
  /** Visible text length of the whole page, to keep a misnamed content wrapper. */
  visible: number;
  pre: boolean;
}

function walk(node: Node, out: LineCollector, state: WalkState): void {
  if (node instanceof TextNode) {
    if (state.pre) {
      const parts = node.text.split(/\r?\n/);
      parts.forEach((part, i) => {
        if (i > 0) out.breakLine();
        out.add(part.replace(/\u00a0/g, " "));
      });
    } else {
      out.add(squeezeInline(node.text));
    }
    return;
  }
  if (!(node instanceof HTMLElement)) return;
  const tag = tagOf(node);
  if (DROPPED_TAGS.has(tag) || isHidden(node)) return;
  // A wrapper named e.g. "ql-editor" may hold the article itself: only remove
  // chrome that is a minor part of the page.
  if (isChrome(node) && visibleLength(node) * 2 <= state.visible) return;
  if (tag === "br") {
    out.breakLine();
    return;
  }
  const block = BLOCK_TAGS.has(tag);
  if (block) out.breakLine();
  const inner = tag === "pre" ? { ...state, pre: true } : state;
  for (const child of node.childNodes) walk(child, out, inner);
  if (block) out.breakLine();
}

class LineCollector {
  private readonly lines: string[] = [];
  private current = "";

  add(text: string): void {
    this.current += text;
  }

  breakLine(): void {
    const line = this.current.replace(/^[ \t\u3000]+|[ \t\u3000]+$/g, "");
    if (line !== "") this.lines.push(line);
    this.current = "";
  }

  finish(): string {
    this.breakLine();
    return this.lines.join("\n");
  }
}

function tagOf(el: HTMLElement): string {
  // The parse root has no tag name.
  return (el.rawTagName ?? "").toLowerCase();
}

function isHidden(el: HTMLElement): boolean {
  return el.hasAttribute("hidden") || /display\s*:\s*none/i.test(el.getAttribute("style") ?? "");
}

function isChrome(el: HTMLElement): boolean {
  const names = `${el.getAttribute("id") ?? ""} ${el.getAttribute("class") ?? ""}`;
  if (names.trim() === "") return false;
  return names
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => JUNK_WORD.test(word));
}

function visibleLength(node: Node): number {
  if (node instanceof TextNode) return node.text.replace(/\s+/g, "").length;
  if (!(node instanceof HTMLElement)) return 0;
  const tag = tagOf(node);
  if (DROPPED_TAGS.has(tag)) return 0;
  let n = 0;
  for (const child of node.childNodes) n += visibleLength(child);
  return n;
}

/** HTML whitespace rules: runs of ASCII whitespace are one space; &nbsp; is a space. */
function squeezeInline(text: string): string {
  return text.replace(/[ \t\n\r\f\u00a0]+/g, " ");
}

function squeeze(text: string): string {
  return squeezeInline(text).trim();
}
