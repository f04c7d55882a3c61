import { extname } from "node:path";
import { IngestError } from "../errors.js";
import type { LoadedFormat } from "./loaded-text.js";

// A Map, not an object literal: an extension such as ".constructor" must not
// hit Object.prototype.
const FORMAT_BY_EXTENSION = new Map<string, LoadedFormat>([
  [".txt", "txt"],
  [".md", "md"],
  [".markdown", "md"],
  [".html", "html"],
  [".htm", "html"],
  [".docx", "docx"],
  [".pdf", "pdf"],
]);

/** File extensions the loaders accept, lower case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...FORMAT_BY_EXTENSION.keys()];

/** The loader format for a path, by its extension (case-insensitive); undefined if unsupported. */
export function formatOf(path: string): LoadedFormat | undefined {
  return FORMAT_BY_EXTENSION.get(extname(path).toLowerCase());
}

const CONVERSION_HINTS = new Map<string, string>([
  [".doc", "open it in Word or WPS and save it as .docx"],
  [".wps", "open it in WPS and save it as .docx"],
  [".rtf", "open it in Word or WPS and save it as .docx"],
  [".xls", "export the sheet as PDF, or save it as .html"],
  [".xlsx", "export the sheet as PDF, or save it as .html"],
  [".et", "export the sheet as PDF, or save it as .html"],
]);

/** The error for a file whose extension no loader handles. */
export function unsupportedTypeError(path: string): IngestError {
  const ext = extname(path).toLowerCase();
  const what = ext === "" ? "a file without an extension" : `a "${ext}" file`;
  const hint =
    CONVERSION_HINTS.get(ext) ?? "convert it to one of these (PDF or .docx keep the layout)";
  return new IngestError(
    "INGEST_UNSUPPORTED_TYPE",
    path,
    `cannot ingest ${what}; supported types are ${SUPPORTED_EXTENSIONS.join(" ")}. To ingest it, ${hint}.`,
  );
}
