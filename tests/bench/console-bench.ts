import type { Server } from "node:http";
import type Database from "better-sqlite3";
import { adminConsole } from "../../bot/app/admin-console.js";
import type { Config } from "../../bot/app/config.js";
import { createBot } from "../../bot/app/create-bot.js";
import { startHttpServer } from "../../bot/app/http-server.js";
import { openApp } from "../../bot/app/open-app.js";
import { CONSOLE } from "../../bot/features/console/ports.js";
import { CookieClient } from "../helpers/cookie-client.js";
import { type Summary, summarize } from "./measure.js";
import { prng } from "./synthetic-corpus.js";

export interface ConsoleBenchResult {
  documents: number;
  answers: number;
  rounds: number;
  pages: { path: string; bytes: number; summary: Summary }[];
  /** Over every page request. */
  all: Summary;
}

const QUESTIONS = [
  "药代请我吃饭可以吗？",
  "患者送的红包能收吗？",
  "医药代表可以统计处方量吗？",
  "厂家赞助的学术会议能参加吗？",
  "开单提成合规吗？",
  "医院WiFi密码是多少？",
  "收了患者的土特产要上交吗？",
  "器械公司安排的旅游可以去吗？",
  "直播带货推荐药品可以吗？",
  "食堂几点开饭？",
];
const VERDICTS = ["prohibited", "prohibited", "conditional", "info", "not_covered"] as const;

/**
 * Admin console page latency: every page over HTTP on loopback, signed in,
 * against the data dir's documents and `answers` recorded answers spread
 * over 30 days (with a few hundred ratings and 20 open 👎), the clock-free
 * way an admin would click through. p95 per page and over all pages.
 */
export async function consoleBench(
  config: Config,
  options: { answers?: number; rounds?: number } = {},
): Promise<ConsoleBenchResult> {
  const answers = options.answers ?? 100_000;
  const rounds = options.rounds ?? 20;
  const app = await openApp(config);
  let server: Server | undefined;
  try {
    seedAnswers(app.kb.db, answers);
    const bot = await createBot(app, { log: () => {}, admins: { telegram: ["9"] } });
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      routes: [],
      ready: () => true,
      log: () => {},
      mounts: [adminConsole(app, bot, () => {})],
    });
    const address = server.address();
    const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const client = new CookieClient(origin);
    const token = await bot.services.get(CONSOLE).issueLink("telegram", "9");
    const signed = await client.signInWithLink(`${origin}/admin/signin?token=${token}`);
    if (signed.status !== 303) throw new Error(`bench sign-in failed: ${signed.status}`);
    const docs = await app.kb.store.listDocuments();
    const biggest = [...docs].sort((a, b) => b.chunkCount - a.chunkCount)[0];
    const paths = [
      "/admin",
      "/admin/answers",
      "/admin/answers?verdict=not_covered",
      "/admin/answers?kind=gift-from-patient",
      "/admin/documents",
      `/admin/documents/${biggest?.id ?? 1}`,
      "/admin/notices",
      "/admin/quiz",
      "/admin/campaigns",
      "/admin/roster",
    ];
    const samples = new Map<string, number[]>(paths.map((p) => [p, []]));
    const bytes = new Map<string, number>();
    // One warm-up round: the first request of each page loads its modules.
    for (const path of paths) await client.get(path);
    for (let r = 0; r < rounds; r++)
      for (const path of paths) {
        const started = performance.now();
        const res = await client.get(path);
        const body = await res.arrayBuffer();
        samples.get(path)?.push(performance.now() - started);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        bytes.set(path, body.byteLength);
      }
    return {
      documents: docs.length,
      answers,
      rounds,
      pages: paths.map((path) => ({
        path,
        bytes: bytes.get(path) ?? 0,
        summary: summarize(samples.get(path) ?? []),
      })),
      all: summarize([...samples.values()].flat()),
    };
  } finally {
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    }
    app.close();
  }
}

/** `count` answers over the last 30 days in one transaction (records.record would take minutes). */
function seedAnswers(db: Database.Database, count: number): void {
  const random = prng(16);
  const now = Date.now();
  const insert = db.prepare(
    `INSERT INTO answers (question, verdict, mode, answer, citations, topic, asked_at)
     VALUES (?, ?, 'offline', ?, '[]', ?, ?)`,
  );
  const rate = db.prepare(
    "INSERT INTO feedback (answer_id, rating, reason, created_at) VALUES (?, ?, NULL, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const question = QUESTIONS[Math.floor(random() * QUESTIONS.length)] ?? "";
      const verdict = VERDICTS[Math.floor(random() * VERDICTS.length)] ?? "info";
      const at = new Date(now - Math.floor(random() * 30 * 86_400_000)).toISOString();
      const id = insert.run(
        question,
        verdict,
        "不可以。",
        verdict === "not_covered" ? null : "宴请",
        at,
      ).lastInsertRowid;
      // Every 200th answer is rated; 20 👎 stay open for review.
      if (i % 200 === 0) rate.run(id, i % 1000 === 0 ? -1 : 1, at);
    }
  })();
}
