import { EventEmitter } from "node:events";
import type { CoreEvent } from "../../../../bot/kernel/events.js";
import type { Handle } from "../../../../bot/kernel/handle.js";
import type { Log } from "../../../../bot/kernel/log.js";
import {
  DingTalkAdapter,
  type DingTalkAdapterOptions,
} from "../../../../bot/platforms/dingtalk/dingtalk-adapter.js";
import { DingTalkSender } from "../../../../bot/platforms/dingtalk/dingtalk-sender.js";
import { unescapeMarkdown } from "../../../../bot/platforms/dingtalk/markdown-text.js";
import { Messenger } from "../../../../bot/platforms/dingtalk/messenger.js";
import { OpenApi } from "../../../../bot/platforms/dingtalk/open-api.js";
import {
  type DingTalkPost,
  type FakeDingTalk,
  PUBLIC_TEMPLATE,
} from "../../../helpers/fake-dingtalk/fake-dingtalk.js";

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown> | undefined;
}

/** Wraps a Handle: records every event and knows when all the core's work has settled. */
export class CoreSpy {
  readonly events: CoreEvent[] = [];
  private readonly running: Promise<void>[] = [];
  private readonly emitter = new EventEmitter();

  constructor(private readonly inner: Handle) {}

  readonly handle: Handle = (event, reply) => {
    this.events.push(event);
    this.emitter.emit("event");
    const run = this.inner(event, reply);
    this.running.push(run);
    return run;
  };

  /** Resolves once `count` events match; rejects after a bounded wait. */
  waitForEvents(match: (e: CoreEvent) => boolean, count = 1, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.events.filter(match).length < count) return false;
        clearTimeout(timer);
        this.emitter.off("event", check);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.emitter.off("event", check);
        reject(new Error(`core saw fewer than ${count} matching events within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.emitter.on("event", check);
    });
  }

  /** Every core call so far has finished (its sends included). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.running);
  }
}

export interface Harness {
  adapter: DingTalkAdapter;
  sender: DingTalkSender;
  spy: CoreSpy;
  logs: LogLine[];
  stop(): Promise<void>;
}

/** The sender a running bot would have, on the emulator (broadcast tests need no connection). */
export function makeSender(api: FakeDingTalk, log: Log = () => {}): DingTalkSender {
  const openApi = new OpenApi({
    apiRoot: api.apiRoot,
    clientId: api.clientId,
    clientSecret: api.clientSecret,
    timeoutMs: 5_000,
  });
  return new DingTalkSender(
    new Messenger({ api: openApi, robotCode: api.robotCode, cardTemplateId: PUBLIC_TEMPLATE, log }),
  );
}

/** The DingTalk adapter over the real SDK, connected to the emulator, handing events to `handle`. */
export async function startHarness(
  api: FakeDingTalk,
  handle: Handle,
  extra: Partial<DingTalkAdapterOptions> = {},
): Promise<Harness> {
  const logs: LogLine[] = [];
  const log: Log = (level, msg, fields) => logs.push({ level, msg, fields });
  const openApi = new OpenApi({
    apiRoot: api.apiRoot,
    clientId: api.clientId,
    clientSecret: api.clientSecret,
    timeoutMs: 5_000,
  });
  const messenger = new Messenger({
    api: openApi,
    robotCode: api.robotCode,
    cardTemplateId: PUBLIC_TEMPLATE,
    log,
  });
  const spy = new CoreSpy(handle);
  const adapter = new DingTalkAdapter({
    clientId: api.clientId,
    clientSecret: api.clientSecret,
    robotCode: api.robotCode,
    apiRoot: api.apiRoot,
    api: openApi,
    messenger,
    handle: spy.handle,
    isCommand: () => false,
    log,
    timeoutMs: 5_000,
    timing: { heartbeatMs: 0 },
    ...extra,
  });
  await adapter.start();
  return {
    adapter,
    sender: new DingTalkSender(messenger),
    spy,
    logs,
    stop: () => adapter.stop(),
  };
}

/** What a chat's members read: every post to the chat, in order, escapes resolved. */
export function readChat(api: FakeDingTalk, chatId: string): string {
  return api.posts
    .filter((p) => p.chatId === chatId)
    .map((p) => unescapeMarkdown(p.text))
    .join("\n\n");
}

export function postsTo(api: FakeDingTalk, chatId: string): DingTalkPost[] {
  return api.posts.filter((p) => p.chatId === chatId);
}
