import { resolve } from "node:path";
import { QingfengError } from "../kernel/errors.js";

/**
 * Configuration from the environment, validated once at start-up. Every key
 * is documented in .env.example; a bad value stops start-up with a message
 * that says how to fix it.
 */
export interface Config {
  dataDir: string;
  openai?: {
    apiKey: string;
    baseURL?: string | undefined;
    embeddingModel?: string | undefined;
    chatModel?: string | undefined;
    timeoutMs: number;
  };
  /** Who to ask when the documents do not cover a question. */
  complianceContact: string;
  /** Store askers' identities with questions (off by default for privacy). */
  storeIdentity: boolean;
  logLevel: "debug" | "info" | "warn" | "error";
  /** The one HTTP server: health checks, Slack events, Telegram webhook. */
  port: number;
  telegram?: {
    token: string;
    apiRoot?: string | undefined;
    webhook?: { url: string; secret: string } | undefined;
    admins: string[];
  };
  /** Seconds each question of a group quiz stays open. */
  quizSeconds: number;
  /** Operations: how long outages, shutdowns and redeliveries are waited for or remembered. */
  operations: {
    /** In-flight work gets this long after SIGTERM; then the process exits anyway. */
    shutdownTimeoutMs: number;
    /** Limit on each call to a chat platform while starting (and each Bot API call). */
    platformTimeoutMs: number;
    /** Processed delivery ids are kept this long to recognise redeliveries, then pruned. */
    deliveryRetentionDays: number;
  };
  /** Case-notice broadcasts: reminders, digest, local time. */
  cases: {
    reminderDays: number[];
    digest: "off" | "weekly";
    utcOffsetMinutes: number;
    /** Broadcast sends in flight at once (latency to the real APIs needs a few to reach 30/s). */
    concurrency: number;
  };
  slack?: {
    botToken: string;
    signingSecret?: string | undefined;
    appToken?: string | undefined;
    apiUrl?: string | undefined;
    admins: string[];
  };
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };

  const baseURL = str("OPENAI_BASE_URL");
  if (baseURL !== undefined && !isHttpUrl(baseURL)) {
    problems.push(
      `OPENAI_BASE_URL="${baseURL}" is not an http(s) URL — e.g. https://api.deepseek.com/v1 or http://localhost:11434/v1`,
    );
  }
  const timeoutMs = int(env, "QINGFENG_LLM_TIMEOUT_MS", 8000, problems, { min: 500, max: 120_000 });
  const logLevel = str("LOG_LEVEL") ?? "info";
  if (!["debug", "info", "warn", "error"].includes(logLevel)) {
    problems.push(`LOG_LEVEL="${logLevel}" must be one of debug, info, warn, error`);
  }
  const identity = str("QINGFENG_STORE_IDENTITY") ?? "false";
  if (!["true", "false", "1", "0"].includes(identity)) {
    problems.push(`QINGFENG_STORE_IDENTITY="${identity}" must be true or false`);
  }
  const apiKey = str("OPENAI_API_KEY");
  // A local server (Ollama, vLLM) needs no key: a base URL alone enables the provider.
  const providerOn = apiKey !== undefined || baseURL !== undefined;

  const port = int(env, "PORT", 3000, problems, { min: 0, max: 65_535 });
  const telegram = telegramConfig(str, problems);
  const slack = slackConfig(str, problems);
  const cases = {
    ...casesConfig(str, problems),
    concurrency: int(env, "QINGFENG_BROADCAST_CONCURRENCY", 4, problems, { min: 1, max: 16 }),
  };

  // Read before the check below, or a bad value would silently fall back to 30.
  const quizSeconds = int(env, "QINGFENG_QUIZ_SECONDS", 30, problems, { min: 5, max: 600 });
  const operations = {
    shutdownTimeoutMs: int(env, "QINGFENG_SHUTDOWN_TIMEOUT_MS", 10_000, problems, {
      min: 100,
      max: 300_000,
    }),
    platformTimeoutMs: int(env, "QINGFENG_PLATFORM_TIMEOUT_MS", 10_000, problems, {
      min: 100,
      max: 120_000,
    }),
    deliveryRetentionDays: int(env, "QINGFENG_DELIVERY_RETENTION_DAYS", 7, problems, {
      min: 1,
      max: 365,
    }),
  };

  if (problems.length > 0) {
    throw new QingfengError(
      "CONFIG_INVALID",
      `Invalid configuration:\n  - ${problems.join("\n  - ")}\nFix these environment variables (see .env.example) and start again.`,
    );
  }
  return {
    dataDir: resolve(str("QINGFENG_DATA_DIR") ?? "./data"),
    openai: providerOn
      ? {
          apiKey: apiKey ?? "not-needed",
          baseURL,
          embeddingModel: str("QINGFENG_EMBEDDING_MODEL"),
          chatModel: str("QINGFENG_CHAT_MODEL"),
          timeoutMs,
        }
      : undefined,
    complianceContact: str("QINGFENG_COMPLIANCE_CONTACT") ?? "医院纪检监察室 / 医务科行风办",
    storeIdentity: identity === "true" || identity === "1",
    logLevel: logLevel as Config["logLevel"],
    port,
    telegram,
    slack,
    cases,
    quizSeconds,
    operations,
  };
}

function casesConfig(str: Str, problems: string[]): Omit<Config["cases"], "concurrency"> {
  const daysRaw = str("QINGFENG_CASE_REMINDER_DAYS") ?? "1,3";
  const reminderDays =
    daysRaw === "off"
      ? []
      : daysRaw
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(Number);
  if (reminderDays.some((d) => !Number.isInteger(d) || d < 1 || d > 60))
    problems.push(
      `QINGFENG_CASE_REMINDER_DAYS="${daysRaw}" must be whole days between 1 and 60, comma-separated (e.g. 1,3), or off`,
    );
  const digest = str("QINGFENG_CASE_DIGEST") ?? "off";
  if (digest !== "off" && digest !== "weekly")
    problems.push(`QINGFENG_CASE_DIGEST="${digest}" must be off or weekly`);
  const offsetRaw = str("QINGFENG_UTC_OFFSET") ?? "+08:00";
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offsetRaw);
  if (!m) problems.push(`QINGFENG_UTC_OFFSET="${offsetRaw}" must look like +08:00`);
  const utcOffsetMinutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 480;
  return {
    reminderDays: [...new Set(reminderDays)].sort((a, b) => a - b),
    digest: digest === "weekly" ? "weekly" : "off",
    utcOffsetMinutes,
  };
}

type Str = (key: string) => string | undefined;

function ids(raw: string | undefined): string[] {
  return (raw ?? "").split(/[\s,]+/).filter(Boolean);
}

function telegramConfig(str: Str, problems: string[]): Config["telegram"] {
  const token = str("TELEGRAM_BOT_TOKEN");
  const apiRoot = str("TELEGRAM_API_ROOT");
  const url = str("TELEGRAM_WEBHOOK_URL");
  const secret = str("TELEGRAM_WEBHOOK_SECRET");
  if (!token) {
    if (url || apiRoot)
      problems.push(
        "TELEGRAM_WEBHOOK_URL / TELEGRAM_API_ROOT are set but TELEGRAM_BOT_TOKEN is not: add the token from @BotFather",
      );
    return undefined;
  }
  if (!/^\d+:[\w-]{20,}$/.test(token)) {
    problems.push(
      "TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC…): copy it again from @BotFather",
    );
  }
  if (apiRoot !== undefined && !isHttpUrl(apiRoot))
    problems.push(`TELEGRAM_API_ROOT="${apiRoot}" is not an http(s) URL`);
  if (url !== undefined) {
    if (!isHttpUrl(url)) problems.push(`TELEGRAM_WEBHOOK_URL="${url}" is not an http(s) URL`);
    if (!secret || !/^[A-Za-z0-9_-]{16,256}$/.test(secret)) {
      problems.push(
        "TELEGRAM_WEBHOOK_SECRET must be set with webhooks: 16–256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32)",
      );
    }
  }
  const admins = ids(str("TELEGRAM_ADMIN_IDS"));
  if (admins.some((a) => !/^-?\d+$/.test(a)))
    problems.push("TELEGRAM_ADMIN_IDS must be numeric Telegram user ids, comma-separated");
  return { token, apiRoot, webhook: url && secret ? { url, secret } : undefined, admins };
}

function slackConfig(str: Str, problems: string[]): Config["slack"] {
  const botToken = str("SLACK_BOT_TOKEN");
  const signingSecret = str("SLACK_SIGNING_SECRET");
  const appToken = str("SLACK_APP_TOKEN");
  const apiUrl = str("SLACK_API_URL");
  if (!botToken) {
    if (signingSecret || appToken)
      problems.push(
        "SLACK_SIGNING_SECRET / SLACK_APP_TOKEN are set but SLACK_BOT_TOKEN is not: add the xoxb- token of your Slack app",
      );
    return undefined;
  }
  if (!botToken.startsWith("xoxb-"))
    problems.push("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
  if (!signingSecret && !appToken) {
    problems.push(
      "Slack needs SLACK_SIGNING_SECRET (HTTP events on PORT) or SLACK_APP_TOKEN (xapp-…, Socket Mode)",
    );
  }
  if (appToken && !appToken.startsWith("xapp-"))
    problems.push("SLACK_APP_TOKEN must be an app-level token starting with xapp-");
  if (apiUrl !== undefined && !isHttpUrl(apiUrl))
    problems.push(`SLACK_API_URL="${apiUrl}" is not an http(s) URL`);
  return { botToken, signingSecret, appToken, apiUrl, admins: ids(str("SLACK_ADMIN_IDS")) };
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function int(
  env: Env,
  key: string,
  fallback: number,
  problems: string[],
  range: { min: number; max: number },
): number {
  const raw = env[key]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    problems.push(`${key}="${raw}" must be a whole number between ${range.min} and ${range.max}`);
    return fallback;
  }
  return n;
}
