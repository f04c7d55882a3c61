/** A call that did not answer in time (the platform may be unreachable or hanging). */
export class TimedOut extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = "TimedOut";
  }
}

/**
 * Rejects with TimedOut when `promise` has not settled within `ms`, then runs
 * `onTimeout` (e.g. to close a half-open connection). For calls that take no
 * AbortSignal; calls that do should be given one instead.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new TimedOut(what, ms));
    }, ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
