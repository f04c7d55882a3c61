import { afterEach, expect, it } from "vitest";
import type { ConsoleStore } from "../../bot/features/console/ports.js";

export interface ConsoleStoreFixture {
  store: ConsoleStore;
  /** The same storage opened again (another instance, or a restart). */
  reopen(): ConsoleStore;
  close(): void;
}

/** The console's sign-in state as every backend must keep it. */
export function consoleStoreContract(open: () => ConsoleStoreFixture): void {
  let f: ConsoleStoreFixture;
  afterEach(() => f.close());

  it("keeps one password hash per admin name, replaced when set again", async () => {
    f = open();
    expect(await f.store.passwordHash("admin")).toBeUndefined();
    await f.store.setPassword("admin", "scrypt$1");
    await f.store.setPassword("jijian", "scrypt$2");
    await f.store.setPassword("admin", "scrypt$3");
    expect(await f.reopen().passwordHash("admin")).toBe("scrypt$3");
    expect(await f.store.passwordHash("jijian")).toBe("scrypt$2");
  });

  it("hands a sign-in link out once", async () => {
    f = open();
    await f.store.addLink("h1", { platform: "telegram", userId: "9", expiresAt: 1000 });
    expect(await f.reopen().takeLink("h1")).toEqual({
      platform: "telegram",
      userId: "9",
      expiresAt: 1000,
    });
    expect(await f.store.takeLink("h1")).toBeUndefined();
    expect(await f.store.takeLink("unknown")).toBeUndefined();
  });

  it("keeps sessions, touches and ends them, and prunes expired links and idle sessions", async () => {
    f = open();
    const session = { who: "telegram:9", csrf: "c", createdAt: 100, lastSeen: 100 };
    await f.store.addSession("s1", session);
    await f.store.addSession("s2", { ...session, who: "password:admin" });
    await f.store.touchSession("s1", 500);
    expect(await f.reopen().session("s1")).toEqual({ ...session, lastSeen: 500 });
    await f.store.addLink("old", { platform: "telegram", userId: "9", expiresAt: 300 });
    await f.store.addLink("new", { platform: "telegram", userId: "9", expiresAt: 900 });
    await f.store.prune(300, 200);
    expect(await f.store.session("s1")).toBeDefined();
    expect(await f.store.session("s2")).toBeUndefined();
    expect(await f.store.takeLink("old")).toBeUndefined();
    expect(await f.store.takeLink("new")).toBeDefined();
    await f.store.endSession("s1");
    expect(await f.store.session("s1")).toBeUndefined();
  });
}
