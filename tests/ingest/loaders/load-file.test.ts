import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { IngestError } from "../../../ingest/errors.js";
import { loadFile } from "../../../ingest/loaders/load-file.js";
import { fixture, makeTempDir } from "./temp-dir.js";

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await tmp.cleanup();
});

/** Loads a file that must fail, and returns the IngestError. */
async function failure(path: string): Promise<IngestError> {
  const error = await loadFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  const ingest = error as IngestError;
  expect(ingest.file).toBe(path);
  expect(ingest.message.startsWith(`${path}: `)).toBe(true);
  return ingest;
}

describe("loadFile: text files", () => {
  it("loads the GB18030 task table as txt, tabs kept", async () => {
    const loaded = await loadFile(fixture("2021-jilin-task-table.gb18030.txt"));
    expect(loaded.format).toBe("txt");
    expect(loaded.text).toContain("重点任务");
    expect(loaded.text).toContain("责任单位");
    expect(loaded.text).toMatch(/^\t12月底前$/m);
    expect(loaded.meta).toEqual({});
  });

  it("loads UTF-8 and UTF-16 (BOM) text with line breaks normalised", async () => {
    const body = "关于加强行风建设的通知\r\n一、总体要求\r\n";
    const utf8 = await tmp.write("utf8.txt", Buffer.from(body, "utf8"));
    const utf16 = await tmp.write(
      "utf16.TXT",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, "utf16le")]),
    );
    for (const path of [utf8, utf16]) {
      const loaded = await loadFile(path);
      expect(loaded).toEqual({
        path,
        format: "txt",
        text: "关于加强行风建设的通知\n一、总体要求\n",
        meta: {},
      });
    }
  });

  it("sends a .txt holding front matter + HTML through the HTML path, as format html", async () => {
    const page = [
      "",
      "---",
      "title: '九部门：严肃查处直播带货'",
      "author: 新浪财经",
      "date: Tue, 07 Jun 2022 07:07:02 GMT",
      "---",
      "",
      "<div>",
      "<p>　　原标题：九部门印发工作要点</p>",
      "<p>　　（一）切实加强党对纠风工作的&ldquo;全面领导&rdquo;。</p><!-- news_keyword_pub -->",
      "<!-- 文末二维码 start -->",
      "<style>.appendQr_wrap&#123;border:1px solid #E6E6E6;&#125;</style>",
      '<div class="clearfix appendQr_wrap"><div class="appendQr_normal_txt">海量资讯、精准解读，尽在新浪财经APP</div></div>',
      '<p class="article-editor">责任编辑：王蒙 </p>',
      "</div>",
    ].join("\n");
    const path = await tmp.write("article.txt", page);
    const loaded = await loadFile(path);
    expect(loaded.format).toBe("html");
    expect(loaded.text).toBe(
      "原标题：九部门印发工作要点\n（一）切实加强党对纠风工作的“全面领导”。",
    );
    expect(loaded.meta).toEqual({
      title: "九部门：严肃查处直播带货",
      date: "2022-06-07",
      author: "新浪财经",
    });
  });

  it("keeps a .txt with front matter but a plain body as txt, lines intact", async () => {
    const path = await tmp.write(
      "plain.txt",
      "---\ntitle: 工作要点\ndate: 2023-05-10\n---\n一、总体要求\n二、工作任务\n",
    );
    const loaded = await loadFile(path);
    expect(loaded).toMatchObject({ format: "txt", text: "一、总体要求\n二、工作任务\n" });
    expect(loaded.meta).toEqual({ title: "工作要点", date: "2023-05-10" });
  });

  it("strips Markdown and reads .html files with their <title>", async () => {
    const md = await tmp.write(
      "notes.Markdown",
      "## 二、工作任务\n\n**严禁**收受[回扣](http://x)。\n",
    );
    expect(await loadFile(md)).toMatchObject({
      format: "md",
      text: "二、工作任务\n严禁收受回扣。",
    });

    const html = await tmp.write("page.HTM", "<title>通知</title><p>第一段</p><p>第二段</p>");
    expect(await loadFile(html)).toMatchObject({
      format: "html",
      text: "第一段\n第二段",
      meta: { title: "通知" },
    });
  });
});

describe("loadFile: Word and PDF", () => {
  it("reads the city 2023 work points from .docx, one paragraph per line", async () => {
    const loaded = await loadFile(fixture("2023-city-work-points.docx"));
    expect(loaded.format).toBe("docx");
    const lines = loaded.text.split("\n");
    expect(lines[0]).toBe("市2023年纠正医药购销领域和医疗服务中不正之风工作要点");
    expect(lines).toContain("一、总体要求");
    expect(loaded.text).toContain("加强典型案例通报力度");
    expect(lines.every((line) => line.trim() !== "" && line === line.trim())).toBe(true);
    // Each paragraph is whole: the long introduction is one line, from its start to its full stop.
    expect(lines[1]).toMatch(/^为贯彻落实.*特制定本市工作要点。$/);
  });

  it("reads the PDF's text layer as faithful, hard-wrapped lines without printing", async () => {
    const log = vi.spyOn(console, "log");
    const warn = vi.spyOn(console, "warn");
    try {
      const loaded = await loadFile(fixture("2022-national-work-points.pdf"));
      expect(loaded.format).toBe("pdf");
      expect(loaded.text).toContain("直播带货");
      const lines = loaded.text.split("\n");
      expect(lines[0]).toBe("2022 年纠正医药购销领域和医疗服务中不正之风工作要点");
      expect(lines).not.toContain("");
      // Wrapped mid-sentence, exactly where the page column ended.
      const wrapped = lines.findIndex((line) => line.endsWith("中国特色社会"));
      expect(wrapped).toBeGreaterThan(0);
      expect(lines[wrapped + 1]?.startsWith("主义思想为指导")).toBe(true);
      const paragraphs = lines.filter(
        (line) => /[。：]$/.test(line) || /^[一二三四五六七八九十]+、/.test(line),
      );
      expect(lines.length).toBeGreaterThan(paragraphs.length * 1.5);
      // Both pages are there: the last clause ends the text.
      expect(lines.at(-1)).toBe("氛围。");
      expect(log).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });
});

describe("loadFile: failures", () => {
  it("reports a truncated PDF as corrupt, naming the file and keeping the cause", async () => {
    const path = fixture("truncated.pdf");
    const error = await failure(path);
    expect(error.code).toBe("INGEST_CORRUPT_FILE");
    expect(error.message).toContain("truncated.pdf");
    expect(error.message).toContain("re-export the PDF");
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("reports random bytes named .docx as corrupt", async () => {
    const error = await failure(await tmp.write("fake.docx", randomBytes(2048)));
    expect(error.code).toBe("INGEST_CORRUPT_FILE");
    expect(error.message).toContain("save it again as .docx");
    expect(error.cause).toBeDefined();
  });

  it("reports empty and whitespace-only files as empty", async () => {
    for (const [name, content] of [
      ["empty.txt", ""],
      ["blank.md", " \r\n\t\u3000\n"],
      ["empty.pdf", ""],
    ] as const) {
      expect((await failure(await tmp.write(name, content))).code).toBe("INGEST_EMPTY_FILE");
    }
  });

  it("reports binary content behind a .txt extension", async () => {
    const bytes = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(64)]);
    const error = await failure(await tmp.write("archive.txt", bytes));
    expect(error.code).toBe("INGEST_BINARY_FILE");
    expect(error.message).toContain("save it as UTF-8 or GB18030 text");
  });

  it("reports HTML with no text as having no text", async () => {
    const path = await tmp.write(
      "shell.html",
      "<html><head><title>x</title></head><body><script>1</script></body></html>",
    );
    expect((await failure(path)).code).toBe("INGEST_NO_TEXT");
  });

  it("rejects unsupported types before reading, listing the supported ones", async () => {
    const error = await failure(await tmp.write("tasks.xlsx", randomBytes(16)));
    expect(error.code).toBe("INGEST_UNSUPPORTED_TYPE");
    expect(error.message).toContain(".txt .md .markdown .html .htm .docx .pdf");
  });

  it("reports a missing file as not found", async () => {
    const error = await failure(`${tmp.dir}/missing.pdf`);
    expect(error.code).toBe("INGEST_NOT_FOUND");
    expect(error.message).toContain("check the path");
  });
});
