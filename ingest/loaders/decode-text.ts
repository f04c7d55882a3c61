import { IngestError } from "../errors.js";

/** The encoding a text file turned out to be in. */
export type TextEncoding = "utf-8-bom" | "utf-16le" | "utf-16be" | "utf-8" | "gb18030";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const SAMPLE_BYTES = 8192;
/** Share of C0 control characters above which a "text" file is taken for binary. */
const MAX_CONTROL_SHARE = 0.05;

/**
 * Decodes a text file's bytes: a BOM decides; otherwise strict UTF-8, then
 * strict GB18030 (a superset of GBK and GB2312, which government sites still
 * serve). Binary content is rejected before any decoding is tried, because
 * GB18030 accepts most byte soup and would turn it into plausible-looking Han.
 *
 * @param file only used to name the file in the error.
 * @throws IngestError INGEST_BINARY_FILE when the bytes are not text.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const bom = detectBom(bytes);
  if (bom !== undefined) {
    // UTF-16 is full of NUL bytes, so it is checked after decoding instead.
    const text = tryDecode(bom.label, bytes);
    if (text === undefined || controlShare(text) > MAX_CONTROL_SHARE) throw binaryError(file);
    return { text, encoding: bom.encoding };
  }
  if (looksBinary(bytes)) throw binaryError(file);
  const utf8 = tryDecode("utf-8", bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: "utf-8" };
  const gb = tryDecode("gb18030", bytes);
  if (gb !== undefined) return { text: gb.replace(/^\ufeff/, ""), encoding: "gb18030" };
  throw binaryError(file);
}

/** True when the first 8 KB hold a NUL byte or too many control characters to be text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  if (n === 0) return false;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0) return true;
    if (isStrayControl(b)) controls++;
  }
  return controls / n > MAX_CONTROL_SHARE;
}

function controlShare(text: string): number {
  const sample = text.slice(0, SAMPLE_BYTES);
  if (sample.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return 1;
    if (isStrayControl(c)) controls++;
  }
  return controls / sample.length;
}

/** C0 controls other than tab, line feed, form feed and carriage return. */
function isStrayControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

interface Bom {
  label: "utf-8" | "utf-16le" | "utf-16be";
  encoding: TextEncoding;
}

function detectBom(bytes: Uint8Array): Bom | undefined {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { label: "utf-8", encoding: "utf-8-bom" };
  if (a === 0xff && b === 0xfe) return { label: "utf-16le", encoding: "utf-16le" };
  if (a === 0xfe && b === 0xff) return { label: "utf-16be", encoding: "utf-16be" };
  return undefined;
}

function tryDecode(label: string, bytes: Uint8Array): string | undefined {
  try {
    // The decoder drops a leading UTF-8/UTF-16 BOM itself (ignoreBOM defaults to false).
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function binaryError(file: string): IngestError {
  return new IngestError(
    "INGEST_BINARY_FILE",
    file,
    "this is not a text file (it holds binary data or is not valid UTF-8, UTF-16 with BOM or GB18030). " +
      "If it is a Word or PDF document, give it its real extension (.docx, .pdf); " +
      "if it is text, save it as UTF-8 or GB18030 text.",
  );
}
