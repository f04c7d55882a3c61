import { IngestError } from "../errors.js";
import { decodeText, type TextEncoding } from "./decode-text.js";
import { splitFrontMatter } from "./front-matter.js";
import { htmlToText, looksLikeHtml } from "./html-to-text.js";
import type { LoadedText } from "./loaded-text.js";
import { markdownToText } from "./markdown-to-text.js";

export interface LoadedTextFile extends LoadedText {
  encoding: TextEncoding;
}

/**
 * Loads a .txt/.md/.html file's bytes. Front matter is read from any of them.
 * A .txt or .md whose body is really an HTML page (scraped articles saved as
 * .txt) is converted as HTML and reported with format "html", so later steps
 * know its lines came from markup rather than from the author's line breaks.
 *
 * @throws IngestError INGEST_BINARY_FILE, INGEST_EMPTY_FILE or INGEST_NO_TEXT.
 */
export function loadTextFile(
  file: string,
  declared: "txt" | "md" | "html",
  bytes: Uint8Array,
): LoadedTextFile {
  const { text: raw, encoding } = decodeText(bytes, file);
  if (raw.trim() === "") throw emptyError(file);
  const { meta, body } = splitFrontMatter(raw);
  let format = declared;
  let text: string;
  if (declared === "html" || looksLikeHtml(body)) {
    format = "html";
    const html = htmlToText(body);
    text = html.text;
    if (meta.title === undefined && html.title !== undefined) meta.title = html.title;
  } else if (declared === "md") {
    text = markdownToText(body);
  } else {
    text = body.replace(/\r\n?/g, "\n");
  }
  if (text.trim() === "") {
    throw new IngestError(
      "INGEST_NO_TEXT",
      file,
      "the file has markup or front matter but no text to ingest; check that it is the right file " +
        "(a page saved before its content loaded is a common cause) and save the article text itself.",
    );
  }
  return { path: file, format, text, meta, encoding };
}

/** The error for a file with no bytes or only whitespace. */
export function emptyError(file: string): IngestError {
  return new IngestError(
    "INGEST_EMPTY_FILE",
    file,
    "the file is empty (or only whitespace); check that it was saved or downloaded completely, or remove it from the corpus.",
  );
}
