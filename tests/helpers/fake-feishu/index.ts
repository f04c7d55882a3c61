import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cardActionEvent, type FakeChatRef, type FakeUser, messageEvent } from "./events.js";
import { FakeOpenApi } from "./open-api.js";
import { type ClientConfig, type EventAck, FakeGateway, WS_PATH } from "./ws-gateway.js";

export type { ApiCall, FakeResponse } from "./api-call.js";
export type { Card } from "./card-reading.js";
export { cardButtons, cardTexts } from "./card-reading.js";
export type { FakeChatRef, FakeUser } from "./events.js";
export type { FakeChat, SentMessage } from "./im-messages.js";
export type { EventAck } from "./ws-gateway.js";

/** The app the emulator knows (an App ID in the format the SDK's WSClient requires). */
export const FAKE_APP = {
  appId: "cli_a1b2c3d4e5f60718",
  appSecret: "fake-app-secret-0123456789",
  botOpenId: "ou_bot0000000000000000000000000000",
  botName: "清风",
} as const;

export interface FakeFeishu {
  /** Pass as FEISHU_DOMAIN / the SDK's `domain`: http://127.0.0.1:<port>. */
  domain: string;
  api: FakeOpenApi;
  gateway: FakeGateway;
  /** A user writes in a chat (in a group, @mentioning the bot unless `mention` is false). */
  say(
    chat: FakeChatRef,
    user: FakeUser,
    text: string,
    options?: { mention?: boolean; eventId?: string },
  ): Promise<{ ack: EventAck; eventId: string; messageId: string }>;
  /** A user presses a card button whose value carried `data`. */
  press(
    chatId: string,
    user: FakeUser,
    data: string,
    options?: { messageId?: string; eventId?: string },
  ): Promise<{ ack: EventAck; eventId: string }>;
  /** Delivers an event again, unchanged (what Feishu does when an ack is late). */
  redeliver(eventId: string): Promise<EventAck>;
  /** Pushes any envelope (forged events). */
  push(event: unknown): Promise<EventAck>;
  close(): Promise<void>;
}

/**
 * Feishu on 127.0.0.1 for the real @larksuiteoapi/node-sdk: the Open API over
 * HTTP and the long connection's WebSocket on the same port. `now` is the
 * clock the send limits are measured on (the tests' fake clock for
 * broadcasts); `clientConfig` is what the endpoint tells clients about pings
 * and reconnects (seconds, as Feishu sends them).
 */
export async function startFakeFeishu(
  options: { now?: () => number; clientConfig?: Partial<ClientConfig> } = {},
): Promise<FakeFeishu> {
  const now = options.now ?? Date.now;
  const clientConfig: ClientConfig = {
    PingInterval: 120,
    ReconnectCount: -1,
    ReconnectInterval: 120,
    ReconnectNonce: 30,
    ...options.clientConfig,
  };
  const gateway = new FakeGateway(clientConfig);
  let base = "";
  const api = new FakeOpenApi({
    ...FAKE_APP,
    now,
    connectUrl: () =>
      `${base.replace(/^http/, "ws")}${WS_PATH}?${gateway.query(gateway.issueTicket())}`,
    clientConfig: { ...clientConfig },
  });
  const server = createServer((req, res) => {
    api.handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  gateway.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const delivered = new Map<string, unknown>();
  let n = 0;
  const next = (prefix: string) => `${prefix}${String(++n).padStart(8, "0")}`;
  const push = (eventId: string, event: unknown) => {
    delivered.set(eventId, event);
    return gateway.push(event);
  };

  return {
    domain: base,
    api,
    gateway,
    async say(chat, user, text, opts = {}) {
      const eventId = opts.eventId ?? next("ev_msg_");
      const messageId = next("om_in_");
      api.inbound.set(messageId, chat.id);
      const mention = chat.type === "group" && opts.mention !== false;
      const event = messageEvent(
        { eventId, appId: FAKE_APP.appId, at: now() },
        {
          chat,
          sender: user,
          messageId,
          text,
          mentions: mention ? [{ openId: FAKE_APP.botOpenId, name: FAKE_APP.botName }] : [],
        },
      );
      return { ack: await push(eventId, event), eventId, messageId };
    },
    async press(chatId, user, data, opts = {}) {
      const eventId = opts.eventId ?? next("ev_act_");
      const event = cardActionEvent(
        { eventId, appId: FAKE_APP.appId, at: now() },
        { chatId, messageId: opts.messageId ?? "om_unknown", operator: user, value: { qf: data } },
      );
      return { ack: await push(eventId, event), eventId };
    },
    redeliver(eventId) {
      const event = delivered.get(eventId);
      if (!event) throw new Error(`no event ${eventId} was delivered`);
      return gateway.push(event);
    },
    push: (event) => gateway.push(event),
    close: async () => {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
