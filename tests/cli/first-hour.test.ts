import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BinRun, BUILT_CLI, runBin } from "../helpers/built-cli.js";
import { type Example, readmeCampaignFile, readmeExamples } from "./readme-examples.js";

/**
 * A new user's first hour, against the built bin (`npm run build` output):
 * every command's and sub-command's --help, unknown options, every README
 * example that works offline, and output piped into a reader that goes away.
 * Many commands run in this process through the built module's `main` (one
 * process, not a hundred); what only a real process shows — exit codes set by
 * the bin, a trace Node prints, EPIPE — is checked on child processes.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const README = join(ROOT, "README.md");
const FIXTURES = join(ROOT, "tests", "fixtures", "hospital-policy");
const STACK_LINE = /^\s+at /m;

type Main = (
  argv: string[],
  ctx: { io: { out: (t: string) => void; err: (t: string) => void; isTTY: boolean } },
) => Promise<number>;

interface Run {
  code: number;
  out: string;
  err: string;
}

let dir: string;
let env: NodeJS.ProcessEnv;
let main: Main;
const savedEnv = { ...process.env };

/** A command through the built module's `main`, in this process. */
async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function bin(
  args: string[],
  options: { closeStdout?: "at-once" | "after-first-chunk"; input?: string } = {},
): Promise<BinRun> {
  return runBin(args, { env, cwd: dir, ...options });
}

function expectClean(result: { err?: string; stderr?: string }, what: string): void {
  const err = result.err ?? result.stderr ?? "";
  expect(err, `${what}: a stack trace`).not.toMatch(STACK_LINE);
  expect(err, `${what}: EPIPE`).not.toMatch(/EPIPE/);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "qingfeng-first-hour-"));
  // Offline, no chat platform, no .env of the developer's: a fresh install.
  env = { PATH: process.env.PATH, HOME: dir, QINGFENG_DATA_DIR: join(dir, "data") };
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  main = ((await import(pathToFileURL(BUILT_CLI).href)) as { main: Main }).main;
});

afterAll(() => {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  rmSync(dir, { recursive: true, force: true });
});

/** The commands the top-level help lists, and each one's sub-commands from its own help. */
async function everyCommand(): Promise<string[][]> {
  const top = await run("--help");
  const names = [...top.out.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] ?? "");
  const commands: string[][] = [];
  for (const name of names) {
    const help = await run(name, "--help");
    const usage = help.out.split("\n\n")[0] ?? "";
    const subs = [...usage.matchAll(new RegExp(`^ {2}qingfeng ${name} ([a-z]+)`, "gm"))];
    if (subs.length === 0) commands.push([name]);
    else for (const sub of new Set(subs.map((m) => m[1] ?? ""))) commands.push([name, sub]);
  }
  return commands;
}

describe("every command answers --help and refuses unknown options (built bin)", () => {
  it("prints usage, options and an example, rc 0, and does nothing else", async () => {
    const commands = await everyCommand();
    // The list is read from the help itself; a broken help must not make it empty.
    expect(commands.map((c) => c.join(" "))).toEqual(
      expect.arrayContaining(["ask", "start", "stats", "eval", "quiz generate", "case add"]),
    );
    expect(commands.length).toBeGreaterThan(35);
    for (const command of commands) {
      const name = command.join(" ");
      for (const flag of ["--help", "-h"]) {
        const help = await run(...command, flag);
        expect(help.code, `${name} ${flag}`).toBe(0);
        expect(help.err, `${name} ${flag} wrote to stderr`).toBe("");
        expect(help.out).toMatch(new RegExp(`^Usage: qingfeng ${name}\\b`));
        expect(help.out, name).toMatch(/\nOptions:\n(.*\n)*\s+-h, --help/);
        expect(help.out, name).toMatch(new RegExp(`\\nExample:\\n {2}qingfeng ${name}\\b`));
      }
      const wrong = await run(...command, "--no-such-option");
      expect(wrong.code, `${name} --no-such-option`).toBe(2);
      expect(wrong.out).toBe("");
      expect(wrong.err.split("\n")[0]).toBe(`qingfeng ${name}: unknown option '--no-such-option'`);
      expect(wrong.err).toContain(`Usage: qingfeng ${name}`);
      expectClean(wrong, name);
    }
    // Help did nothing: no question asked, no file named --help ingested.
    const stats = JSON.parse((await run("stats", "--json")).out) as { questions: number };
    expect(stats.questions).toBe(0);
    const docs = JSON.parse((await run("docs", "--json")).out) as { source: string }[];
    expect(docs.some((d) => d.source.includes("--help"))).toBe(false);
  });

  it("groups answer --help, and a missing or unknown sub-command is a usage error", async () => {
    for (const group of ["feedback", "curated", "case", "roster", "quiz", "campaign"]) {
      const help = await run(group, "--help");
      expect(help.code, group).toBe(0);
      expect(help.out).toMatch(new RegExp(`\\nExample:\\n {2}qingfeng ${group} `));
      const missing = await run(group);
      expect(missing.code, group).toBe(2);
      expect(missing.err.split("\n")[0]).toBe(`qingfeng ${group}: missing sub-command`);
      const unknown = await run(group, "frobnicate");
      expect(unknown.code, group).toBe(2);
      expect(unknown.err.split("\n")[0]).toBe(
        `qingfeng ${group}: unknown sub-command 'frobnicate'`,
      );
    }
    expect((await run("help", "quiz")).out).toBe((await run("quiz", "--help")).out);
    expect((await run("frobnicate")).code).toBe(2);
  });

  it("a missing argument is named, as the usage line names it", async () => {
    const cases: [string[], string][] = [
      [["case", "show"], "qingfeng case show: missing ID"],
      [["case", "correct", "3"], "qingfeng case correct: missing FILE"],
      [["ask"], "qingfeng ask: missing <question>"],
      [["feedback", "rate"], "qingfeng feedback rate: missing <answer id> and up|down"],
      [["feedback", "rate", "3"], "qingfeng feedback rate: missing up|down"],
      [["ingest"], "qingfeng ingest: missing <files or directories…>"],
    ];
    for (const [args, line] of cases) {
      const result = await run(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err.split("\n")[0]).toBe(line);
    }
  });

  it("a real process: help never runs the command, usage errors are one line, rc as documented", async () => {
    const [askHelp, startHelp, unknown, noFile, noArgs, badId] = await Promise.all([
      bin(["ask", "--help"]),
      bin(["start", "--help"]),
      bin(["stats", "--bogus"]),
      bin(["eval", join(dir, "no-such-questions.jsonl")]),
      bin([]),
      bin(["case", "show", "abc"]),
    ]);
    expect(askHelp).toMatchObject({ code: 0, stderr: "" });
    expect(askHelp.stdout).toMatch(/^Usage: qingfeng ask/);
    expect(startHelp).toMatchObject({ code: 0, stderr: "" });
    expect(startHelp.stdout).toMatch(/^Usage: qingfeng start/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^qingfeng stats: unknown option '--bogus'\nUsage: /);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/^error: ENOENT: no such file or directory, open '.*'\n$/);
    expect(noArgs.code).toBe(2);
    expect(badId.code).toBe(2);
    for (const r of [askHelp, startHelp, unknown, noFile, noArgs, badId]) expectClean(r, "bin");
    // --debug is how a bug report gets its trace.
    const debug = await bin(["eval", join(dir, "no-such-questions.jsonl"), "--debug"]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK_LINE);
  });
});

/** Files the README examples name, as a user would have them. */
function prepareFiles(): void {
  mkdirSync(join(dir, "my-policies"));
  writeFileSync(
    join(dir, "my-policies", "科室规定.txt"),
    "心内科廉洁从业规定\n一、医务人员不得收受医药代表赠送的购物卡。\n二、科室不得接受医药企业安排的宴请。\n",
  );
  copyFileSync(join(FIXTURES, "integrity-rules.docx"), join(dir, "院内规定.docx"));
  copyFileSync(join(FIXTURES, "rep-reception.pdf"), join(dir, "国家文件.pdf"));
  // `eval tests/eval/staff.jsonl` as written, from a directory outside the checkout.
  symlinkSync(join(ROOT, "tests"), join(dir, "tests"));
  writeFileSync(
    join(dir, "staff.csv"),
    "name,department,telegram_id\n张三,心内科,1001\n李四,外科,1002\n王五,外科,\n",
  );
  const notice = (title: string) =>
    `# ${title}\n\n## 基本案情\n某医院心内科医生张某在2023年多次收受医药代表李某给予的回扣共计5万元，并接受其安排的宴请。\n\n## 处理结果\n给予张某党内严重警告处分，收缴违纪所得。\n\n## 案例剖析\n医务人员收受回扣、接受宴请，违反了医疗机构工作人员廉洁从业九项准则。\n`;
  writeFileSync(join(dir, "case.md"), notice("某医院医生收受回扣案"));
  writeFileSync(join(dir, "fixed.md"), notice("某医院医生收受回扣案（更正）"));
  writeFileSync(join(dir, "campaign.json"), readmeCampaignFile(README));
}

/** README examples that need what offline cannot give, with the rc the README implies. */
const EXPECTED_RC: Record<string, number> = {
  // Needs a chat model (QINGFENG_CHAT_MODEL); offline it says so in one line.
  "quiz generate --llm --count 20": 1,
};

describe("the README examples, offline on a fresh data directory (built bin)", () => {
  let examples: Example[];

  beforeAll(() => {
    prepareFiles();
    examples = readmeExamples(README).map((e) => ({
      ...e,
      args: e.args.map((a) => a.replace(/^\/abs\/path\//, `${dir}/`)),
    }));
  });

  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThan(25);
    expect(examples.map((e) => e.args.slice(0, 2).join(" "))).toEqual(
      expect.arrayContaining([
        "ask 医务人员可以收受医药企业给的回扣吗？",
        "case pause",
        "case cancel",
      ]),
    );
  });

  it("each ends with its documented exit code, no stack trace", async () => {
    // What the examples assume exists: a group subscribed to notices (as the README says,
    // `/subscribe` in the local chat), answers and three 👎 (`feedback resolve 3`).
    const subscribed = await bin(["start"], { input: "/subscribe 心内科 外科\n" });
    expect(subscribed.code, subscribed.stderr).toBe(0);
    expectClean(subscribed, "start");
    for (const q of ["药代请我吃饭可以吗？", "红包可以收吗？", "可以收购物卡吗？"]) {
      const asked = await run("ask", q, "--json");
      expect(asked.code).toBe(0);
      const { id } = JSON.parse(asked.out) as { id: number };
      expect((await run("feedback", "rate", String(id), "down")).code).toBe(0);
    }
    const cwd = process.cwd();
    process.chdir(dir); // the examples' relative paths are the user's working directory
    try {
      for (const example of examples) {
        const result = await run(...example.args);
        const key = example.args.join(" ");
        const what = `${example.line}\n${result.err}`;
        expect(result.code, what).toBe(EXPECTED_RC[key] ?? 0);
        expectClean(result, example.line);
        if (EXPECTED_RC[key]) expect(result.err.split("\n").length, what).toBeLessThanOrEqual(2);
        if (example.stdoutTo) writeFileSync(join(dir, example.stdoutTo), `${result.out}\n`);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it("a real process: the first README example, and `npm start` on closed input", async () => {
    const [first] = examples;
    if (!first) throw new Error("no README example");
    const [asked, started] = await Promise.all([bin(first.args), bin(["start"])]);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/不可以|禁止/);
    expect(started.code).toBe(0);
    for (const r of [asked, started]) expectClean(r, "bin");
  });

  it("output into a reader that went away ends quietly, rc 0 (`… | head -1`)", async () => {
    // The corpus is in and questions are drafted: stderr has nothing to say but a failure.
    expect((await run("quiz", "generate")).code).toBe(0);
    const evalFile = join(dir, "two.jsonl");
    writeFileSync(
      evalFile,
      [
        { id: "a", q: "药代请我吃饭可以吗？", expect: ["宴请"], verdict: "prohibited" },
        { id: "b", q: "可以收红包吗？", expect: ["红包"], verdict: "prohibited" },
      ]
        .map((q) => JSON.stringify(q))
        .join("\n"),
    );
    const cases: [string[], "at-once" | "after-first-chunk"][] = [
      [["quiz", "generate", "--json"], "at-once"],
      [["stats"], "at-once"],
      [["eval", evalFile], "at-once"],
      [["docs"], "at-once"],
      [["quiz", "list"], "at-once"],
      [["quiz", "export"], "after-first-chunk"],
      [["docs", "--json"], "after-first-chunk"],
    ];
    const results = await Promise.all(
      cases.map(([args, close]) => bin(args, { closeStdout: close })),
    );
    results.forEach((r, i) => {
      const name = cases[i]?.[0].join(" ");
      expect({ name, code: r.code, stderr: r.stderr }).toEqual({ name, code: 0, stderr: "" });
    });
  });
});
