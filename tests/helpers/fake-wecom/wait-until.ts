/**
 * Waits for a condition that socket traffic makes true soon: polls it every
 * few milliseconds and fails after a bounded wait (never a fixed sleep).
 */
export async function waitUntil(
  condition: () => boolean,
  what = "condition",
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
