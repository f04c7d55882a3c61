import mammoth from "mammoth";
import { IngestError } from "../errors.js";

/**
 * The text of a .docx, one paragraph per line. Mammoth ends every paragraph
 * with a blank line (and empty paragraphs add more), so blank lines carry no
 * meaning here and are dropped.
 *
 * @throws IngestError INGEST_CORRUPT_FILE when the file is not a readable .docx.
 */
export async function docxToText(file: string, bytes: Buffer): Promise<string> {
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (error) {
    throw new IngestError(
      "INGEST_CORRUPT_FILE",
      file,
      `cannot read this Word document (${describe(error)}). It may be damaged, truncated, ` +
        "or an old .doc / another format renamed to .docx: open it in Word or WPS and save it again as .docx.",
      { cause: error },
    );
  }
  return raw
    .split(/\r\n?|\n/)
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((line) => line !== "")
    .join("\n");
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}
