import type { Client } from "@larksuiteoapi/node-sdk";
import type { ChatRef } from "../../kernel/events.js";
import type { Log } from "../../kernel/log.js";

interface ChatFacts {
  type: ChatRef["type"];
  ownerId?: string | undefined;
  at: number;
}

/**
 * What the bot knows about its chats: the type (a card callback names its
 * chat but not whether it is a DM) and a group's owner (its admin, for group
 * admin commands). Learnt from messages, else asked of im/v1/chats (needs
 * im:chat:readonly), kept ten minutes, at most `maxEntries` chats.
 */
export class ChatInfo {
  private readonly facts = new Map<string, ChatFacts>();

  constructor(
    private readonly client: Client,
    private readonly log: Log,
    private readonly maxEntries = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seen in a message: its type is certain. */
  remember(chatId: string, type: ChatRef["type"]): void {
    const known = this.facts.get(chatId);
    this.put(chatId, { ...known, type, at: known?.at ?? this.now() });
  }

  /** A chat's type; a chat nobody can tell about counts as a group (answers then go privately). */
  async typeOf(chatId: string): Promise<ChatRef["type"]> {
    return this.facts.get(chatId)?.type ?? (await this.fetch(chatId))?.type ?? "group";
  }

  /** Whether a user owns a group; undefined when the API cannot say. */
  async isOwner(chatId: string, userId: string): Promise<boolean | undefined> {
    const facts = await this.fetch(chatId);
    return facts?.ownerId === undefined ? undefined : facts.ownerId === userId;
  }

  private async fetch(chatId: string): Promise<ChatFacts | undefined> {
    const known = this.facts.get(chatId);
    if (known?.ownerId !== undefined && this.now() - known.at < 600_000) return known;
    try {
      const res = await this.client.im.v1.chat.get({
        path: { chat_id: chatId },
        params: { user_id_type: "open_id" },
      });
      if (res?.code !== 0 || !res.data) throw new Error(`code ${res?.code}: ${res?.msg}`);
      const facts: ChatFacts = {
        type: res.data.chat_mode === "p2p" ? "dm" : "group",
        ownerId: res.data.owner_id || undefined,
        at: this.now(),
      };
      this.put(chatId, facts);
      return facts;
    } catch (error) {
      this.log("debug", "feishu chat info unavailable", {
        chatId,
        error: error instanceof Error ? error.message : String(error),
      });
      return known;
    }
  }

  private put(chatId: string, facts: ChatFacts): void {
    this.facts.delete(chatId);
    this.facts.set(chatId, facts);
    // Oldest first in a Map: drop from the front.
    while (this.facts.size > this.maxEntries) {
      const oldest = this.facts.keys().next().value;
      if (oldest === undefined) break;
      this.facts.delete(oldest);
    }
  }
}
