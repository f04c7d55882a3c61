import type { ChatRef, Platform } from "../../kernel/events.js";
import type { ChatRecord } from "../../kernel/ports.js";

// A chat's row as both SQL backends return it (same columns), and its record.

export interface ChatRow {
  platform: Platform;
  chat_id: string;
  type: ChatRef["type"];
  title: string | null;
  language: "zh" | "en" | null;
  subscribed: number;
  tags: string;
  deactivated_reason: string | null;
}

export function toRecord(row: ChatRow): ChatRecord {
  return {
    platform: row.platform,
    chatId: row.chat_id,
    type: row.type,
    title: row.title ?? undefined,
    language: row.language ?? undefined,
    subscribed: row.subscribed === 1,
    tags: JSON.parse(row.tags) as string[],
    deactivatedReason: row.deactivated_reason ?? undefined,
  };
}
