import { afterEach, describe, expect, it } from "vitest";
import type { ChatStore } from "../../bot/features/groups/stores.js";
import { FakeClock } from "../helpers/fake-clock.js";

const DAY = 24 * 3_600_000;

export interface ChatStoreFixture {
  store: ChatStore;
  /** Another store on the same storage (a second bot, a restart). */
  reopen(): ChatStore;
  close(): void;
}

export type OpenChatStore = (
  now: () => number,
  options?: { deliveryRetentionMs?: number },
) => ChatStoreFixture;

/** ChatDirectory, SubscriptionHealth, RoleStore and DeliveryLog as every backend must keep them. */
export function chatStoreContract(open: OpenChatStore): void {
  let clock: FakeClock;
  let fixture: ChatStoreFixture | undefined;
  const openStore = (options?: { deliveryRetentionMs?: number }): ChatStore => {
    clock = new FakeClock();
    fixture = open(clock.now, options);
    return fixture.store;
  };
  afterEach(() => {
    fixture?.close();
    fixture = undefined;
  });

  describe("chat directory", () => {
    it("records a chat the first time it is seen, unsubscribed and without a language", async () => {
      const store = openStore();
      expect(await store.get("telegram", "-500")).toBeUndefined();
      await store.seen("telegram", { id: "-500", type: "group", title: "心内科" });
      expect(await store.get("telegram", "-500")).toStrictEqual({
        platform: "telegram",
        chatId: "-500",
        type: "group",
        title: "心内科",
        language: undefined,
        subscribed: false,
        tags: [],
        deactivatedReason: undefined,
      });
      expect(await store.get("slack", "-500")).toBeUndefined();
    });

    it("keeps a chat's type and takes a new title only when one is given", async () => {
      const store = openStore();
      await store.seen("telegram", { id: "-500", type: "group", title: "心内科" });
      await store.seen("telegram", { id: "-500", type: "dm" });
      expect(await store.get("telegram", "-500")).toMatchObject({
        type: "group",
        title: "心内科",
      });
      await store.seen("telegram", { id: "-500", type: "group", title: "外科" });
      expect((await store.get("telegram", "-500"))?.title).toBe("外科");
      await store.seen("telegram", { id: "100", type: "dm" });
      expect((await store.get("telegram", "100"))?.title).toBeUndefined();
    });

    it("sets the language of a known chat and ignores an unknown one", async () => {
      const store = openStore();
      await store.seen("slack", { id: "C1", type: "group" });
      await store.setLanguage("slack", "C1", "en");
      await store.setLanguage("slack", "C2", "en");
      expect((await store.get("slack", "C1"))?.language).toBe("en");
      expect(await store.get("slack", "C2")).toBeUndefined();
    });

    it("subscribes known chats with their tags and lists them by platform, then chat id", async () => {
      const store = openStore();
      for (const [platform, id] of [
        ["telegram", "-20"],
        ["slack", "C9"],
        ["telegram", "-100"],
        ["telegram", "-300"],
        ["slack", "C1"],
      ] as const)
        await store.seen(platform, { id, type: "group" });
      for (const [platform, id] of [
        ["telegram", "-20"],
        ["slack", "C9"],
        ["telegram", "-100"],
        ["slack", "C1"],
      ] as const)
        await store.subscribe(platform, id, [`${id}-tag`], "admin");
      await store.subscribe("telegram", "-999", ["unknown"], "admin");
      expect(await store.get("telegram", "-999")).toBeUndefined();
      const listed = await store.subscribed();
      expect(listed.map((c) => `${c.platform}:${c.chatId}`)).toEqual([
        "slack:C1",
        "slack:C9",
        "telegram:-100",
        "telegram:-20",
      ]);
      expect(listed[0]).toMatchObject({ subscribed: true, tags: ["C1-tag"] });
    });

    it("keeps its own copy of tags", async () => {
      const store = openStore();
      await store.seen("telegram", { id: "-1", type: "group" });
      const tags = ["外科"];
      await store.subscribe("telegram", "-1", tags, "admin");
      tags.push("changed by the caller");
      const read = await store.get("telegram", "-1");
      read?.tags.push("changed by a reader");
      expect((await store.get("telegram", "-1"))?.tags).toEqual(["外科"]);
    });

    it("unsubscribes once: true when a subscription ended, false otherwise", async () => {
      const store = openStore();
      await store.seen("telegram", { id: "-1", type: "group" });
      await store.subscribe("telegram", "-1", ["a"], "admin");
      expect(await store.unsubscribe("telegram", "-1")).toBe(true);
      expect(await store.unsubscribe("telegram", "-1")).toBe(false);
      expect(await store.unsubscribe("telegram", "-2")).toBe(false);
      expect(await store.get("telegram", "-1")).toMatchObject({ subscribed: false, tags: ["a"] });
      expect(await store.subscribed()).toEqual([]);
    });

    it("is shared by every store opened on the same storage", async () => {
      const store = openStore();
      await store.seen("telegram", { id: "-1", type: "group", title: "群" });
      await store.subscribe("telegram", "-1", [], "admin");
      const other = fixture?.reopen();
      expect((await other?.subscribed())?.map((c) => c.chatId)).toEqual(["-1"]);
    });
  });

  describe("subscription health", () => {
    it("deactivates a subscription with the platform's reason; subscribing again clears it", async () => {
      const store = openStore();
      await store.seen("telegram", { id: "-1", type: "group" });
      await store.subscribe("telegram", "-1", ["a"], "admin");
      await store.deactivate("telegram", "-1", "bot was kicked");
      expect(await store.get("telegram", "-1")).toMatchObject({
        subscribed: false,
        deactivatedReason: "bot was kicked",
      });
      await store.deactivate("telegram", "-2", "chat not found");
      expect(await store.get("telegram", "-2")).toBeUndefined();
      await store.subscribe("telegram", "-1", ["b"], "admin");
      expect(await store.get("telegram", "-1")).toMatchObject({
        subscribed: true,
        tags: ["b"],
        deactivatedReason: undefined,
      });
    });

    it("moves a chat to a new id with its subscription, language and title", async () => {
      const store = openStore();
      await store.seen("telegram", { id: "-1", type: "group", title: "心内科" });
      await store.setLanguage("telegram", "-1", "en");
      await store.subscribe("telegram", "-1", ["心内科"], "admin");
      await store.moved("telegram", "-1", "-1001");
      expect(await store.get("telegram", "-1001")).toStrictEqual({
        platform: "telegram",
        chatId: "-1001",
        type: "group",
        title: "心内科",
        language: "en",
        subscribed: true,
        tags: ["心内科"],
        deactivatedReason: undefined,
      });
      expect(await store.get("telegram", "-1")).toMatchObject({
        subscribed: false,
        deactivatedReason: "moved to -1001",
      });
      expect((await store.subscribed()).map((c) => c.chatId)).toEqual(["-1001"]);
    });

    it("moves onto a chat already seen: the subscription and tags move, its own title stays", async () => {
      const store = openStore();
      await store.seen("telegram", { id: "-1", type: "group", title: "old" });
      await store.subscribe("telegram", "-1", ["x"], "admin");
      await store.seen("telegram", { id: "-1001", type: "group", title: "new" });
      await store.moved("telegram", "-1", "-1001");
      expect(await store.get("telegram", "-1001")).toMatchObject({
        title: "new",
        subscribed: true,
        tags: ["x"],
      });
    });

    it("moving an unknown chat creates nothing", async () => {
      const store = openStore();
      await store.moved("telegram", "-1", "-1001");
      expect(await store.get("telegram", "-1001")).toBeUndefined();
      expect(await store.get("telegram", "-1")).toBeUndefined();
    });
  });

  describe("roles", () => {
    it("grants once per platform and user, and revokes once", async () => {
      const store = openStore();
      expect(await store.isGranted("telegram", "7")).toBe(false);
      await store.grant("telegram", "7", "9");
      await store.grant("telegram", "7", "9");
      expect(await store.isGranted("telegram", "7")).toBe(true);
      expect(await store.isGranted("slack", "7")).toBe(false);
      expect(await store.revoke("telegram", "7")).toBe(true);
      expect(await store.revoke("telegram", "7")).toBe(false);
      expect(await store.isGranted("telegram", "7")).toBe(false);
    });

    it("audits admin commands newest first, stamped by the clock, up to a limit", async () => {
      const store = openStore();
      const t0 = clock.now();
      await store.audit("telegram", "1", "grant", false);
      clock.advance(1_000);
      await store.audit("slack", "U1", "publish", true);
      clock.advance(1_000);
      await store.audit("telegram", "9", "revoke", true);
      expect(await store.auditLog()).toStrictEqual([
        {
          platform: "telegram",
          userId: "9",
          command: "revoke",
          allowed: true,
          at: new Date(t0 + 2_000).toISOString(),
        },
        {
          platform: "slack",
          userId: "U1",
          command: "publish",
          allowed: true,
          at: new Date(t0 + 1_000).toISOString(),
        },
        {
          platform: "telegram",
          userId: "1",
          command: "grant",
          allowed: false,
          at: new Date(t0).toISOString(),
        },
      ]);
      expect((await store.auditLog(2)).map((r) => r.command)).toEqual(["revoke", "publish"]);
      expect(await store.auditLog(0)).toEqual([]);
    });
  });

  describe("delivery log", () => {
    it("says first time once per platform and delivery id", async () => {
      const store = openStore();
      expect(await store.firstTime("telegram", "u-1")).toBe(true);
      expect(await store.firstTime("telegram", "u-1")).toBe(false);
      expect(await store.firstTime("slack", "u-1")).toBe(true);
      expect(await fixture?.reopen().firstTime("telegram", "u-1")).toBe(false);
    });

    // processed_deliveries used to grow by one row per update, forever.
    it("remembers ids within the retention window and forgets them after it (injected clock)", async () => {
      const store = openStore({ deliveryRetentionMs: 2 * DAY });
      expect(await store.firstTime("telegram", "100")).toBe(true);
      clock.advance(DAY);
      expect(await store.firstTime("telegram", "101")).toBe(true);
      // A redelivery inside the window is still recognised.
      expect(await store.firstTime("telegram", "100")).toBe(false);
      clock.advance(DAY + 3_600_000);
      expect(await store.firstTime("slack", "Ev1")).toBe(true);
      // "100" is now past the window: forgotten, so it counts as new.
      expect(await store.firstTime("telegram", "100")).toBe(true);
      expect(await store.firstTime("telegram", "101")).toBe(false);
      clock.advance(3 * DAY);
      expect(await store.firstTime("slack", "Ev2")).toBe(true);
      expect(await store.firstTime("telegram", "101")).toBe(true);
      expect(await store.firstTime("slack", "Ev1")).toBe(true);
    });

    it("prunes at most hourly, so an id just past the window is still known until the next prune", async () => {
      const store = openStore({ deliveryRetentionMs: DAY });
      expect(await store.firstTime("telegram", "1")).toBe(true);
      clock.advance(DAY - 1_000);
      expect(await store.firstTime("telegram", "2")).toBe(true);
      clock.advance(30 * 60_000);
      // Past the window, but the last prune was under an hour ago.
      expect(await store.firstTime("telegram", "1")).toBe(false);
      clock.advance(30 * 60_000);
      expect(await store.firstTime("telegram", "1")).toBe(true);
    });
  });
}
