import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Handle } from "../../../bot/kernel/handle.js";
import type { OutMessage } from "../../../bot/kernel/out-message.js";
import {
  type AdapterRoute,
  type PlatformAdapter,
  PlatformStartError,
  RequestRejected,
} from "../../../bot/kernel/platform-adapter.js";
import type { Reply } from "../../../bot/kernel/reply.js";
import { SendError } from "../../../bot/kernel/sender.js";
import type { LoopbackClient } from "./loopback-client.js";
import { type Inbound, mapWireUpdate } from "./map-wire-update.js";
import { renderWire } from "./render-wire.js";
import {
  SECRET_HEADER,
  WEBHOOK_PATH,
  type WireAnswerAction,
  type WireSendMessage,
  type WireUpdate,
} from "./wire.js";

/**
 * Receives loopback updates on the shared server's webhook route and answers
 * in the chat they came from. The webhook is answered once the update has been
 * handled, so an update lost to a crash is delivered again by the platform.
 */
export class LoopbackAdapter implements PlatformAdapter {
  readonly platform = "loopback";
  private identity: { id: string; name: string } | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      client: LoopbackClient;
      secret: string;
      handle: Handle;
      isCommand: (name: string) => boolean;
    },
  ) {}

  async start(): Promise<void> {
    try {
      this.identity = await this.options.client.call<{ id: string; name: string }>("me");
      this.stopped = false;
    } catch (error) {
      const rejected = error instanceof SendError && error.failure.kind === "rejected";
      throw new PlatformStartError(
        this.platform,
        rejected ? "PLATFORM_REJECTED" : "PLATFORM_UNREACHABLE",
        `loopback: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  ready(): boolean {
    return this.identity !== undefined && !this.stopped;
  }

  routes(): AdapterRoute[] {
    const expected = Buffer.from(this.options.secret);
    return [
      {
        method: "POST",
        path: WEBHOOK_PATH,
        admit: (req) => {
          const given = req.headers[SECRET_HEADER];
          const buffer = Buffer.from(typeof given === "string" ? given : "");
          if (buffer.length !== expected.length || !timingSafeEqual(buffer, expected))
            throw new RequestRejected(403, "wrong or missing loopback secret");
          if (!this.ready()) throw new RequestRejected(503, "loopback is not connected yet");
          return 64 * 1024;
        },
        handle: async (_req: IncomingMessage, res: ServerResponse, body: Buffer) => {
          const inbound = mapWireUpdate(parseUpdate(body), this.options.isCommand);
          if (inbound) await this.track(this.options.handle(inbound.event, this.replyTo(inbound)));
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
        },
      },
    ];
  }

  private async track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private replyTo({ event, messageId, actionId }: Inbound): Reply {
    const { client } = this.options;
    const send = (chatId: string, message: OutMessage, replyTo?: string) =>
      client.call("sendMessage", {
        chat_id: chatId,
        ...renderWire(message),
        reply_to: replyTo,
      } satisfies WireSendMessage);
    return {
      send: async (message) => {
        await send(event.chat.id, message, event.chat.type === "group" ? messageId : undefined);
      },
      // A loopback user's DM has the user's id: the bot may always write there.
      sendPrivate: async (message) => {
        await send(event.user.id, message);
        return true;
      },
      ack: async (notice) => {
        if (actionId === undefined) return;
        await client.call("answerAction", {
          action_id: actionId,
          text: notice,
        } satisfies WireAnswerAction);
      },
    };
  }
}

function parseUpdate(body: Buffer): WireUpdate {
  try {
    return JSON.parse(body.toString("utf8")) as WireUpdate;
  } catch {
    throw new RequestRejected(400, "loopback update is not JSON");
  }
}
