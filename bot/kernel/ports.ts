import type { ChatRef, Platform } from "./events.js";
import { ServiceKey } from "./services.js";

export interface ChatRecord {
  platform: Platform;
  chatId: string;
  type: ChatRef["type"];
  title?: string | undefined;
  language?: "zh" | "en" | undefined;
  subscribed: boolean;
  tags: string[];
  deactivatedReason?: string | undefined;
}

/** Groups and DMs the bot has seen, their language and case-notice subscriptions. */
export interface ChatDirectory {
  seen(platform: Platform, chat: ChatRef): Promise<void>;
  get(platform: Platform, chatId: string): Promise<ChatRecord | undefined>;
  setLanguage(platform: Platform, chatId: string, language: "zh" | "en"): Promise<void>;
  subscribe(platform: Platform, chatId: string, tags: string[], by: string): Promise<void>;
  unsubscribe(platform: Platform, chatId: string): Promise<boolean>;
  subscribed(): Promise<ChatRecord[]>;
}

/** Admin roles granted in the database (configured admins are added by the core). */
export interface RoleStore {
  isGranted(platform: Platform, userId: string): Promise<boolean>;
  grant(platform: Platform, userId: string, by: string): Promise<void>;
  revoke(platform: Platform, userId: string): Promise<boolean>;
  audit(platform: Platform, userId: string, command: string, allowed: boolean): Promise<void>;
  auditLog(
    limit?: number,
  ): Promise<{ platform: string; userId: string; command: string; allowed: boolean; at: string }[]>;
}

/** Remembers handled deliveries so a redelivered update is handled once. */
export interface DeliveryLog {
  /** True the first time a (platform, delivery id) is seen. */
  firstTime(platform: Platform, deliveryId: string): Promise<boolean>;
}

/** Deactivates a subscription the platform says is gone (bot removed, chat not found). */
export interface SubscriptionHealth {
  deactivate(platform: Platform, chatId: string, reason: string): Promise<void>;
  moved(platform: Platform, fromChatId: string, toChatId: string): Promise<void>;
}

/** The kernel's own ports, provided by the groups feature (bot/features/groups). */
export const CHATS = new ServiceKey<ChatDirectory & SubscriptionHealth>("kernel.chats");
export const ROLES = new ServiceKey<RoleStore>("kernel.roles");
export const DELIVERIES = new ServiceKey<DeliveryLog>("kernel.deliveries");
