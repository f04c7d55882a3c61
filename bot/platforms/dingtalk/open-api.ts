/**
 * A failed call to DingTalk's server API: the HTTP status and, when DingTalk
 * said, its error code (api.dingtalk.com answers `{code, message}`; the
 * robot's session webhook on oapi.dingtalk.com answers `{errcode, errmsg}`).
 * `status` 0 is a network error or a timeout.
 */
export class DingTalkApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From a Retry-After header, when one came. */
    readonly retryAfterMs?: number | undefined,
  ) {
    super(message);
    this.name = "DingTalkApiError";
  }
}

export interface OpenApiOptions {
  /** e.g. https://api.dingtalk.com (no trailing slash). */
  apiRoot: string;
  clientId: string;
  clientSecret: string;
  /** Limit on each call. */
  timeoutMs: number;
  now?: (() => number) | undefined;
}

/** DingTalk's own advice: refresh a little before the 7,200-second lifetime ends. */
const REFRESH_EARLY_MS = 5 * 60_000;

/**
 * The server API over plain fetch, with the app's access token (POST
 * /v1.0/oauth2/accessToken, cached until shortly before it expires, fetched
 * once for concurrent callers). One attempt per call: whoever calls decides
 * about retrying. A 401 drops the cached token so the next call gets a fresh one.
 *
 * fetch rather than @alicloud/dingtalk: these are a handful of JSON POSTs,
 * and that SDK is a generated client for every DingTalk API with its own
 * runtime (tea-util, openapi-client) that the bot would load for four endpoints.
 */
export class OpenApi {
  private token: { value: string; expiresAt: number } | undefined;
  private fetching: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: OpenApiOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A valid access token, from the cache when it has one. */
  accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt) return Promise.resolve(this.token.value);
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  /** POSTs JSON to a server API path with the access token; resolves with the answer's body. */
  async post<T>(path: string, body: unknown): Promise<T> {
    const token = await this.accessToken();
    try {
      return await this.request<T>(`${this.options.apiRoot}${path}`, body, {
        "x-acs-dingtalk-access-token": token,
      });
    } catch (error) {
      if (error instanceof DingTalkApiError && error.status === 401) this.token = undefined;
      throw error;
    }
  }

  /**
   * POSTs to a robot message's session webhook (no token: the URL is the
   * credential). Its errors come as `{errcode, errmsg}` with HTTP 200.
   */
  async postWebhook(url: string, body: unknown): Promise<void> {
    const answer = await this.request<{ errcode?: unknown; errmsg?: unknown }>(url, body, {});
    if (answer && typeof answer.errcode === "number" && answer.errcode !== 0)
      throw new DingTalkApiError(200, String(answer.errcode), String(answer.errmsg ?? "webhook"));
  }

  private async fetchToken(): Promise<string> {
    const answer = await this.request<{ accessToken?: unknown; expireIn?: unknown }>(
      `${this.options.apiRoot}/v1.0/oauth2/accessToken`,
      { appKey: this.options.clientId, appSecret: this.options.clientSecret },
      {},
    );
    if (typeof answer?.accessToken !== "string" || answer.accessToken === "")
      throw new DingTalkApiError(200, "noAccessToken", "the token answer has no accessToken");
    const lifetime = typeof answer.expireIn === "number" ? answer.expireIn * 1000 : 7_200_000;
    this.token = {
      value: answer.accessToken,
      expiresAt: this.now() + Math.max(lifetime - REFRESH_EARLY_MS, lifetime / 2),
    };
    return answer.accessToken;
  }

  private request<T>(url: string, body: unknown, headers: Record<string, string>): Promise<T> {
    return postJson<T>(url, body, headers, this.options.timeoutMs);
  }
}

/**
 * POSTs JSON to DingTalk within a time limit; the parsed answer when it is 2xx,
 * otherwise a DingTalkApiError classed by DingTalk's code (or the HTTP status),
 * "timeout" or "network".
 */
export async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as { name?: string }).name === "TimeoutError";
    throw new DingTalkApiError(
      0,
      timedOut ? "timeout" : "network",
      timedOut
        ? `${pathOf(url)} did not answer within ${timeoutMs} ms`
        : `${pathOf(url)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? {} : JSON.parse(text);
  } catch {
    // The IP-level throttle answers with an HTML page, not JSON.
    parsed = undefined;
  }
  if (response.ok) return parsed as T;
  const fields = (parsed ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof fields.code === "string" ? fields.code : `http${response.status}`;
  const message = typeof fields.message === "string" ? fields.message : text.slice(0, 200);
  throw new DingTalkApiError(
    response.status,
    code,
    `${pathOf(url)}: ${response.status} ${code} ${message}`.trim(),
    retryAfter(response.headers.get("retry-after")),
  );
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
