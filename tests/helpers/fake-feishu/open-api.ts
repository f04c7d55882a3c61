import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiCall, FakeResponse } from "./api-call.js";
import { FakeImMessages } from "./im-messages.js";

/**
 * Feishu's Open API on loopback, as far as the bot uses it: the tenant token,
 * bot info, chat info, sending (im-messages.ts) and the long connection's
 * endpoint discovery (see ws-gateway.ts). Every call is recorded; an
 * override can answer any call instead (rate limits, outages).
 */
export class FakeOpenApi extends FakeImMessages {
  readonly calls: ApiCall[] = [];
  override: ((call: ApiCall) => FakeResponse | undefined) | undefined;
  /** While true the endpoint discovery answers 503: the long connection cannot be opened. */
  refuseConnections = false;
  private readonly tokens = new Set<string>();
  private tokenCount = 0;

  constructor(
    private readonly options: {
      appId: string;
      appSecret: string;
      botOpenId: string;
      botName: string;
      now: () => number;
      /** Hands out a connection URL for the endpoint discovery. */
      connectUrl: () => string;
      clientConfig: Record<string, number>;
    },
  ) {
    super();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      return send(res, { status: 400, body: { code: 9499, msg: "Bad Request" } });
    }
    const auth = req.headers.authorization;
    const call: ApiCall = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      token: auth?.startsWith("Bearer ") ? auth.slice(7) : undefined,
      at: this.options.now(),
    };
    this.calls.push(call);
    send(res, this.override?.(call) ?? this.route(call));
  }

  private route(call: ApiCall): FakeResponse {
    const { path } = call;
    if (path === "/open-apis/auth/v3/tenant_access_token/internal") return this.token(call);
    if (path === "/callback/ws/endpoint") return this.endpoint(call);
    if (!call.token || !this.tokens.has(call.token))
      return {
        status: 400,
        body: { code: 99991663, msg: "Invalid access token for authorization." },
      };
    if (path === "/open-apis/bot/v3/info")
      return {
        body: {
          code: 0,
          msg: "ok",
          bot: {
            activate_status: 2,
            app_name: this.options.botName,
            open_id: this.options.botOpenId,
          },
        },
      };
    const chat = /^\/open-apis\/im\/v1\/chats\/([^/]+)$/.exec(path);
    if (chat && call.method === "GET") return this.chatInfo(decodeURIComponent(chat[1] ?? ""));
    if (path === "/open-apis/im/v1/messages" && call.method === "POST") return this.create(call);
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (reply && call.method === "POST")
      return this.reply(call, decodeURIComponent(reply[1] ?? ""));
    return { status: 404, body: { code: 404, msg: "404 page not found" } };
  }

  private token(call: ApiCall): FakeResponse {
    const { app_id, app_secret } = call.body;
    if (app_id !== this.options.appId || app_secret !== this.options.appSecret)
      return { status: 400, body: { code: 10014, msg: "app secret invalid" } };
    const token = `t-${++this.tokenCount}`;
    this.tokens.add(token);
    return { body: { code: 0, msg: "ok", tenant_access_token: token, expire: 7200 } };
  }

  private endpoint(call: ApiCall): FakeResponse {
    if (this.refuseConnections) return { status: 503, body: { code: 1, msg: "system busy" } };
    const { AppID, AppSecret } = call.body;
    if (AppID !== this.options.appId || AppSecret !== this.options.appSecret)
      return { body: { code: 403, msg: "forbidden: app id or secret is wrong" } };
    return {
      body: {
        code: 0,
        msg: "ok",
        data: { URL: this.options.connectUrl(), ClientConfig: this.options.clientConfig },
      },
    };
  }

  private chatInfo(chatId: string): FakeResponse {
    const chat = this.chats.get(chatId);
    if (!chat || chat.state === "dissolved")
      return {
        status: 400,
        body: {
          code: 232009,
          msg: "Your request specifies a chat which has already been dissolved.",
        },
      };
    return {
      body: {
        code: 0,
        msg: "success",
        data: { chat_mode: chat.mode, name: chat.name ?? "", owner_id: chat.owner ?? "" },
      },
    };
  }
}

function send(res: ServerResponse, response: FakeResponse): void {
  res.writeHead(response.status ?? 200, {
    "content-type": "application/json; charset=utf-8",
    ...response.headers,
  });
  res.end(JSON.stringify(response.body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
