import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { IngestError } from "../errors.js";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

/**
 * The text layer of a PDF as faithful visual lines: one line per text line on
 * the page, pages joined with "\n". Hard wraps and spaces such as "2022 年"
 * are kept; the cleaning step repairs them, knowing more about the text.
 *
 * @throws IngestError INGEST_CORRUPT_FILE when pdf.js cannot open the file.
 */
export async function pdfToText(file: string, bytes: Uint8Array): Promise<string> {
  const pdfjs = await loadPdfJs();
  const assets = assetDirs();
  const task = pdfjs.getDocument({
    // A copy: pdf.js takes ownership of the buffer it is given.
    data: new Uint8Array(bytes),
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    cMapUrl: assets.cMaps,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFonts,
  });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (error) {
      throw openError(file, error);
    }
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageLines(content.items).join("\n"));
      page.cleanup();
    }
    return pages.join("\n");
  } finally {
    await task.destroy();
  }
}

interface PositionedText {
  str: string;
  hasEOL: boolean;
  transform: number[];
  height: number;
}

/** Groups a page's text items into lines: a line ends at hasEOL or when the baseline moves. */
function pageLines(items: readonly (PositionedText | object)[]): string[] {
  const lines: string[] = [];
  let current = "";
  let baseline: number | undefined;
  for (const item of items) {
    if (!isText(item)) continue;
    const y = item.transform[5] ?? 0;
    // Sub/superscripts shift a little; only a move of half a glyph height is a new line.
    const tolerance = Math.max(1, item.height / 2);
    if (current !== "" && baseline !== undefined && Math.abs(y - baseline) > tolerance) {
      lines.push(current);
      current = "";
    }
    if (current === "") baseline = y;
    current += item.str;
    // pdf.js emits empty EOL items at line ends it inferred; they must not
    // produce blank lines after a line already ended by a baseline move.
    if (item.hasEOL && current !== "") {
      lines.push(current);
      current = "";
    }
  }
  if (current !== "") lines.push(current);
  return lines;
}

function isText(item: object): item is PositionedText {
  return "str" in item && "transform" in item;
}

function openError(file: string, error: unknown): IngestError {
  const name = error instanceof Error ? error.name : "";
  const reason =
    name === "PasswordException"
      ? "it is password-protected: remove the password (print or export it to a new PDF) and ingest that"
      : "it is damaged or truncated: download it again or re-export the PDF from its source document";
  const detail = error instanceof Error ? ` (${error.message})` : "";
  return new IngestError("INGEST_CORRUPT_FILE", file, `cannot open this PDF${detail}; ${reason}.`, {
    cause: error,
  });
}

let pdfjsModule: Promise<PdfJs> | undefined;

// Loaded on first use: pdf.js is large and most runs ingest no PDF.
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjsModule;
}

/** pdf.js's own CMaps (needed for CJK fonts) and standard fonts, as directory paths. */
function assetDirs(): { cMaps: string; standardFonts: string } {
  const root = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return { cMaps: join(root, "cmaps") + sep, standardFonts: join(root, "standard_fonts") + sep };
}
