import { resolve } from "node:path";
import { isHttpUrl } from "../../lib/config-values.js";
import { QingfengError } from "../kernel/errors.js";
import type { Platform } from "../kernel/events.js";
import type { AnyPlatform, EnvReader } from "../kernel/platform.js";
import type { Settings } from "../kernel/settings.js";
import { PLATFORMS } from "./platforms.js";

/**
 * Configuration from the environment, validated once at start-up: the
 * product's settings and, for every registered platform, its own section
 * (undefined when not configured). Every key is documented in .env.example; a
 * bad value stops start-up with a message that says how to fix it.
 */
export interface Config extends Settings {
  /** Each configured platform's settings, by platform id, as its descriptor read them. */
  platforms: ReadonlyMap<Platform, unknown>;
  /**
   * The environment this config was read from (trimmed; undefined when blank), so a
   * platform registered with the bot but not in the build's registry reads its keys
   * with the same rules (see platformSettings).
   */
  env: EnvReader;
  /**
   * DATABASE_URL: postgres://… puts every bot store on that PostgreSQL
   * database, shared by several instances; undefined keeps the embedded
   * SQLite file in the data directory.
   */
  databaseUrl?: string | undefined;
}

type Env = Record<string, string | undefined>;

export function loadConfig(
  env: Env = process.env,
  platforms: readonly AnyPlatform[] = PLATFORMS,
): Config {
  const problems: string[] = [];
  const str = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  // All of them first, before anything else reads a number: none can slip past the check.
  const { numbers, refused } = readNumbers(str);

  const baseURL = str("OPENAI_BASE_URL");
  if (baseURL !== undefined && !isHttpUrl(baseURL)) {
    problems.push(
      `OPENAI_BASE_URL="${baseURL}" is not an http(s) URL — e.g. https://api.deepseek.com/v1 or http://localhost:11434/v1`,
    );
  }
  const logLevel = str("LOG_LEVEL") ?? "info";
  if (!["debug", "info", "warn", "error"].includes(logLevel)) {
    problems.push(`LOG_LEVEL="${logLevel}" must be one of debug, info, warn, error`);
  }
  const identity = str("QINGFENG_STORE_IDENTITY") ?? "false";
  if (!["true", "false", "1", "0"].includes(identity)) {
    problems.push(`QINGFENG_STORE_IDENTITY="${identity}" must be true or false`);
  }
  const databaseUrl = str("DATABASE_URL");
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    problems.push(
      `DATABASE_URL is not a PostgreSQL URL — e.g. postgres://qingfeng:secret@db.internal:5432/qingfeng (unset it for the embedded SQLite default)`,
    );
  }
  const consoleUrl = str("QINGFENG_CONSOLE_URL");
  if (consoleUrl !== undefined && !isHttpUrl(consoleUrl)) {
    problems.push(
      `QINGFENG_CONSOLE_URL="${consoleUrl}" is not an http(s) URL — e.g. https://qingfeng.example-hospital.cn/admin`,
    );
  }
  const apiKey = str("OPENAI_API_KEY");
  // A local server (Ollama, vLLM) needs no key: a base URL alone enables the provider.
  const providerOn = apiKey !== undefined || baseURL !== undefined;

  const platformConfigs = new Map<Platform, unknown>();
  for (const platform of platforms) {
    const config = platform.readConfig(str, problems);
    if (config !== undefined) platformConfigs.set(platform.id, config);
  }
  const cases = {
    ...casesConfig(str, problems),
    concurrency: numbers.broadcastConcurrency,
  };

  problems.push(...refused.map(numberProblem));
  if (problems.length > 0) throw configError(problems, refused);
  return {
    dataDir: resolve(str("QINGFENG_DATA_DIR") ?? "./data"),
    openai: providerOn
      ? {
          apiKey: apiKey ?? "not-needed",
          baseURL,
          embeddingModel: str("QINGFENG_EMBEDDING_MODEL"),
          chatModel: str("QINGFENG_CHAT_MODEL"),
          timeoutMs: numbers.llmTimeoutMs,
        }
      : undefined,
    complianceContact: str("QINGFENG_COMPLIANCE_CONTACT") ?? "医院纪检监察室 / 医务科行风办",
    storeIdentity: identity === "true" || identity === "1",
    logLevel: logLevel as Settings["logLevel"],
    port: numbers.port,
    console: {
      publicUrl: consoleUrl?.replace(/\/+$/, ""),
      idleMinutes: numbers.consoleIdleMinutes,
    },
    platforms: platformConfigs,
    env: str,
    databaseUrl,
    cases,
    quizSeconds: numbers.quizSeconds,
    operations: {
      shutdownTimeoutMs: numbers.shutdownTimeoutMs,
      platformTimeoutMs: numbers.platformTimeoutMs,
      deliveryRetentionDays: numbers.deliveryRetentionDays,
    },
  };
}

/**
 * The settings of each of these platforms by id (configured ones only): as
 * loadConfig read them, or — for a platform registered with the bot but not in
 * the build's registry — read now from the same environment with the same
 * checks. Registering a platform is then one line wherever the platform list
 * is given, not one there and another here.
 */
export function platformSettings(
  config: Config,
  platforms: readonly AnyPlatform[],
): Map<Platform, unknown> {
  const problems: string[] = [];
  const settings = new Map<Platform, unknown>();
  for (const platform of platforms) {
    const read = config.platforms.has(platform.id)
      ? config.platforms.get(platform.id)
      : platform.readConfig(config.env, problems);
    if (read !== undefined) settings.set(platform.id, read);
  }
  if (problems.length > 0) throw configError(problems);
  return settings;
}

/** One error for everything wrong, so a fix is never followed by the next complaint. */
function configError(problems: string[], refused: RefusedNumber[] = []): QingfengError {
  // The hint names each refused number's key and what it takes, so the fix needs no lookup.
  const hint = refused
    .map(
      ({ setting: s }, i) =>
        `${i === 0 ? "Set" : "set"} ${s.key} to a whole number between ${s.min} and ${s.max} (digits only), or remove it for the default ${s.fallback}`,
    )
    .join("; ");
  return new QingfengError(
    "CONFIG_INVALID",
    `Invalid configuration:\n  - ${problems.join("\n  - ")}\nFix these environment variables (see .env.example) and start again.`,
    hint ? { hint: `${hint}; then start again (see .env.example).` } : undefined,
  );
}

function casesConfig(str: Str, problems: string[]): Omit<Settings["cases"], "concurrency"> {
  const daysRaw = str("QINGFENG_CASE_REMINDER_DAYS") ?? "1,3";
  const reminderDays =
    daysRaw === "off"
      ? []
      : daysRaw
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((d) => (/^\d+$/.test(d) ? Number(d) : Number.NaN));
  if (reminderDays.some((d) => !(d >= 1 && d <= 60)))
    problems.push(
      `QINGFENG_CASE_REMINDER_DAYS="${daysRaw}" must be whole days between 1 and 60, comma-separated (e.g. 1,3), or off`,
    );
  const digest = str("QINGFENG_CASE_DIGEST") ?? "off";
  if (digest !== "off" && digest !== "weekly")
    problems.push(`QINGFENG_CASE_DIGEST="${digest}" must be off or weekly`);
  const offsetRaw = str("QINGFENG_UTC_OFFSET") ?? "+08:00";
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offsetRaw);
  const offset = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : Number.NaN;
  // Real offsets run from -12:00 to +14:00 with minutes below 60; "+08:99" is a typo, not a zone.
  if (!(offset >= -12 * 60 && offset <= 14 * 60 && Number(m?.[3]) < 60))
    problems.push(
      `QINGFENG_UTC_OFFSET="${offsetRaw}" must look like +08:00, between -12:00 and +14:00`,
    );
  return {
    reminderDays: [...new Set(reminderDays)].sort((a, b) => a - b),
    digest: digest === "weekly" ? "weekly" : "off",
    // NaN only with a problem pushed, and then loadConfig throws.
    utcOffsetMinutes: offset,
  };
}

type Str = (key: string) => string | undefined;

interface NumericSetting {
  key: string;
  fallback: number;
  min: number;
  max: number;
}

/** Every whole-number setting, with its default and the range start-up accepts. */
export const NUMERIC_SETTINGS = {
  port: { key: "PORT", fallback: 3000, min: 0, max: 65_535 },
  llmTimeoutMs: { key: "QINGFENG_LLM_TIMEOUT_MS", fallback: 8000, min: 500, max: 120_000 },
  broadcastConcurrency: { key: "QINGFENG_BROADCAST_CONCURRENCY", fallback: 4, min: 1, max: 16 },
  quizSeconds: { key: "QINGFENG_QUIZ_SECONDS", fallback: 30, min: 5, max: 600 },
  shutdownTimeoutMs: {
    key: "QINGFENG_SHUTDOWN_TIMEOUT_MS",
    fallback: 10_000,
    min: 100,
    max: 300_000,
  },
  platformTimeoutMs: {
    key: "QINGFENG_PLATFORM_TIMEOUT_MS",
    fallback: 10_000,
    min: 100,
    max: 120_000,
  },
  deliveryRetentionDays: { key: "QINGFENG_DELIVERY_RETENTION_DAYS", fallback: 7, min: 1, max: 365 },
  consoleIdleMinutes: { key: "QINGFENG_CONSOLE_IDLE_MINUTES", fallback: 30, min: 1, max: 1440 },
} as const satisfies Record<string, NumericSetting>;

interface RefusedNumber {
  setting: NumericSetting;
  raw: string;
}

/**
 * Reads every numeric setting. Only decimal digits count as a whole number:
 * Number() would also take "1e1", "0x1e" or "30.0" and turn a typo into a
 * setting nobody wrote.
 */
function readNumbers(str: Str): {
  numbers: Record<keyof typeof NUMERIC_SETTINGS, number>;
  refused: RefusedNumber[];
} {
  const refused: RefusedNumber[] = [];
  const numbers = {} as Record<keyof typeof NUMERIC_SETTINGS, number>;
  for (const [name, setting] of Object.entries(NUMERIC_SETTINGS)) {
    const raw = str(setting.key);
    const n = raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    const ok = raw === undefined || (n >= setting.min && n <= setting.max);
    if (!ok && raw !== undefined) refused.push({ setting, raw });
    numbers[name as keyof typeof NUMERIC_SETTINGS] = raw !== undefined && ok ? n : setting.fallback;
  }
  return { numbers, refused };
}

function numberProblem({ setting: s, raw }: RefusedNumber): string {
  return `${s.key}="${raw}" must be a whole number between ${s.min} and ${s.max} (default ${s.fallback})`;
}

/** postgres:// or postgresql:// with a host (the password is never echoed in a problem). */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
  } catch {
    return false;
  }
}
