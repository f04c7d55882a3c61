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
  const platformConfigs = new Map<Platform, unknown>();
  for (const platform of platforms) {
    const config = platform.readConfig(str, problems);
    if (config !== undefined) platformConfigs.set(platform.id, config);
  }
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

  if (problems.length > 0) throw configError(problems);
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
    logLevel: logLevel as Settings["logLevel"],
    port,
    platforms: platformConfigs,
    env: str,
    cases,
    quizSeconds,
    operations,
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

function configError(problems: string[]): QingfengError {
  return new QingfengError(
    "CONFIG_INVALID",
    `Invalid configuration:\n  - ${problems.join("\n  - ")}\nFix these environment variables (see .env.example) and start again.`,
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
