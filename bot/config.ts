import { resolve } from "node:path";
import { QingfengError } from "../knowledge/errors.js";

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
  };
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
