import { afterEach, describe, expect, it } from "vitest";
import type { RateLimits, SharedState } from "../../bot/kernel/shared-state.js";
import { FakeClock } from "../helpers/fake-clock.js";

export interface ConversationsFixture {
  state: SharedState;
  rates: RateLimits;
  /** The same state as another instance on the same storage sees it. */
  other(): { state: SharedState; rates: RateLimits };
  close(): void;
}

export type OpenConversations = (now: () => number) => ConversationsFixture;

/** SharedState and RateLimits as every backend must keep them. */
export function conversationsContract(open: OpenConversations): void {
  let clock: FakeClock;
  let fixture: ConversationsFixture | undefined;
  const start = (): ConversationsFixture => {
    clock = new FakeClock();
    fixture = open(clock.now);
    return fixture;
  };
  afterEach(() => {
    fixture?.close();
    fixture = undefined;
  });

  describe("shared state", () => {
    it("keeps a value until it expires, by the injected clock", async () => {
      const { state } = start();
      await state.set("flow", "telegram:1", { step: "facts", fields: { title: "回扣" } }, 60_000);
      expect(await state.get("flow", "telegram:1")).toEqual({
        step: "facts",
        fields: { title: "回扣" },
      });
      expect(await state.get("flow", "telegram:2")).toBeUndefined();
      expect(await state.get("other", "telegram:1")).toBeUndefined();
      clock.advance(60_001);
      expect(await state.get("flow", "telegram:1")).toBeUndefined();
    });

    it("hands a taken value to one taker only, and replaces a value set again", async () => {
      const f = start();
      await f.state.set("reason", "k", 41, 60_000);
      await f.state.set("reason", "k", 42, 60_000);
      const other = f.other();
      const taken = await Promise.all([
        f.state.take("reason", "k"),
        other.state.take("reason", "k"),
      ]);
      expect(taken.filter((v) => v !== undefined)).toEqual([42]);
      expect(await f.state.get("reason", "k")).toBeUndefined();
    });

    it("does not hand out an expired value on take, and forgets a deleted one", async () => {
      const { state } = start();
      await state.set("reason", "old", 1, 1_000);
      await state.set("reason", "gone", 2, 60_000);
      clock.advance(1_001);
      expect(await state.take("reason", "old")).toBeUndefined();
      await state.delete("reason", "gone");
      expect(await state.get("reason", "gone")).toBeUndefined();
    });
  });

  describe("rate limits", () => {
    const rule = { capacity: 3, refillPerMinute: 6 };

    it("give a burst of `capacity`, then refill at the rule's rate, per key", async () => {
      const { rates } = start();
      const takes = async (key: string, n: number) => {
        const got: boolean[] = [];
        for (let i = 0; i < n; i++) got.push(await rates.take(key, rule));
        return got;
      };
      expect(await takes("u1", 4)).toEqual([true, true, true, false]);
      expect(await takes("u2", 1)).toEqual([true]);
      clock.advance(10_000); // 6 a minute: one token back
      expect(await takes("u1", 2)).toEqual([true, false]);
    });

    it("share one bucket between instances on the same storage", async () => {
      const f = start();
      const other = f.other();
      expect(await f.rates.take("u", rule)).toBe(true);
      expect(await other.rates.take("u", rule)).toBe(true);
      expect(await f.rates.take("u", rule)).toBe(true);
      expect(await other.rates.take("u", rule)).toBe(false);
    });
  });
}
