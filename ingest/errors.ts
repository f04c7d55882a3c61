import { defineErrorHints, QingfengError } from "../lib/errors.js";

export { type ErrorCode, isQingfengError, QingfengError } from "../lib/errors.js";

declare module "../lib/errors.js" {
  interface ErrorCodes {
    INGEST_EMPTY_FILE: true;
    INGEST_BINARY_FILE: true;
    INGEST_UNSUPPORTED_TYPE: true;
    INGEST_CORRUPT_FILE: true;
    INGEST_NOT_FOUND: true;
    INGEST_NO_TEXT: true;
    INGEST_NOT_LANGUAGE: true;
    INGEST_SYMLINK_LOOP: true;
  }
}

/** An ingest failure that names the file it is about. */
export class IngestError extends QingfengError {
  readonly file: string;

  constructor(
    code: ConstructorParameters<typeof QingfengError>[0],
    file: string,
    message: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(code, `${file}: ${message}`, options);
    this.name = "IngestError";
    this.file = file;
  }
}

defineErrorHints({
  INGEST_EMPTY_FILE: "The file has no content: check it was exported completely.",
  INGEST_BINARY_FILE: "Save the document as .txt, .md, .html, .docx or .pdf and ingest that.",
  INGEST_UNSUPPORTED_TYPE: "Supported: .txt .md .html .docx .pdf; convert other formats first.",
  INGEST_CORRUPT_FILE: "Open the file in its editor and save it again, or export it as PDF.",
  INGEST_NOT_FOUND: "Check the path (relative paths are from the current directory).",
  INGEST_NO_TEXT:
    "A scanned PDF has no text layer: run OCR on it (or ask for the Word original) and ingest that.",
  INGEST_SYMLINK_LOOP: "Remove the looping link or ingest the real directory.",
  INGEST_NOT_LANGUAGE:
    "Open the file and check it is the document you meant; if it is, export it again from the original as .docx, .pdf or UTF-8 text.",
});
