import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { IngestError } from "../../../ingest/errors.js";
import { loadFile } from "../../../ingest/loaders/load-file.js";
import { makeTempDir } from "./temp-dir.js";

/**
 * A one-page PDF in Helvetica (a standard font, so pdf.js needs its
 * standard_fonts data). Its xref offsets are wrong on purpose: pdf.js repairs
 * that but, at default verbosity, prints "Warning: Indexing all PDF objects".
 */
function brokenXrefPdf(lines: string[]): string {
  const ops = lines.map((line, i) => `${i === 0 ? "" : "0 -20 Td "}(${line}) Tj`).join(" ");
  const content = lines.length === 0 ? "" : `BT /F1 12 Tf 72 720 Td ${ops} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const body = objects.map((o, i) => `${i + 1} 0 obj\n${o}\nendobj\n`).join("");
  const xref = `xref\n0 6\n0000000000 65535 f \n${"0000000001 00000 n \n".repeat(5)}`;
  return `%PDF-1.4\n${body}${xref}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n9999\n%%EOF\n`;
}

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await tmp.cleanup();
});

describe("pdf loader", () => {
  it("repairs a damaged xref silently and splits lines by baseline", async () => {
    const path = await tmp.write("repaired.PDF", brokenXrefPdf(["Hello integrity", "Second line"]));
    const log = vi.spyOn(console, "log");
    const warn = vi.spyOn(console, "warn");
    try {
      const loaded = await loadFile(path);
      expect(loaded).toEqual({
        path,
        format: "pdf",
        text: "Hello integrity\nSecond line",
        meta: {},
      });
      expect(log).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });

  it("reports a PDF without a text layer as INGEST_NO_TEXT", async () => {
    const path = await tmp.write("scan.pdf", brokenXrefPdf([]));
    const error = await loadFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe("INGEST_NO_TEXT");
    expect((error as IngestError).message).toContain("OCR");
  });
});
