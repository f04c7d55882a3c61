import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/app/config.js";
import { main } from "../../bot/cli.js";

describe("qingfeng CLI", () => {
  let dir: string;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "data") });
    const code = await main(argv, {
      config,
      io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false },
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ask --json ingests the shipped corpus first and prints the contract", async () => {
    const { code, out, err } = await run("ask", "药代请我吃饭可以吗？", "--json");
    expect(code).toBe(0);
    // The first-start line counts as `docs` does: a clause shared by editions once.
    const first =
      /Ingested the shipped corpus: (\d+) files holding (\d+) documents, (\d+) distinct clauses/.exec(
        err,
      );
    const docs = await run("docs");
    const summary = /(\d+) documents from (\d+) files; (\d+) distinct clauses/.exec(docs.out);
    expect(first && summary).toBeTruthy();
    expect([first?.[1], first?.[2], first?.[3]]).toEqual([
      summary?.[2],
      summary?.[1],
      summary?.[3],
    ]);
    const answer = JSON.parse(out);
    expect(Object.keys(answer)).toEqual(
      expect.arrayContaining(["question", "verdict", "answer", "citations"]),
    );
    expect(answer.verdict).toBe("prohibited");
    for (const c of answer.citations) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          "n",
          "docId",
          "title",
          "year",
          "issuer",
          "section",
          "text",
          "source",
          "score",
        ]),
      );
    }
    expect(answer.citations[0].n).toBe(1);
  });

  it("ingest reports a bad file by name and exits 1, keeping the good one", async () => {
    const bad = join(dir, "empty.txt");
    const good = join(dir, "rules.txt");
    writeFileSync(bad, "");
    writeFileSync(good, "科室规定\n一、医务人员不得收受医药代表赠送的购物卡。\n");
    const { code, out } = await run("ingest", bad, good, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.errors).toEqual([
      expect.objectContaining({ code: "INGEST_EMPTY_FILE", file: bad }),
    ]);
    expect(report.documents).toBe(1);
    const docs = await run("docs", "--json");
    expect(JSON.parse(docs.out).map((d: { source: string }) => d.source)).toContain(good);
  });

  it("eval --json prints metrics and one result per question", async () => {
    const file = join(dir, "q.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({
          id: "a",
          q: "医保卡可以违规兑付现金吗？",
          expect: ["医保卡违规兑付现金"],
          verdict: "prohibited",
        }),
        JSON.stringify({
          id: "b",
          q: "医院的WiFi密码是多少？",
          expect: [],
          verdict: "out_of_scope",
        }),
      ].join("\n"),
    );
    const { code, out } = await run("eval", file, "--json");
    expect(code).toBe(0);
    const { metrics, results } = JSON.parse(out);
    expect(metrics).toMatchObject({ "hit@1": 1, abstention: 1, verdictAccuracy: 1 });
    expect(results.map((r: { id: string; verdict: string }) => [r.id, r.verdict])).toEqual([
      ["a", "prohibited"],
      ["b", "not_covered"],
    ]);
  });

  it("remove deletes an ingested file's documents and refuses an unknown source", async () => {
    const file = join(dir, "to-remove.txt");
    writeFileSync(file, "临时规定\n一、严禁医务人员参加医药企业安排的高尔夫球活动。\n");
    await run("ingest", file);
    expect((await run("remove", file)).code).toBe(0);
    const after = await run("ask", "医药企业安排的高尔夫球活动可以参加吗？", "--json");
    expect(JSON.parse(after.out).citations.map((c: { source: string }) => c.source)).not.toContain(
      file,
    );
    expect((await run("remove", join(dir, "never-ingested.txt"))).code).toBe(1);
  });

  it("counts in English with the right plural (1 document, 2 clauses)", async () => {
    const one = join(dir, "one-rule.txt");
    writeFileSync(
      one,
      "科室规定\n一、医务人员不得收受医药代表赠送的购物卡。\n二、不得参加药企宴请。\n",
    );
    const { out } = await run("ingest", one);
    expect(out).toMatch(/\b1 document, \d+ clauses?\b/);
    expect(out).not.toMatch(/\b1 (documents|clauses)\b/);
  });

  it("runs the 👎 review queue and curated answers from the command line", async () => {
    const asked = JSON.parse((await run("ask", "医疗机构能给科室下达创收指标吗？", "--json")).out);
    expect(
      (await run("feedback", "rate", String(asked.id), "down", "--reason", "请引用本院规定")).code,
    ).toBe(0);
    const queue = JSON.parse((await run("feedback", "list", "--json")).out);
    const item = queue.find((f: { answerId: number }) => f.answerId === asked.id);
    expect(item.reason).toBe("请引用本院规定");
    const resolved = await run(
      "feedback",
      "resolve",
      String(item.id),
      "--answer",
      "不可以。科室创收指标与收入挂钩属于整治内容。",
    );
    expect(resolved.out).toMatch(/pinned standard answer #\d+ \(prohibited\)/);
    const again = JSON.parse(
      (await run("ask", "医疗机构能不能给科室下达创收指标？", "--json")).out,
    );
    expect(again.mode).toBe("curated");
    const curated = JSON.parse((await run("curated", "list", "--json")).out);
    expect(curated.map((c: { pattern: string }) => c.pattern)).toContain(
      "医疗机构能给科室下达创收指标吗？",
    );
    expect(
      (await run("curated", "add", "--pattern", "x", "--verdict", "maybe", "--answer", "y")).code,
    ).toBe(1);
    const contradicted = await run(
      "curated",
      "add",
      "--pattern",
      "药代请吃饭可以吗",
      "--verdict",
      "not_covered",
      "--answer",
      "不可以。……",
    );
    expect(contradicted.code).toBe(1);
    expect(contradicted.err).toMatch(/VERDICT_CONTRADICTS_ANSWER[\s\S]*hint: .*--verdict/);
    const unclear = await run(
      "curated",
      "add",
      "--pattern",
      "x",
      "--answer",
      "见附件。",
      "--cite",
      "1",
    );
    expect(unclear.err).toMatch(/VERDICT_UNCLEAR: .*give --verdict/);
    const stats = JSON.parse((await run("stats", "--json")).out);
    expect(stats.thumbsDown).toBeGreaterThanOrEqual(1);
  });

  it("explains a bad configuration and unknown commands", async () => {
    expect((await run("frobnicate")).code).toBe(2);
    expect(() =>
      loadConfig({ OPENAI_BASE_URL: "not a url", QINGFENG_LLM_TIMEOUT_MS: "fast" }),
    ).toThrow(
      /OPENAI_BASE_URL="not a url" is not an http\(s\) URL[\s\S]*QINGFENG_LLM_TIMEOUT_MS="fast" must be a whole number/,
    );
  });

  it("prints a typed error with its code and a fix hint", async () => {
    const missing = await run("ingest", join(dir, "no-such-file.docx"), "--json");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out).errors[0]).toMatchObject({
      code: "INGEST_NOT_FOUND",
      hint: expect.stringMatching(/path/),
    });
    const unknownCase = await run("case", "show", "9999");
    expect(unknownCase.code).toBe(1);
    expect(unknownCase.err).toMatch(/^error CASE_NOT_FOUND: .*\nhint: .*case list/m);
  });
});
