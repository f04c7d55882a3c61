import type { Platform } from "../../kernel/events.js";
import type { Broadcast, BroadcastState, OutboxRow, OutboxState } from "./ports.js";

// The outbox's rows as both SQL backends return them (same columns), and their records.

export interface BroadcastRow {
  id: number;
  kind: Broadcast["kind"];
  notice_id: number | null;
  tags: string;
  send_at: number;
  state: BroadcastState;
  period_key: string | null;
  payload: string | null;
  created_at: string;
}

export interface Row {
  id: number;
  broadcast_id: number;
  platform: Platform;
  chat_id: string;
  state: OutboxState;
  not_before: number;
  attempts: number;
  message_ids: string | null;
  error: string | null;
  sent_at: string | null;
  claimed_by: string | null;
}

export function toBroadcast(r: BroadcastRow): Broadcast {
  return {
    id: r.id,
    kind: r.kind,
    noticeId: r.notice_id ?? undefined,
    tags: JSON.parse(r.tags) as string[],
    sendAt: r.send_at,
    state: r.state,
    periodKey: r.period_key ?? undefined,
    payload: r.payload ? (JSON.parse(r.payload) as Record<string, unknown>) : undefined,
    createdAt: r.created_at,
  };
}

export function toRow(r: Row): OutboxRow {
  return {
    id: r.id,
    broadcastId: r.broadcast_id,
    platform: r.platform,
    chatId: r.chat_id,
    state: r.state,
    notBefore: r.not_before,
    attempts: r.attempts,
    messageIds: r.message_ids ? (JSON.parse(r.message_ids) as string[]) : [],
    error: r.error ?? undefined,
    sentAt: r.sent_at ?? undefined,
  };
}
