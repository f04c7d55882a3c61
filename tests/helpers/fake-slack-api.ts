import { EventEmitter } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { slackBlocksProblem } from "./slack-block-check.js";

/** One Web API call (or response_url post) the fake received. */
export interface SlackApiCall {
  /** "chat.postMessage", "auth.test", … or "respond" for a response_url post. */
  method: string;
  /** Form fields (blocks / attachments JSON-parsed) or the JSON body of a response_url post. */
  args: Record<string, unknown>;
  /** The bearer token sent, if any. */
  token?: string | undefined;
}

/** What an override answers: a Web API body (JSON) with an HTTP status and headers. */
export interface FakeSlackResponse {
  status?: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface FakeSlackApi {
  /** Pass as SLACK_API_URL / the adapter's apiUrl, e.g. http://127.0.0.1:5555/api/. */
  apiUrl: string;
  /** A response_url on this fake (a slash command's or a button's). */
  responseUrl(id: string): string;
  /** Every call, in arrival order. */
  calls: SlackApiCall[];
  /** Messages chat.postMessage accepted, per channel history (conversations.history reads it). */
  posted: { channel: string; ts: string; text: string; metadata?: unknown }[];
  /** Answers a call before the built-in behaviour when it returns a response (rate limits, failures). */
  override: ((call: SlackApiCall) => FakeSlackResponse | undefined) | undefined;
  /** The first call (already received or still to come) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (call: SlackApiCall) => boolean, timeoutMs?: number): Promise<SlackApiCall>;
  close(): Promise<void>;
}

/** The bot identity auth.test reports. */
export const FAKE_BOT = { userId: "UBOT", botId: "BBOT", teamId: "T1" } as const;

const JSON_FIELDS = new Set(["blocks", "attachments", "metadata"]);

/**
 * A Slack Web API on 127.0.0.1 (random port) for the adapter's methods:
 * auth.test, chat.postMessage (kept as channel history for conversations.history;
 * blocks past Slack's Block Kit limits get `invalid_blocks`),
 * chat.postEphemeral, conversations.open,
 * users.info, plus POST /respond/<id> standing in for response_urls. Users in
 * `admins` are workspace admins; DMs to users in `undmable` fail.
 */
export async function startFakeSlackApi(
  options: { admins?: string[]; undmable?: string[] } = {},
): Promise<FakeSlackApi> {
  const admins = new Set(options.admins ?? []);
  const undmable = new Set(options.undmable ?? []);
  const calls: SlackApiCall[] = [];
  const events = new EventEmitter();
  let ts = 1_700_000_000;
  const nextTs = () => `${++ts}.000100`;

  const builtIn = (call: SlackApiCall): FakeSlackResponse => {
    const a = call.args;
    switch (call.method) {
      case "auth.test":
        return {
          body: {
            ok: true,
            user_id: FAKE_BOT.userId,
            bot_id: FAKE_BOT.botId,
            team_id: FAKE_BOT.teamId,
            user: "qingfeng",
          },
        };
      case "chat.postMessage": {
        const invalid = a.blocks === undefined ? undefined : slackBlocksProblem(a.blocks);
        if (invalid) return { body: { ok: false, error: "invalid_blocks", errors: [invalid] } };
        const message = {
          channel: String(a.channel),
          ts: nextTs(),
          text: String(a.text ?? ""),
          metadata: a.metadata,
        };
        api.posted.push(message);
        return { body: { ok: true, channel: a.channel, ts: message.ts } };
      }
      case "conversations.history": {
        const withMetadata = a.include_all_metadata === "true" || a.include_all_metadata === true;
        const messages = api.posted
          .filter((m) => m.channel === a.channel)
          .reverse()
          .map((m) => ({
            type: "message",
            ts: m.ts,
            text: m.text,
            ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
          }));
        return { body: { ok: true, messages, has_more: false } };
      }
      case "chat.postEphemeral":
        return { body: { ok: true, message_ts: nextTs() } };
      case "conversations.open": {
        const user = String(a.users ?? "");
        if (undmable.has(user)) return { body: { ok: false, error: "cannot_dm_bot" } };
        return { body: { ok: true, channel: { id: `D${user}` } } };
      }
      case "users.info": {
        const user = String(a.user ?? "");
        return {
          body: { ok: true, user: { id: user, is_admin: admins.has(user), is_owner: false } },
        };
      }
      case "respond":
        return { body: { ok: true } };
      default:
        return { body: { ok: false, error: "unknown_method" } };
    }
  };

  const api: FakeSlackApi = {
    apiUrl: "",
    responseUrl: (id) => `${api.apiUrl.replace(/\/api\/$/, "")}/respond/${id}`,
    calls,
    posted: [],
    override: undefined,
    waitFor: (predicate, timeoutMs = 5_000) =>
      new Promise<SlackApiCall>((resolve, reject) => {
        const found = calls.find(predicate);
        if (found) return resolve(found);
        const onCall = (call: SlackApiCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          events.off("call", onCall);
          resolve(call);
        };
        const timer = setTimeout(() => {
          events.off("call", onCall);
          reject(new Error(`no matching Slack API call within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on("call", onCall);
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const text = Buffer.concat(chunks).toString("utf8");
      const auth = req.headers.authorization;
      const call: SlackApiCall = {
        method: path.startsWith("/respond/") ? "respond" : path.replace(/^\/api\//, ""),
        args: parseArgs(text, req.headers["content-type"] ?? ""),
        token: auth?.startsWith("Bearer ") ? auth.slice(7) : undefined,
      };
      if (call.method === "respond") call.args.responseId = path.slice("/respond/".length);
      calls.push(call);
      events.emit("call", call);
      send(res, api.override?.(call) ?? builtIn(call));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  api.apiUrl = `http://127.0.0.1:${port}/api/`;
  return api;
}

function parseArgs(text: string, contentType: string): Record<string, unknown> {
  if (text === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(text) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

function send(res: ServerResponse, answer: FakeSlackResponse): void {
  res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
  res.end(JSON.stringify(answer.body));
}
