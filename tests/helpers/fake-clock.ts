import type { Clock } from "../../bot/features/broadcast/dispatcher.js";

/** A clock whose sleeps return at once and move time forward: no test waits on a timer. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public t = Date.parse("2026-11-24T01:00:00Z")) {}

  now = (): number => this.t;

  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
    await Promise.resolve();
  };

  advance(ms: number): void {
    this.t += ms;
  }
}
