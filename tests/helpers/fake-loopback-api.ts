import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  SECRET_HEADER,
  type WireAnswerAction,
  type WireChat,
  type WireSendMessage,
  type WireUpdate,
  type WireUser,
} from "./loopback-platform/wire.js";

/** A message the API accepted from the bot. */
export interface LoopbackSent extends WireSendMessage {
  message_id: string;
}

export interface FakeLoopbackApi {
  /** Pass as LOOPBACK_API_URL. */
  apiUrl: string;
  /**
   * Where updates are posted: the bot's webhook, set once its server listens
   * (configured on the platform's side, as a Slack app's Request URL is).
   */
  webhook: { url: string; secret: string } | undefined;
  /** Every sendMessage accepted, in order. */
  sent: LoopbackSent[];
  /** Every answerAction, in order: the bot's answer to each button press. */
  answers: WireAnswerAction[];
  /** A user writes in a chat; resolves with the webhook's status once the bot answered it. */
  say(chat: WireChat, from: WireUser, text: string): Promise<number>;
  /** A user presses a button of a message; resolves with the webhook's status and the press id. */
  press(
    chat: WireChat,
    from: WireUser,
    data: string,
    messageId?: string,
  ): Promise<{ status: number; actionId: string }>;
  close(): Promise<void>;
}

/**
 * The loopback platform's Bot API on 127.0.0.1 (port 0): me, sendMessage and
 * answerAction behind a bearer token, recording what the bot sent; and the
 * platform's side of the webhook, posting users' messages and button presses
 * to the bot.
 */
export async function startFakeLoopbackApi(token: string): Promise<FakeLoopbackApi> {
  const sent: LoopbackSent[] = [];
  const answers: WireAnswerAction[] = [];
  let nextUpdate = 1;
  let nextMessage = 1;
  let nextAction = 1;

  const server = createServer((req, res) => {
    readJson(req).then(
      (body) => answer(req, res, body),
      () => reply(res, 400, { ok: false, error: "body is not JSON" }),
    );
  });
  const answer = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => {
    if (req.headers.authorization !== `Bearer ${token}`)
      return reply(res, 401, { ok: false, error: "unauthorized" });
    const method = (req.url ?? "").replace(/^\/api\//, "");
    if (method === "me") return reply(res, 200, { ok: true, result: { id: "bot", name: "清风" } });
    if (method === "sendMessage") {
      const message = { ...(body as unknown as WireSendMessage), message_id: `m${nextMessage++}` };
      sent.push(message);
      return reply(res, 200, { ok: true, result: { message_id: message.message_id } });
    }
    if (method === "answerAction") {
      answers.push(body as unknown as WireAnswerAction);
      return reply(res, 200, { ok: true, result: {} });
    }
    return reply(res, 404, { ok: false, error: `no method ${method}` });
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeLoopbackApi = {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    webhook: undefined,
    sent,
    answers,
    say: (chat, from, text) =>
      post({
        update_id: nextUpdate++,
        message: { message_id: `u${nextMessage++}`, chat, from, text },
      }),
    async press(chat, from, data, messageId) {
      const id = `a${nextAction++}`;
      const status = await post({
        update_id: nextUpdate++,
        action: { id, message_id: messageId, chat, from, data },
      });
      return { status, actionId: id };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  async function post(update: WireUpdate): Promise<number> {
    if (!api.webhook) throw new Error("set the bot's webhook first");
    const response = await fetch(api.webhook.url, {
      method: "POST",
      headers: { "content-type": "application/json", [SECRET_HEADER]: api.webhook.secret },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }
  return api;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
