import type { Platform } from "./events.js";
import type { Handle } from "./handle.js";
import type { Log } from "./log.js";
import type { PlatformAdapter } from "./platform-adapter.js";
import type { Sender } from "./sender.js";

export interface PlatformLimits {
  /** Spacing between any two sends on the platform (Telegram: ~30/s overall → 34 ms). */
  minIntervalMs: number;
  /** At most `count` sends to one chat in any `windowMs` (Telegram groups: 20/min; Slack: 1/s). */
  perChat: { count: number; windowMs: number };
}

/** Reads one environment key: trimmed, undefined when unset or blank. */
export type EnvReader = (key: string) => string | undefined;

/** What a configured platform runs with: receiving (adapter) and sending, over one client. */
export interface PlatformInstance {
  adapter: PlatformAdapter;
  sender: Sender;
}

export interface PlatformContext {
  /** The bot's one inbound port (bound late: platforms are made before the features open). */
  handle: Handle;
  log: Log;
  /** Limit on each call to the platform while starting. */
  timeoutMs: number;
  /** Whether a word names a registered command (Slack's /qingfeng tells commands from questions). */
  isCommand: (name: string) => boolean;
  /** The terminal's output, for the local chat. */
  write?: ((text: string) => void) | undefined;
}

/**
 * A chat platform: one folder under bot/platforms, one descriptor in its
 * index.ts, one line in bot/app/platforms.ts (or in the platform list given to
 * createBot). It reads its own environment keys (validated with the rest at
 * start-up), names its admins and limits, and makes its adapter and sender
 * when configured.
 */
export interface PlatformDescriptor<C = unknown> {
  id: Platform;
  /** Display name for logs and docs. */
  label: string;
  limits: PlatformLimits;
  /** Its settings, or undefined when not configured; problems are pushed, not thrown. */
  readConfig(env: EnvReader, problems: string[]): C | undefined;
  /** Bot admins named in its settings (user ids on this platform). */
  admins(config: C): string[];
  /**
   * Runs only when no other platform is configured (the terminal chat of the
   * embedded default); its config is always present.
   */
  local?: boolean;
  create(config: C, ctx: PlatformContext): PlatformInstance | Promise<PlatformInstance>;
}

/** A descriptor with its config type erased, for lists of platforms. */
// biome-ignore lint/suspicious/noExplicitAny: each descriptor checks its own config type.
export type AnyPlatform = PlatformDescriptor<any>;
