import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { type ApiAnswer, answerOpenApi, type OpenApiState } from "./open-api-routes.js";
import {
  type CardButtonPressed,
  callbackFrame,
  cardCallbackData,
  type DownFrame,
  type RobotMessageInput,
  robotMessageData,
  systemFrame,
  TOPIC_CARD,
  TOPIC_ROBOT,
  type UpFrame,
} from "./stream-frames.js";

/** One HTTP call the emulator received. */
export interface DingTalkCall {
  path: string;
  body: Record<string, unknown>;
  /** The x-acs-dingtalk-access-token header. */
  token?: string | undefined;
}

/** A message the robot put into a chat (as the chat's members see it). */
export interface DingTalkPost {
  /** A group's openConversationId, or the staff id of a one-to-one chat. */
  chatId: string;
  kind: "markdown" | "card";
  via: "api" | "webhook";
  /** The markdown as sent (escapes included). */
  text: string;
  title: string;
  buttons: { text: string; id: string; params: Record<string, unknown> }[];
  outTrackId?: string | undefined;
  /** The emulator's clock when it arrived. */
  at: number;
}

export interface FakeDingTalkOptions {
  clientId?: string;
  clientSecret?: string;
  /** The card template the bot must use (the public Markdown + buttons one by default). */
  cardTemplateId?: string;
  /** Clock for the throttles and webhook expiry (a test's FakeClock). */
  now?: () => number;
}

export interface FakeDingTalk {
  /** Pass as DINGTALK_API_ROOT. */
  apiRoot: string;
  clientId: string;
  clientSecret: string;
  /** An app's own robot has the Client ID as its robot code. */
  robotCode: string;
  calls: DingTalkCall[];
  posts: DingTalkPost[];
  /** Frames the bot sent back, in order. */
  upFrames: UpFrame[];
  /** Subscriptions the bot asked for when it last opened a connection. */
  subscriptions: { type: string; topic: string }[];
  /** WebSocket connections accepted so far. */
  connectionCount(): number;
  /** Whether a connection is open now. */
  connected(): boolean;
  /** Groups the robot was removed from: sends there fail as DingTalk reports it. */
  removedFrom: Set<string>;
  /** Staff ids DingTalk does not know (left the organisation). */
  unknownStaff: Set<string>;
  /** How often the emulator refused a call for exceeding 20 calls a second to one API. */
  throttledCalls(): number;
  /** Groups that got more than 20 robot messages within a minute. */
  groupRateViolations(): string[];
  /** While true the gateway answers 503 (DingTalk unreachable). */
  gatewayDown: boolean;
  /** While false the WebSocket does not answer pings (a half-dead connection). */
  answerPings: boolean;
  /** Answers a call before the built-in behaviour when it returns an answer. */
  override: ((call: DingTalkCall) => ApiAnswer | undefined) | undefined;
  /** A user writes to the robot; resolves with the bot's ack of the frame. */
  say(input: RobotMessageInput, options?: { messageId?: string }): Promise<UpFrame>;
  /** A user presses a button (by its label) on a card the robot sent; resolves with the ack. */
  press(
    card: DingTalkPost,
    label: string,
    userId: string,
    options?: { messageId?: string },
  ): Promise<UpFrame>;
  /** Sends any text on the open connection (malformed or foreign frames). */
  sendRaw(text: string): void;
  /** Sends a frame and waits for the bot's answer to its messageId. */
  deliver(frame: DownFrame, timeoutMs?: number): Promise<UpFrame>;
  /** DingTalk announces it will close the connection (SYSTEM disconnect), then closes it. */
  announceDisconnect(): void;
  /** The connection breaks without a closing handshake (network loss). */
  drop(): void;
  /** Resolves once `count` connections have been accepted and one is open. */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** The first post (past or future) matching. */
  waitForPost(match: (post: DingTalkPost) => boolean, timeoutMs?: number): Promise<DingTalkPost>;
  close(): Promise<void>;
}

/** The public Markdown + buttons template of DingTalk's official SDK. */
export const PUBLIC_TEMPLATE = "1366a1eb-bc54-4859-ac88-517c56a9acb1.schema";

/**
 * DingTalk on 127.0.0.1 (port 0) for the real dingtalk-stream SDK and the
 * bot's server API calls: the Stream gateway (POST
 * /v1.0/gateway/connections/open → endpoint + one-time ticket), the
 * WebSocket endpoint speaking the JSON frames, the access token, the robot
 * send APIs, the card API and the robot messages' session webhooks — with
 * DingTalk's documented error codes and its 20-calls-a-second-per-API
 * throttle, measured on the injected clock.
 */
export async function startFakeDingTalk(options: FakeDingTalkOptions = {}): Promise<FakeDingTalk> {
  const now = options.now ?? Date.now;
  const events = new EventEmitter();
  const sockets = new Set<WebSocket>();
  let accepted = 0;
  const state: OpenApiState = {
    clientId: options.clientId ?? "dingfakeclientid0001",
    clientSecret: options.clientSecret ?? "fake-client-secret-0123456789",
    cardTemplateId: options.cardTemplateId ?? PUBLIC_TEMPLATE,
    now,
    tokens: new Set(),
    tickets: new Set(),
    sessions: new Map(),
    cards: new Map(),
    removedFrom: new Set(),
    unknownStaff: new Set(),
    apiCalls: new Map(),
    groupPosts: new Map(),
    throttled: 0,
    violations: new Set(),
    wsUrl: "",
    record: (post) => {
      api.posts.push(post);
      events.emit("post", post);
    },
  };

  const api: FakeDingTalk = {
    apiRoot: "",
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    robotCode: state.clientId,
    calls: [],
    posts: [],
    upFrames: [],
    subscriptions: [],
    connectionCount: () => accepted,
    connected: () => [...sockets].some((s) => s.readyState === s.OPEN),
    removedFrom: state.removedFrom,
    unknownStaff: state.unknownStaff,
    throttledCalls: () => state.throttled,
    groupRateViolations: () => [...state.violations],
    gatewayDown: false,
    answerPings: true,
    override: undefined,
    say: (input, opts = {}) => {
      const session = `session-${state.sessions.size + 1}`;
      const chatId = input.chat === "dm" ? input.user.staffId : input.chat;
      const expiresAt = now() + 90 * 60_000;
      state.sessions.set(session, { chatId, expiresAt });
      const data = robotMessageData(
        input,
        { robotCode: api.robotCode, corpId: "dingfakecorp" },
        { url: `${api.apiRoot}/robot/sendBySession?session=${session}`, expiresAt },
        now(),
      );
      return api.deliver(callbackFrame(TOPIC_ROBOT, data, { messageId: opts.messageId }));
    },
    press: (card, label, userId, opts = {}) => {
      const button = card.buttons.find((b) => b.text === label);
      if (!button || !card.outTrackId)
        return Promise.reject(new Error(`no button "${label}" on that card`));
      const pressed: CardButtonPressed = {
        outTrackId: card.outTrackId,
        userId,
        buttonId: button.id,
        params: button.params,
      };
      return api.deliver(
        callbackFrame(TOPIC_CARD, cardCallbackData(pressed, "dingfakecorp"), {
          messageId: opts.messageId,
        }),
      );
    },
    sendRaw: (text) => {
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
    },
    deliver: (frame, timeoutMs = 5_000) =>
      new Promise<UpFrame>((resolve, reject) => {
        const id = frame.headers.messageId;
        const onUp = (up: UpFrame) => {
          if (up.headers?.messageId !== id) return;
          clearTimeout(timer);
          events.off("up", onUp);
          resolve(up);
        };
        const timer = setTimeout(() => {
          events.off("up", onUp);
          reject(new Error(`the bot did not answer frame ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on("up", onUp);
        api.sendRaw(JSON.stringify(frame));
      }),
    announceDisconnect: () => {
      const old = [...sockets];
      api.sendRaw(JSON.stringify(systemFrame("disconnect", { reason: "server rotating" })));
      // DingTalk closes the old connection a while after announcing it (not the new one).
      setTimeout(() => {
        for (const socket of old) socket.close(1000, "rotating");
      }, 200).unref();
    },
    drop: () => {
      for (const socket of sockets) socket.terminate();
    },
    waitForConnections: (count, timeoutMs = 10_000) =>
      waitUntil(events, "connection", () => accepted >= count && api.connected(), timeoutMs),
    waitForPost: (match, timeoutMs = 10_000) =>
      new Promise<DingTalkPost>((resolve, reject) => {
        const found = api.posts.find(match);
        if (found) return resolve(found);
        const onPost = (post: DingTalkPost) => {
          if (!match(post)) return;
          clearTimeout(timer);
          events.off("post", onPost);
          resolve(post);
        };
        const timer = setTimeout(() => {
          events.off("post", onPost);
          reject(new Error(`no matching DingTalk post within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on("post", onPost);
      }),
    close: async () => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => onHttp(req, res, body),
      () => send(res, { status: 400, body: { code: "invalidParameter", message: "bad body" } }),
    );
  });
  const onHttp = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = raw === "" ? {} : JSON.parse(raw);
      if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      return send(res, { status: 400, body: { code: "invalidParameter", message: "not JSON" } });
    }
    const token = req.headers["x-acs-dingtalk-access-token"];
    const call: DingTalkCall = {
      path: url.pathname + (url.pathname === "/robot/sendBySession" ? url.search : ""),
      body,
      token: typeof token === "string" ? token : undefined,
    };
    api.calls.push(call);
    events.emit("call", call);
    if (url.pathname === "/v1.0/gateway/connections/open") {
      if (api.gatewayDown) return send(res, { status: 503, body: { code: "ServiceUnavailable" } });
      if (Array.isArray(body.subscriptions))
        api.subscriptions = body.subscriptions as FakeDingTalk["subscriptions"];
    }
    send(res, api.override?.(call) ?? answerOpenApi(state, call, url));
  };

  // Pings answered by hand, so a test can make the connection go silent.
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/connect" || !state.tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted += 1;
      sockets.add(ws);
      ws.on("close", () => sockets.delete(ws));
      ws.on("ping", (data) => {
        if (api.answerPings) ws.pong(data);
      });
      ws.on("message", (data) => {
        try {
          const up = JSON.parse(String(data)) as UpFrame;
          api.upFrames.push(up);
          events.emit("up", up);
        } catch {
          // Not a frame: DingTalk would drop the connection; the tests look at upFrames.
        }
      });
      events.emit("connection");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  api.apiRoot = `http://127.0.0.1:${port}`;
  state.wsUrl = `ws://127.0.0.1:${port}/connect`;
  return api;
}

function waitUntil(
  events: EventEmitter,
  event: string,
  done: () => boolean,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (done()) return resolve();
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      events.off(event, check);
      resolve();
    };
    const timer = setTimeout(() => {
      events.off(event, check);
      reject(new Error(`DingTalk emulator: still waiting for ${event} after ${timeoutMs} ms`));
    }, timeoutMs);
    events.on(event, check);
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, answer: ApiAnswer): void {
  res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
  res.end(JSON.stringify(answer.body));
}
