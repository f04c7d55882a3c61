/**
 * Several processes write one SQLite file (`qingfeng start`, `qingfeng
 * ingest`, a cron `case send`). SQLite serialises writers: one waiting for
 * another first waits inside SQLite (busy_timeout), and only a writer still
 * locked out after that sees SQLITE_BUSY. These helpers recognise that error
 * and try the unit of work again after a pause, doubling each time.
 */

/** How long a connection waits for another writer inside SQLite before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** True for "database is locked" (SQLITE_BUSY and its extended codes, e.g. SQLITE_BUSY_SNAPSHOT). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code === "SQLITE_LOCKED");
}

export interface BusyRetryOptions {
  /** Tries after the first (default 4: 0.25 + 0.5 + 1 + 2 s of pauses, each try also waiting busy_timeout). */
  retries?: number;
  /** First pause in ms, doubled after each busy try (default 250). */
  initialDelayMs?: number;
  /** Injected so tests never wait. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `work` and runs it again while it fails with SQLITE_BUSY, pausing
 * with exponential backoff; the last busy error is thrown to the caller,
 * which reports it as such (never as a problem with the input).
 */
export async function retryWhenBusy<T>(
  work: () => T | Promise<T>,
  options: BusyRetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let delay = options.initialDelayMs ?? 250;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusyError(error) || attempt >= retries) throw error;
      await sleep(delay);
      delay *= 2;
    }
  }
}
