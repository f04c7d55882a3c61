import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFile } from "../../ingest/loaders/load-file.js";
import { parseSource } from "../../ingest/parse-source.js";
import { chunkHash } from "../../knowledge/store/chunk-hash.js";
import type { DocumentDraft } from "../../knowledge/types.js";
import { SEEDS } from "./seed-text.js";

const corpus = (name: string) =>
  fileURLToPath(new URL(`../../knowledge/corpus/${name}`, import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const parse = async (path: string) => parseSource(await loadFile(path));
const hashes = (docs: DocumentDraft[]) =>
  new Set(docs.flatMap((d) => d.chunks.map((c) => chunkHash(c.text))));

describe("parseSource on the shipped corpus", () => {
  it.each(Object.values(SEEDS))(
    "produces clause-size, clean chunks with heading paths for %s",
    async (name) => {
      const docs = await parse(corpus(name));
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        expect(doc.meta.title.length).toBeGreaterThan(4);
        for (const chunk of doc.chunks) {
          expect(chunk.text.length).toBeLessThanOrEqual(600);
          expect(chunk.text).not.toMatch(/##paid|哒哒|上传人|责任编辑|<[a-z/]|https?:\/\/|第\d+页/);
          if (chunk.kind === "clause") expect(chunk.path.length).toBeGreaterThan(0);
        }
      }
    },
  );

  it("never cuts a clause mid-sentence", async () => {
    const docs = await parse(corpus(SEEDS.national2022));
    const body = docs[0]?.chunks.filter((c) => c.kind !== "row") ?? [];
    for (const chunk of body) expect(chunk.text).toMatch(/[。；：”]$/);
  });

  it("splits the compilation and the run-together scrape into their documents", async () => {
    expect((await parse(corpus(SEEDS.compilation2023))).map((d) => d.meta.title)).toHaveLength(3);
    const plans = await parse(corpus(SEEDS.plans2024));
    // One heading three times: each part is told apart by the body it names and the others do not.
    expect(plans.map((d) => d.meta.title)).toEqual([
      "2024年开展纠正药销领域和医疗服务中不正之风工作方案（市卫生计生局）",
      "2024年开展纠正药销领域和医疗服务中不正之风工作方案（市卫生健康委）",
      "2024年开展纠正药销领域和医疗服务中不正之风工作方案（县卫计局）",
    ]);
  });

  it("repairs words cut by page markers in the 2024 scrape", async () => {
    const text = (await parse(corpus(SEEDS.plans2024)))
      .flatMap((d) => d.chunks.map((c) => c.text))
      .join("");
    expect(text).toContain("接受企业捐赠资助出国(境)旅游或者以交流考察等名义变相旅游");
    expect(text).toContain("索取或收受患者及其亲友的现金、有价证券、支付凭证和贵重礼品");
  });

  it("reads the news reprint as news with its date, and its clauses equal the notice's", async () => {
    const [news] = await parse(corpus(SEEDS.news2022));
    expect(news?.meta).toMatchObject({ kind: "news", year: 2022, date: "2022-06-07" });
    const notice = hashes(await parse(corpus(SEEDS.national2022)));
    const reprint = news?.chunks.filter((c) => c.kind === "clause") ?? [];
    const shared = reprint.filter((c) => notice.has(chunkHash(c.text)));
    expect(shared.length).toBe(reprint.length);
  });

  it("turns the 2021 table into one labelled record per row", async () => {
    const [doc] = await parse(corpus(SEEDS.jilin2021));
    const rows = doc?.chunks.filter((c) => c.kind === "row") ?? [];
    expect(rows).toHaveLength(10);
    expect(rows[0]?.text).toMatch(
      /^任务：坚决维护疫苗接种工作顺利实施——.*\n责任单位：.*牵头\n完成时限：12月底前$/s,
    );
    expect(rows[0]?.fields).toMatchObject({ 完成时限: "12月底前" });
    // 吉林省 is where the table applies; the text names no issuing body.
    expect(doc?.meta).toMatchObject({ year: 2021, issuer: undefined });
  });
});

describe("parseSource on the binary fixtures", () => {
  it("finds the same clauses in the PDF as in the HTML reprint", async () => {
    const pdf = await parse(fixture("2022-national-work-points.pdf"));
    const reprint = hashes(await parse(corpus(SEEDS.news2022)));
    const clauses = pdf.flatMap((d) => d.chunks).filter((c) => c.kind === "clause");
    expect(clauses.length).toBeGreaterThanOrEqual(15);
    expect(clauses.filter((c) => reprint.has(chunkHash(c.text))).length).toBe(clauses.length);
  });

  it("structures the docx city work points", async () => {
    const docs = await parse(fixture("2023-city-work-points.docx"));
    const clause = docs
      .flatMap((d) => d.chunks)
      .find((c) => c.text.startsWith("16.加强典型案例通报力度"));
    expect(clause?.path).toEqual([
      "二、工作任务",
      "（五）切实推进工作取得实效",
      "16.加强典型案例通报力度",
    ]);
  });

  it("reads the GB18030 table like the UTF-8 one", async () => {
    const gb = await parse(fixture("2021-jilin-task-table.gb18030.txt"));
    const utf8 = await parse(corpus(SEEDS.jilin2021));
    expect([...hashes(gb)]).toEqual([...hashes(utf8)]);
  });
});
