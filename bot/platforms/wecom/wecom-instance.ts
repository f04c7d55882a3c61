import type { PlatformContext, PlatformInstance } from "../../kernel/platform.js";
import type { WecomConfig } from "./read-config.js";
import { WecomAdapter } from "./wecom-adapter.js";
import { WecomConnection } from "./wecom-connection.js";
import { WecomSender } from "./wecom-sender.js";

/** Connection timing a test may shorten (production keeps the SDK's defaults). */
export interface WecomTuning {
  /** First reconnect pause after a drop (default 1 s, doubled per attempt up to 30 s). */
  reconnectBaseMs?: number | undefined;
  /** Heartbeat interval (default 30 s). */
  heartbeatMs?: number | undefined;
}

/**
 * The adapter and the sender over one connection: WeCom keeps one live
 * connection per bot, so receiving, replies and proactive sends share it.
 */
export function createWecomInstance(
  config: WecomConfig,
  ctx: PlatformContext,
  tuning: WecomTuning = {},
): PlatformInstance & { adapter: WecomAdapter; sender: WecomSender; connection: WecomConnection } {
  const connection = new WecomConnection({
    botId: config.botId,
    secret: config.secret,
    wsUrl: config.wsUrl,
    log: ctx.log,
    timeoutMs: ctx.timeoutMs,
    ...tuning,
  });
  const sender = new WecomSender(connection, ctx.log);
  const adapter = new WecomAdapter({
    connection,
    sender,
    botId: config.botId,
    handle: ctx.handle,
    isCommand: ctx.isCommand,
    log: ctx.log,
  });
  return { adapter, sender, connection };
}
