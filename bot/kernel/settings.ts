/**
 * The product's settings, read from the environment and validated once at
 * start-up (bot/app/config.ts). Platforms read their own keys through their
 * descriptors; what is here is shared by the features.
 */
export interface Settings {
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
  /** The one HTTP server: health checks and every platform's webhook routes. */
  port: number;
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
  /** The admin web console under /admin on PORT. */
  console: {
    /** The console's address as admins' browsers reach it (sign-in links point there); unset: this machine's. */
    publicUrl?: string | undefined;
    /** A session not used this long is signed out. */
    idleMinutes: number;
  };
  /** Case-notice broadcasts: reminders, digest, local time. */
  cases: {
    reminderDays: number[];
    digest: "off" | "weekly";
    utcOffsetMinutes: number;
    /** Broadcast sends in flight at once (latency to the real APIs needs a few to reach 30/s). */
    concurrency: number;
  };
}
