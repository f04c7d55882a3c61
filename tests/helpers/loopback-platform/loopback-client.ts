import { SendError } from "../../../bot/kernel/sender.js";
import type { WireResult } from "./wire.js";

/**
 * The one HTTP client of the loopback Bot API, shared by the adapter (replies,
 * button answers) and the sender (broadcasts). One attempt per call: a failure
 * is a SendError saying what the caller may do about it.
 */
export class LoopbackClient {
  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  async call<T>(method: string, payload: object = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(method, this.apiUrl), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.token}` },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SendError({ kind: "transient" }, `loopback ${method}: ${String(error)}`);
    }
    const body = (await response.json().catch(() => undefined)) as WireResult<T> | undefined;
    if (body?.ok) return body.result;
    const reason = `loopback ${method}: ${response.status} ${body?.error ?? "no body"}`;
    if (response.status === 429)
      throw new SendError(
        { kind: "rate-limited", retryAfterMs: (body?.retry_after ?? 1) * 1000 },
        reason,
      );
    if (response.status === 403 || response.status === 404)
      throw new SendError({ kind: "permanent" }, reason);
    if (response.status === 401) throw new SendError({ kind: "rejected" }, reason);
    if (response.status >= 400 && response.status < 500)
      throw new SendError({ kind: "rejected" }, reason);
    throw new SendError({ kind: "transient" }, reason);
  }
}
