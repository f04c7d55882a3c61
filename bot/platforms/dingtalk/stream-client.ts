import { DWClient, type DWClientDownStream } from "dingtalk-stream";
import { DingTalkApiError, postJson } from "./open-api.js";

/** The parts of the SDK's WebSocket (a `ws` client) this client watches. */
interface SdkSocket {
  readyState: number;
  on(event: "close" | "pong" | "message", listener: () => void): unknown;
  ping(): void;
  terminate(): void;
}

export interface StreamClientOptions {
  clientId: string;
  clientSecret: string;
  /** e.g. https://api.dingtalk.com: where POST /v1.0/gateway/connections/open goes. */
  apiRoot: string;
  /** Limit on the gateway call. */
  timeoutMs: number;
  /** A frame the SDK could not read (not JSON, no headers): logged, never thrown into ws. */
  onBadFrame: (error: unknown) => void;
  /** The socket closed (DingTalk dropped it, the network went, or we terminated it). */
  onClose: () => void;
  /** Any frame or pong: the connection is alive. */
  onTraffic: () => void;
}

/**
 * The official DWClient, unmodified on the socket (its JSON frames, SYSTEM
 * ping answers, EVENT acks, CALLBACK dispatch by topic, socketCallBackResponse),
 * with the three narrow overrides it needs to run inside a service:
 *
 * - getEndpoint: the SDK posts to a hard-wired https://api.dingtalk.com URL
 *   with no option to change it and no time limit; this makes the same call
 *   (same body, same endpoint + ticket answer) to DINGTALK_API_ROOT with a
 *   timeout, and keeps DingTalk's error code (a wrong secret is not retried).
 * - onDownStream: the SDK JSON.parses every frame inside the ws 'message'
 *   handler and reads `headers` unchecked, so one malformed frame would throw
 *   out of ws and end the process; here it is caught and logged.
 * - _connect: after the SDK opens the socket, a close listener and a traffic
 *   listener, so the adapter knows when to reconnect (its own backoff replaces
 *   the SDK's fixed one-second autoReconnect, which is turned off).
 */
export class StreamClient extends DWClient {
  constructor(private readonly options: StreamClientOptions) {
    // autoReconnect and subscriptions are read from the config at run time but missing from the
    // constructor's type. A fresh subscriptions list: the SDK's default one is a module-level array
    // that registerCallbackListener pushes into (shared by every client), and it subscribes to all
    // EVENT topics, which the bot does not handle; only the callbacks registered on it are asked for.
    const config = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ua: "qingfeng",
      keepAlive: false,
      autoReconnect: false,
      subscriptions: [] as { type: string; topic: string }[],
    };
    super(config);
  }

  override async getEndpoint(): Promise<this> {
    const body = await postJson<{ endpoint?: unknown; ticket?: unknown }>(
      `${this.options.apiRoot}/v1.0/gateway/connections/open`,
      {
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      },
      {},
      this.options.timeoutMs,
    );
    if (typeof body?.endpoint !== "string" || typeof body.ticket !== "string") {
      throw new DingTalkApiError(
        200,
        "no-endpoint",
        "the Stream gateway answered without an endpoint",
      );
    }
    this.config.endpoint = body.endpoint;
    // The SDK connects to dw_url; it is private in the typings only.
    (this as unknown as { dw_url: string }).dw_url =
      `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override onDownStream(data: string): void {
    this.options.onTraffic();
    try {
      super.onDownStream(data);
    } catch (error) {
      this.options.onBadFrame(error);
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    // DingTalk announces that it will close this connection: move to a new one now.
    if (downstream.headers.topic === "disconnect") this.sdkSocket()?.terminate();
  }

  override async _connect(): Promise<void> {
    await super._connect();
    const socket = this.sdkSocket();
    if (!socket) return;
    socket.on("close", () => this.options.onClose());
    socket.on("pong", () => this.options.onTraffic());
  }

  /** Sends a WebSocket ping (the heartbeat); a dead peer never answers it. */
  ping(): void {
    const socket = this.sdkSocket();
    if (socket?.readyState === 1) socket.ping();
  }

  /** Drops the socket without a closing handshake (a dead or stuck connection). */
  terminate(): void {
    this.sdkSocket()?.terminate();
  }

  private sdkSocket(): SdkSocket | undefined {
    // Private in the SDK's typings; the SDK itself reassigns it on every connect.
    return (this as unknown as { socket?: SdkSocket }).socket;
  }
}
