/**
 * `npx tsx tests/bench/instances-bench.ts [questions]`: asks per second
 * through one instance on SQLite, and through one and three `qingfeng start`
 * instances (the built bin, webhook mode) on one throw-away PostgreSQL
 * cluster, behind the emulated
 * Telegram API. Each question is a DM to its own chat, posted round-robin
 * across the instances with 24 in flight; the clock stops when the last
 * answer reaches the emulator. Everything shares this machine's cores, so
 * three instances show what the database and the dedupe cost as much as
 * what they gain.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startFakeTelegramApi, textUpdate } from "../helpers/fake-telegram-api.js";
import { startPgCluster } from "../helpers/pg-cluster.js";
import { killStartedChildren, spawnStart } from "../helpers/start-child.js";

const TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop";
const SECRET = "bench-instances-secret-0123456789";
const QUESTIONS = [
  "医药代表请我吃饭可以吗？",
  "病人送的红包能收吗",
  "药企赞助我去开会可以吗",
  "可以统计医生的处方量给药商吗",
  "科室能按开单数量发提成吗",
  "患者家属送锦旗可以收吗",
];

async function run(instances: number, questions: number, sqlite = false): Promise<number> {
  const cluster = await startPgCluster();
  const tg = await startFakeTelegramApi();
  const dir = mkdtempSync(join(tmpdir(), "qingfeng-bench-instances-"));
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE qingfeng");
    await admin.end();
    const env = {
      ...(sqlite ? {} : { DATABASE_URL: cluster.urlFor("qingfeng") }),
      QINGFENG_DATA_DIR: join(dir, "data"),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      QINGFENG_PLATFORM_TIMEOUT_MS: "60000",
    };
    const bases: string[] = [];
    for (let i = 0; i < instances; i++) {
      const child = spawnStart(env, { built: true });
      bases.push(`http://127.0.0.1:${await child.port(180_000)}`);
      await child.waitForLog((l) => l.msg === "platform started", 60_000);
    }
    // Every ask rate-limited per user: each question from its own user, so none is refused.
    const updates = Array.from({ length: questions }, (_, n) => ({
      ...textUpdate(QUESTIONS[n % QUESTIONS.length] ?? "", {
        chatId: 1_000 + n,
        userId: 1_000 + n,
      }),
      update_id: 500_000 + n,
    }));
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        while (next < updates.length) {
          const n = next++;
          for (;;) {
            const res = await fetch(`${bases[n % bases.length]}/telegram/webhook`, {
              method: "POST",
              body: JSON.stringify(updates[n]),
              headers: {
                "content-type": "application/json",
                "x-telegram-bot-api-secret-token": SECRET,
              },
            });
            await res.arrayBuffer();
            if (res.status === 200) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }),
    );
    while (new Set(tg.delivered.map((d) => d.chatId)).size < questions) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return questions / ((performance.now() - started) / 1000);
  } finally {
    killStartedChildren();
    await tg.close();
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const questions = Number(process.argv[2] ?? 600);
const onSqlite = await run(1, questions, true);
const one = await run(1, questions);
const three = await run(3, questions);
console.log(
  `asks/s, ${questions} questions, ${cpus().length} cores: one instance on SQLite ${onSqlite.toFixed(1)}; ` +
    `on PostgreSQL one instance ${one.toFixed(1)}, three instances ${three.toFixed(1)}`,
);
console.log(
  JSON.stringify({
    questions,
    cores: cpus().length,
    onSqlite,
    oneInstance: one,
    threeInstances: three,
  }),
);
