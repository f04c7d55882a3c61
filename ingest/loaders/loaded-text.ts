/** The formats a loader can produce; a text file holding HTML reports "html". */
export type LoadedFormat = "txt" | "md" | "html" | "docx" | "pdf";

/** Metadata a file states about itself (front matter, HTML <title>). */
export interface LoadedMeta {
  title?: string;
  /** ISO yyyy-mm-dd. */
  date?: string;
  author?: string;
}

/** A file's text, one paragraph (or, for PDF, one visual line) per line. */
export interface LoadedText {
  path: string;
  format: LoadedFormat;
  text: string;
  meta: LoadedMeta;
}
