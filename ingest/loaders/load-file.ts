import { readFile } from "node:fs/promises";
import { IngestError } from "../errors.js";
import { docxToText } from "./docx.js";
import type { LoadedText } from "./loaded-text.js";
import { pdfToText } from "./pdf.js";
import { formatOf, SUPPORTED_EXTENSIONS, unsupportedTypeError } from "./supported-types.js";
import { emptyError, loadTextFile } from "./text-file.js";

export type { LoadedText } from "./loaded-text.js";

/**
 * Reads one source file into text, choosing the loader by extension
 * (.txt .md .markdown .html .htm .docx .pdf, any case).
 *
 * @throws IngestError with code INGEST_UNSUPPORTED_TYPE, INGEST_NOT_FOUND,
 *   INGEST_EMPTY_FILE, INGEST_BINARY_FILE, INGEST_CORRUPT_FILE or INGEST_NO_TEXT;
 *   the message names the file and says how to fix it.
 */
export async function loadFile(path: string): Promise<LoadedText> {
  const format = formatOf(path);
  if (format === undefined) throw unsupportedTypeError(path);
  const bytes = await readBytes(path);
  if (bytes.length === 0) throw emptyError(path);

  if (format === "txt" || format === "md" || format === "html") {
    const { encoding: _encoding, ...loaded } = loadTextFile(path, format, bytes);
    return loaded;
  }
  const text = format === "docx" ? await docxToText(path, bytes) : await pdfToText(path, bytes);
  if (text.trim() === "") throw noTextError(path, format);
  return { path, format, text, meta: {} };
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new IngestError(
        "INGEST_NOT_FOUND",
        path,
        `no such file (looked in ${process.cwd()} for relative paths); check the path and its spelling.`,
        { cause: error },
      );
    }
    if (code === "EISDIR") {
      throw new IngestError(
        "INGEST_UNSUPPORTED_TYPE",
        path,
        `this is a directory, not a file; give it to ingest as a directory to load every ${SUPPORTED_EXTENSIONS.join(" ")} file in it.`,
        { cause: error },
      );
    }
    throw error;
  }
}

function noTextError(path: string, format: "docx" | "pdf"): IngestError {
  const hint =
    format === "pdf"
      ? "it is probably a scan (images of pages): run OCR on it, or re-export the PDF from the original document with its text"
      : "it may hold only images or text boxes: copy the text into normal paragraphs and save it again";
  return new IngestError("INGEST_NO_TEXT", path, `the document opened but has no text; ${hint}.`);
}
