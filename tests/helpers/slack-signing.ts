import { createHmac } from "node:crypto";

/** Slack's v0 request signature: HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SlackPostOptions {
  /** Signs with this secret; omit for an unsigned request. */
  secret?: string | undefined;
  /** Seconds since the epoch; default now. */
  timestamp?: number | undefined;
  /** Extra headers, e.g. X-Slack-Retry-Num. */
  headers?: Record<string, string> | undefined;
}

/** A response from the endpoint under test. */
export interface SlackPostResult {
  status: number;
  text: string;
}

/** Posts a (signed) request the way Slack does: JSON for events, form-encoded for commands and actions. */
export async function postToSlackEndpoint(
  url: string,
  body: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  options: SlackPostOptions = {},
): Promise<SlackPostResult> {
  const headers: Record<string, string> = { "content-type": contentType, ...options.headers };
  if (options.secret !== undefined) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    headers["x-slack-request-timestamp"] = String(timestamp);
    headers["x-slack-signature"] = slackSignature(options.secret, timestamp, body);
  }
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

/** An Events API delivery (event_callback envelope) as JSON. */
export function eventEnvelope(
  event: Record<string, unknown>,
  meta: { eventId: string; teamId?: string; botUserId?: string },
): string {
  const teamId = meta.teamId ?? "T1";
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: teamId,
    api_app_id: "A1",
    event,
    type: "event_callback",
    event_id: meta.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: meta.botUserId ?? "UBOT", is_bot: true },
    ],
  });
}

/** A slash command delivery, form-encoded. */
export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interactivity delivery (block_actions and friends): form field `payload` holding JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
