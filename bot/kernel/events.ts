/**
 * The one inbound shape every chat adapter maps its wire format to. Adapters
 * decide what "addressed to the bot" means on their platform (DM, mention,
 * reply to the bot, command); the core decides what to do about it.
 */
/** A platform's id as its descriptor names it ("telegram", "slack", "console", …). */
export type Platform = string;

export interface ChatRef {
  id: string;
  type: "dm" | "group";
  title?: string | undefined;
}

export interface UserRef {
  id: string;
  name?: string | undefined;
  /** Admin of the group/channel it wrote in (platform's own notion), when the adapter knows. */
  isChatAdmin?: boolean | undefined;
}

interface BaseEvent {
  platform: Platform;
  /** The platform's delivery id (Telegram update_id, Slack event_id): a redelivery is handled once. */
  deliveryId?: string | undefined;
  chat: ChatRef;
  user: UserRef;
}

export interface MessageEvent extends BaseEvent {
  type: "message";
  text: string;
  /** DM, @mention, reply to one of the bot's messages, or a command. */
  addressed: boolean;
  /** Set when the text was a command: name without slash or @botname, lower-cased. */
  command?: { name: string; args: string } | undefined;
}

export interface ActionEvent extends BaseEvent {
  type: "action";
  /** Short action data from a button (ids into the database, never payloads). */
  data: string;
}

export type CoreEvent = MessageEvent | ActionEvent;
