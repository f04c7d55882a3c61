import { webApi } from "@slack/bolt";
import type { OutMessage } from "../../kernel/out-message.js";
import { SendError, type Sender, type SendFailure, type SendTag } from "../../kernel/sender.js";
import { renderBlocks } from "./render-blocks.js";

/** Message metadata event type: lets a restarted broadcast find what it already posted. */
export const OUTBOX_EVENT = "qingfeng_outbox";

/**
 * Broadcast sends on the Slack Web API: one attempt (no client retries; the
 * dispatcher paces and retries), each message tagged with its outbox id in
 * message metadata, so a send interrupted by a crash can be looked up in the
 * channel's history instead of being posted twice.
 */
export class SlackSender implements Sender {
  readonly platform = "slack" as const;
  private readonly client: webApi.WebClient;

  constructor(botToken: string, apiUrl?: string) {
    this.client = new webApi.WebClient(botToken, {
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    });
  }

  async send(chatId: string, message: OutMessage, tag: SendTag): Promise<{ messageIds: string[] }> {
    const ids: string[] = [];
    for (const part of renderBlocks(message)) {
      try {
        const res = await this.client.chat.postMessage({
          channel: chatId,
          text: part.text,
          blocks: part.blocks,
          unfurl_links: false,
          metadata: { event_type: OUTBOX_EVENT, event_payload: { outbox_id: tag.outboxId } },
        });
        ids.push(String(res.ts));
      } catch (error) {
        throw new SendError(classify(error), describe(error));
      }
    }
    return { messageIds: ids };
  }

  async findSent(chatId: string, tag: SendTag): Promise<string[] | undefined> {
    const res = await this.client.conversations.history({
      channel: chatId,
      limit: 100,
      include_all_metadata: true,
    });
    const found = (res.messages ?? []).filter(
      (m) =>
        m.metadata?.event_type === OUTBOX_EVENT &&
        Number((m.metadata.event_payload as Record<string, unknown> | undefined)?.outbox_id) ===
          tag.outboxId,
    );
    return found.length > 0 ? found.map((m) => String(m.ts)) : undefined;
  }
}

const GONE =
  /channel_not_found|not_in_channel|is_archived|account_inactive|channel_is_archived|team_access_not_granted|restricted_action|ekm_access_denied/;

export function classify(error: unknown): SendFailure {
  const e = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
  };
  if (e.code === webApi.ErrorCode.RateLimitedError)
    return { kind: "rate-limited", retryAfterMs: (e.retryAfter ?? 1) * 1000 };
  if (e.code === webApi.ErrorCode.PlatformError) {
    const reason = e.data?.error ?? "";
    if (GONE.test(reason)) return { kind: "permanent" };
    if (/ratelimited/.test(reason)) return { kind: "rate-limited", retryAfterMs: 1000 };
    if (/internal_error|fatal_error|service_unavailable|request_timeout/.test(reason))
      return { kind: "transient" };
    return { kind: "rejected" };
  }
  if (
    e.code === webApi.ErrorCode.HTTPError &&
    e.statusCode !== undefined &&
    e.statusCode < 500 &&
    e.statusCode !== 429
  )
    return { kind: "rejected" };
  return { kind: "transient" };
}

function describe(error: unknown): string {
  const e = error as { data?: { error?: string }; message?: string };
  return e.data?.error ?? e.message ?? String(error);
}
