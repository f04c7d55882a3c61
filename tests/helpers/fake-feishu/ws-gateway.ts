import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { decodeFrame, encodeFrame, type Frame, header, METHOD } from "./pb-frame.js";

/** What the client answered to an event frame: its `code` and the handler's result, decoded. */
export interface EventAck {
  code: number;
  /** The event handler's return value (a card action's toast), when it returned one. */
  result?: unknown;
}

/** Reconnect and ping settings the endpoint hands out (seconds, as Feishu sends them). */
export interface ClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

export const WS_PATH = "/ws/v2";
const SERVICE_ID = 7;

/**
 * The event side of the long connection: a WebSocket endpoint that admits a
 * client holding a ticket from /callback/ws/endpoint, answers its pings with
 * pongs carrying the client config, pushes events as data frames and reads
 * the client's acknowledgement frames back.
 */
export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (ack: EventAck) => void>();
  private readonly connectWaiters: (() => void)[] = [];
  private seq = 0;
  /** Pings received, across connections. */
  pings = 0;
  /** Connections accepted so far (reconnects included). */
  accepted = 0;
  /** While true pings go unanswered: a connection dropped silently somewhere on the way. */
  silent = false;

  constructor(readonly config: ClientConfig) {}

  /** A one-use ticket for the connection URL (what the endpoint returns). */
  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  /** Query string of a connection URL; service_id is not first, as on the real service. */
  query(ticket: string): string {
    return `fpid=1&device_id=dev-${ticket.slice(0, 8)}&service_id=${SERVICE_ID}&ticket=${ticket}`;
  }

  attach(server: Server): void {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const ticket = url.searchParams.get("ticket") ?? "";
      if (url.pathname !== WS_PATH || !this.tickets.delete(ticket)) {
        socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /** Open connections. */
  get open(): number {
    return this.sockets.size;
  }

  /** Resolves once a connection is open (already or later). */
  connected(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.connectWaiters.push(resolve));
  }

  /**
   * Pushes one event (the schema 2.0 envelope) to one open connection, as a
   * single-fragment data frame; resolves with the client's acknowledgement.
   */
  push(event: unknown, timeoutMs = 5_000): Promise<EventAck> {
    const socket = this.pick();
    const messageId = `msg-${++this.seq}`;
    const frame: Frame = {
      SeqID: this.seq,
      LogID: this.seq,
      service: SERVICE_ID,
      method: METHOD.data,
      headers: [
        { key: "type", value: "event" },
        { key: "message_id", value: messageId },
        { key: "sum", value: "1" },
        { key: "seq", value: "0" },
        { key: "trace_id", value: `trace-${this.seq}` },
      ],
      payload: new TextEncoder().encode(JSON.stringify(event)),
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(messageId);
        reject(new Error(`no acknowledgement for ${messageId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(messageId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(encodeFrame(frame));
    });
  }

  /** Sends bytes as they are (malformed or forged frames); nothing is awaited. */
  pushRaw(bytes: Uint8Array | Frame): void {
    this.pick().send(bytes instanceof Uint8Array ? bytes : encodeFrame(bytes));
  }

  /** Cuts every connection, as a network failure would (no close handshake). */
  drop(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  close(): void {
    this.drop();
    this.wss.close();
  }

  private pick(): WebSocket {
    // Feishu gives each event to one of the app's connections; the newest is as good as any.
    const socket = [...this.sockets].at(-1);
    if (!socket) throw new Error("no client is connected to the fake Feishu gateway");
    return socket;
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    this.accepted++;
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("error", () => this.sockets.delete(ws));
    ws.on("message", (data: Buffer) => this.receive(ws, data));
    for (const wake of this.connectWaiters.splice(0)) wake();
  }

  private receive(ws: WebSocket, data: Buffer): void {
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch {
      return;
    }
    const type = header(frame, "type");
    if (frame.method === METHOD.control && type === "ping") {
      this.pings++;
      if (this.silent) return;
      ws.send(
        encodeFrame({
          SeqID: 0,
          LogID: 0,
          service: frame.service,
          method: METHOD.control,
          headers: [{ key: "type", value: "pong" }],
          payload: new TextEncoder().encode(JSON.stringify(this.config)),
        }),
      );
      return;
    }
    if (frame.method !== METHOD.data) return;
    const id = header(frame, "message_id") ?? "";
    const answer = this.waiting.get(id);
    if (!answer) return;
    this.waiting.delete(id);
    answer(parseAck(frame.payload));
  }
}

function parseAck(payload: Uint8Array | undefined): EventAck {
  const body = JSON.parse(new TextDecoder().decode(payload ?? new Uint8Array())) as {
    code: number;
    data?: string;
  };
  return body.data === undefined
    ? { code: body.code }
    : { code: body.code, result: JSON.parse(Buffer.from(body.data, "base64").toString("utf8")) };
}
