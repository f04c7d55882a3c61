/**
 * `npm run bench`: ingest throughput, warm and cold ask latency, index sizes
 * and memory, on the shipped corpus, on 1,000 synthetic documents added to
 * it, and on the shipped corpus plus one 5 MB document. Prints tables, then
 * one line of JSON with every figure (diff it between sessions). Targets are
 * informational: the exit code is 0 unless something crashed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, loadConfig } from "../../bot/app/config.js";
import { type KnowledgeBase, openKnowledgeBase } from "../../bot/app/knowledge-base.js";
import { DEFAULT_CORPUS_DIR, packagePath } from "../../bot/app/package-paths.js";
import { OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";
import { type BroadcastResult, broadcastBench } from "./broadcast-bench.js";
import { type ConsoleBenchResult, consoleBench } from "./console-bench.js";
import {
  childPeakRss,
  countChars,
  dirSize,
  fileSize,
  fmt,
  mb,
  peakRssMb,
  rounded,
  runChild,
  type Summary,
  summarize,
  table,
  timed,
} from "./measure.js";
import { writeLargeDocument, writeSyntheticCorpus } from "./synthetic-corpus.js";

const ROUNDS = 5;
const CLI_RUNS = 5;
const SYNTHETIC_DOCS = 1000;
const SYNTHETIC_SEED = 20_240_601;
/** One legitimately large document (a provincial compilation), on top of the seeds alone. */
const LARGE_DOCUMENT_BYTES = 5_000_000;
const CLI_QUESTION = "药代请我吃饭可以吗？";
const TARGETS = {
  seedsWarmP95Ms: 20,
  syntheticWarmP95Ms: 50,
  coldCliMs: 1000,
  seedsRssMb: 300,
  consolePageP95Ms: 100,
};

const CLI = fileURLToPath(new URL("../../bot/cli.js", import.meta.url));

interface PhaseResult {
  label: string;
  ingest: {
    files: number;
    chars: number;
    bytes: number;
    ms: number;
    charsPerSec: number;
    documents: number;
    chunks: number;
    duplicates: number;
    errors: number;
  };
  /** Opening the knowledge base after the ingest (BM25 rebuild, vectors load). */
  openMs: number;
  warm: Summary;
  cold: { runs: number[]; medianMs: number; maxMs: number; rssMb: number; rssVia: string };
  cliVerdict: string;
  index: {
    documents: number;
    chunks: number;
    dbBytes: number;
    walBytes: number;
    vectorsBytes: number;
  };
  /** Peak RSS of the bench process so far (cumulative). */
  benchPeakRssMb: number;
}

/** Short direct questions and long ones typed the way staff talk. */
function devQuestions(): string[] {
  return ["tests/eval/dev.jsonl", "tests/eval/staff.jsonl"].flatMap((file) =>
    readFileSync(packagePath(file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => (JSON.parse(l) as { q: string }).q),
  );
}

/** The child's environment: offline (no provider keys), pointed at the bench data dir. */
function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("OPENAI_") || key.startsWith("QINGFENG_")) continue;
    env[key] = value;
  }
  env.QINGFENG_DATA_DIR = dataDir;
  return env;
}

async function warmAsks(kb: KnowledgeBase, config: Config, questions: string[]): Promise<Summary> {
  const answerer = new OfflineAnswerer({
    retriever: kb.retriever,
    index: kb.index,
    contact: config.complianceContact,
  });
  for (const q of questions) await answerer.answer(q);
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) samples.push((await timed(() => answerer.answer(q))).ms);
  }
  return summarize(samples);
}

function coldCli(dataDir: string): {
  cold: PhaseResult["cold"];
  verdict: string;
} {
  const env = childEnv(dataDir);
  const args = ["ask", CLI_QUESTION, "--json"];
  const check = (run: { status: number | null; stdout: string; stderr: string }): string => {
    if (run.status !== 0) {
      throw new Error(`cold CLI ask exited with ${run.status}:\n${run.stderr}`);
    }
    return (JSON.parse(run.stdout) as { verdict: string }).verdict;
  };
  const runs: number[] = [];
  let verdict = "";
  for (let i = 0; i < CLI_RUNS; i++) {
    const run = runChild(process.execPath, [CLI, ...args], env);
    verdict = check(run);
    runs.push(run.ms);
  }
  const rss = childPeakRss(CLI, args, env);
  check(rss.run);
  const s = summarize(runs);
  return {
    cold: { runs, medianMs: s.p50, maxMs: s.max, rssMb: rss.rssMb, rssVia: rss.via },
    verdict,
  };
}

/**
 * One phase: ingest `paths` into the data dir (timed), reopen, time warm asks,
 * close, measure the files, then time cold CLI asks against them.
 */
async function phase(
  label: string,
  config: Config,
  paths: string[],
  questions: string[],
  whileOpen?: (kb: KnowledgeBase) => Promise<void>,
): Promise<PhaseResult> {
  const source = countChars(paths);
  const writer = await openKnowledgeBase(config);
  let report: Awaited<ReturnType<KnowledgeBase["ingest"]>>;
  let ingestMs: number;
  try {
    ({ value: report, ms: ingestMs } = await timed(() => writer.ingest(paths)));
  } finally {
    writer.close();
  }
  if (report.errors.length > 0) {
    process.stderr.write(`${label}: ${report.errors.length} file(s) failed to ingest, e.g.\n`);
    process.stderr.write(`  ${report.errors[0]?.message}\n`);
  }

  const { value: kb, ms: openMs } = await timed(() => openKnowledgeBase(config));
  let warm: Summary;
  let counts: Awaited<ReturnType<KnowledgeBase["store"]["counts"]>>;
  try {
    warm = await warmAsks(kb, config, questions);
    counts = await kb.store.counts();
    await whileOpen?.(kb);
  } finally {
    kb.close();
  }
  const db = join(config.dataDir, "qingfeng.db");
  const index = {
    documents: counts.documents,
    chunks: counts.chunks,
    dbBytes: fileSize(db),
    walBytes: fileSize(`${db}-wal`),
    vectorsBytes: dirSize(join(config.dataDir, "vectors")),
  };
  const { cold, verdict } = coldCli(config.dataDir);
  return {
    label,
    ingest: {
      files: source.files,
      chars: source.chars,
      bytes: source.bytes,
      ms: ingestMs,
      charsPerSec: source.chars / (ingestMs / 1000),
      documents: report.documents,
      chunks: report.chunks,
      duplicates: report.duplicates,
      errors: report.errors.length,
    },
    openMs,
    warm,
    cold,
    cliVerdict: verdict,
    index,
    benchPeakRssMb: peakRssMb(),
  };
}

function gitCommit(): string | undefined {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function print(
  results: PhaseResult[],
  synthetic: { ms: number; docs: number; largeBytes: number; largeClauses: number },
  broadcast: BroadcastResult | undefined,
  totalMs: number,
  console?: ConsoleBenchResult,
) {
  const out = (s = "") => process.stdout.write(`${s}\n`);
  out("Qingfeng bench");
  out(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${process.platform}/${process.arch}, commit ${gitCommit() ?? "?"}`,
  );
  out(`synthetic corpus: ${synthetic.docs} documents written in ${fmt(synthetic.ms, 0)} ms`);
  if (synthetic.largeBytes > 0) {
    out(
      `large document: ${fmt(synthetic.largeBytes / 1e6, 1)} MB, ${synthetic.largeClauses} clauses of real sentences (ingested on top of the seeds alone)`,
    );
  }
  out();
  out("Ingest (into the data dir; synthetic documents on top of the seeds)");
  out(
    table(
      ["phase", "files", "chars", "ms", "chars/s", "documents", "chunks", "dups", "errors"],
      results.map((r) => [
        r.label,
        String(r.ingest.files),
        String(r.ingest.chars),
        fmt(r.ingest.ms, 0),
        fmt(r.ingest.charsPerSec, 0),
        String(r.ingest.documents),
        String(r.ingest.chunks),
        String(r.ingest.duplicates),
        String(r.ingest.errors),
      ]),
    ),
  );
  out();
  out(
    `Warm ask, OfflineAnswerer.answer (ms; ${ROUNDS} rounds of the dev questions after a warm-up)`,
  );
  out(
    table(
      ["phase", "n", "p50", "p95", "max", "mean", "open ms"],
      results.map((r) => [
        r.label,
        String(r.warm.n),
        fmt(r.warm.p50, 2),
        fmt(r.warm.p95, 2),
        fmt(r.warm.max, 2),
        fmt(r.warm.mean, 2),
        fmt(r.openMs, 0),
      ]),
    ),
  );
  out();
  out(`Cold CLI: node dist/bot/cli.js ask "${CLI_QUESTION}" --json (${CLI_RUNS} runs)`);
  out(
    table(
      ["phase", "median ms", "max ms", "runs ms", "child peak RSS MB", "verdict"],
      results.map((r) => [
        r.label,
        fmt(r.cold.medianMs, 0),
        fmt(r.cold.maxMs, 0),
        r.cold.runs.map((ms) => fmt(ms, 0)).join(" "),
        `${fmt(r.cold.rssMb)} (${r.cold.rssVia})`,
        r.cliVerdict,
      ]),
    ),
  );
  out();
  out("Index on disk (after close) and bench process memory");
  out(
    table(
      ["phase", "documents", "chunks", "db MB", "wal MB", "vectors MB", "bench peak RSS MB"],
      results.map((r) => [
        r.label,
        String(r.index.documents),
        String(r.index.chunks),
        fmt(mb(r.index.dbBytes), 2),
        fmt(mb(r.index.walBytes), 2),
        fmt(mb(r.index.vectorsBytes), 2),
        fmt(r.benchPeakRssMb),
      ]),
    ),
  );
  out();
  if (broadcast) {
    out(
      `Broadcast: one case notice to ${broadcast.groups} emulated Telegram groups (dispatcher + TelegramSender over loopback HTTP, real clock)`,
    );
    out(
      table(
        [
          "groups",
          "delivered",
          "duplicates",
          "seconds",
          "msg/s",
          "of 30/s",
          "peak in 1 s",
          "publish ms",
        ],
        [
          [
            String(broadcast.groups),
            String(broadcast.uniqueGroups),
            String(broadcast.duplicates),
            fmt(broadcast.seconds, 1),
            fmt(broadcast.messagesPerSecond, 2),
            `${fmt(broadcast.ceilingShare * 100, 1)}%`,
            String(broadcast.peakPerSecond),
            fmt(broadcast.publishMs, 0),
          ],
        ],
      ),
    );
    out();
  }
  if (console) {
    out(
      `Admin console pages over loopback HTTP, signed in: ${console.documents} documents, ${console.answers} recorded answers, ${console.rounds} rounds after a warm-up (ms)`,
    );
    out(
      table(
        ["page", "KB", "p50", "p95", "max"],
        [
          ...console.pages.map((p) => [
            p.path,
            fmt(p.bytes / 1024, 0),
            fmt(p.summary.p50, 1),
            fmt(p.summary.p95, 1),
            fmt(p.summary.max, 1),
          ]),
          [
            "all pages",
            "",
            fmt(console.all.p50, 1),
            fmt(console.all.p95, 1),
            fmt(console.all.max, 1),
          ],
        ],
      ),
    );
    out();
  }
  const [seeds, syn, large] = results;
  const targets = [
    ["warm p95, seeds", seeds?.warm.p95, TARGETS.seedsWarmP95Ms, "ms"],
    ["warm p95, +1,000 docs", syn?.warm.p95, TARGETS.syntheticWarmP95Ms, "ms"],
    ["cold CLI ask median, seeds", seeds?.cold.medianMs, TARGETS.coldCliMs, "ms"],
    ["cold CLI ask median, +1,000 docs", syn?.cold.medianMs, TARGETS.coldCliMs, "ms"],
    ["warm p95, seeds + 5 MB document", large?.warm.p95, TARGETS.syntheticWarmP95Ms, "ms"],
    ["cold CLI ask median, seeds + 5 MB document", large?.cold.medianMs, TARGETS.coldCliMs, "ms"],
    ["bench peak RSS after seeds", seeds?.benchPeakRssMb, TARGETS.seedsRssMb, "MB"],
    [
      "console page p95 (worst page), 1,000 docs + 100,000 answers",
      console ? Math.max(...console.pages.map((p) => p.summary.p95)) : undefined,
      TARGETS.consolePageP95Ms,
      "ms",
    ],
    ["cold CLI peak RSS, seeds", seeds?.cold.rssMb, TARGETS.seedsRssMb, "MB"],
  ] as const;
  const verdicts: { name: string; value: number; target: string; unit: string; pass: boolean }[] =
    targets
      .filter(([, value]) => value !== undefined)
      .map(([name, value, target, unit]) => ({
        name,
        value: value ?? Number.NaN,
        target: `≤ ${target}`,
        unit,
        pass: value !== undefined && value <= target,
      }));
  if (broadcast) {
    verdicts.push(
      {
        name: "broadcast rate, share of 30/s",
        value: broadcast.ceilingShare * 100,
        target: "≥ 95",
        unit: "%",
        pass: broadcast.ceilingShare >= 0.95,
      },
      {
        name: "broadcast peak in any second",
        value: broadcast.peakPerSecond,
        target: "≤ 30",
        unit: "msgs",
        pass: broadcast.peakPerSecond <= 30,
      },
      {
        name: "broadcast duplicates / missing",
        value: broadcast.duplicates + (broadcast.groups - broadcast.uniqueGroups),
        target: "= 0",
        unit: "msgs",
        pass: broadcast.duplicates === 0 && broadcast.uniqueGroups === broadcast.groups,
      },
    );
  }
  out("Targets (informational)");
  out(
    table(
      ["target", "measured", "limit", "result"],
      verdicts.map((v) => [
        v.name,
        `${fmt(v.value)} ${v.unit}`,
        `${v.target} ${v.unit}`,
        v.pass ? "PASS" : "MISS",
      ]),
    ),
  );
  out();
  out(`total bench time ${fmt(totalMs / 1000)} s`);
  const json = {
    bench: "qingfeng",
    version: 1,
    node: process.version,
    cpus: cpus().length,
    commit: gitCommit(),
    rounds: ROUNDS,
    cliRuns: CLI_RUNS,
    phases: Object.fromEntries(results.map((r) => [r.label, { ...r, label: undefined }])),
    broadcast,
    console,
    targets: Object.fromEntries(verdicts.map((v) => [v.name, v.pass ? "PASS" : "MISS"])),
    totalMs,
  };
  out(JSON.stringify(rounded(json)));
}

async function main(): Promise<void> {
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), "qingfeng-bench-"));
  // QINGFENG_BENCH_KEEP=1 keeps the data dirs, e.g. to profile a cold ask against them.
  const keep = process.env.QINGFENG_BENCH_KEEP === "1";
  const cleanup = () => {
    if (keep) process.stderr.write(`kept bench data in ${root}\n`);
    else rmSync(root, { recursive: true, force: true });
  };
  process.once("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  try {
    // QINGFENG_BENCH_ONLY=console: the console pages on the seeds + 1,000 synthetic documents.
    if (process.env.QINGFENG_BENCH_ONLY === "console") {
      const config = loadConfig({ QINGFENG_DATA_DIR: join(root, "data") });
      const kb = await openKnowledgeBase(config);
      try {
        await kb.ensureDefaultCorpus();
        const clauses: { text: string }[] = [];
        for await (const page of kb.store.eachChunk())
          for (const chunk of page) if (chunk.kind !== "row") clauses.push({ text: chunk.text });
        const dir = join(root, "synthetic");
        writeSyntheticCorpus({ dir, count: SYNTHETIC_DOCS, seed: SYNTHETIC_SEED, clauses });
        await kb.ingest([dir]);
      } finally {
        kb.close();
      }
      const result = await consoleBench(config);
      print(
        [],
        { ms: 0, docs: 0, largeBytes: 0, largeClauses: 0 },
        undefined,
        performance.now() - started,
        result,
      );
      return;
    }
    // QINGFENG_BENCH_ONLY=broadcast runs just the broadcast (about 35 s).
    if (process.env.QINGFENG_BENCH_ONLY === "broadcast") {
      print(
        [],
        { ms: 0, docs: 0, largeBytes: 0, largeClauses: 0 },
        await broadcastBench(root),
        performance.now() - started,
      );
      return;
    }
    const config = loadConfig({ QINGFENG_DATA_DIR: join(root, "data") });
    const questions = devQuestions();
    let clauses: { text: string }[] = [];
    const seeds = await phase("seeds", config, [DEFAULT_CORPUS_DIR], questions, async (kb) => {
      for await (const page of kb.store.eachChunk()) {
        for (const chunk of page) if (chunk.kind !== "row") clauses.push({ text: chunk.text });
      }
    });
    const synDir = join(root, "synthetic");
    const { value: written, ms: writeMs } = await timed(() =>
      writeSyntheticCorpus({
        dir: synDir,
        count: SYNTHETIC_DOCS,
        seed: SYNTHETIC_SEED,
        clauses,
      }),
    );
    const large = writeLargeDocument({
      file: join(root, "large", "汇编.txt"),
      bytes: LARGE_DOCUMENT_BYTES,
      seed: SYNTHETIC_SEED,
      clauses,
    });
    clauses = [];
    const synthetic = await phase(`+${SYNTHETIC_DOCS}docs`, config, [synDir], questions);
    const consoleResult = await consoleBench(config);
    // Many clauses of one document: what a per-document scan at ask time would be slow on.
    const largeConfig = loadConfig({ QINGFENG_DATA_DIR: join(root, "data-large") });
    const seeded = await openKnowledgeBase(largeConfig);
    try {
      await seeded.ensureDefaultCorpus();
    } finally {
      seeded.close();
    }
    const largeDoc = await phase("+5MBdoc", largeConfig, large.files, questions);
    const broadcast = await broadcastBench(root);
    print(
      [seeds, synthetic, largeDoc],
      {
        ms: writeMs,
        docs: written.files.length,
        largeBytes: large.bytes,
        largeClauses: large.clauses,
      },
      broadcast,
      performance.now() - started,
      consoleResult,
    );
  } finally {
    cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
