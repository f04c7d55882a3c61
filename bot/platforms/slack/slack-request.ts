import type { IncomingMessage } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { HTTPModuleFunctions, isValidSlackRequest } from "@slack/bolt";
import { RequestRejected } from "../../kernel/platform-adapter.js";

/** Slack's replay window for signed requests, in seconds (both ways: bolt checks only the past). */
export const MAX_CLOCK_SKEW_S = 5 * 60;

/** An unsigned request may only be Slack's ssl_check, a few dozen bytes. */
export const UNSIGNED_MAX_BYTES = 4 * 1024;

/** The signature headers, or undefined when the request carries none. */
export function signatureHeaders(
  req: IncomingMessage,
): { timestamp: number; signature: string } | undefined {
  const signature = req.headers["x-slack-signature"];
  const timestamp = req.headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || typeof timestamp !== "string") return undefined;
  return { signature, timestamp: Number(timestamp) };
}

/** Refuses, on the headers alone, a signed request outside Slack's 5-minute window. */
export function assertFresh(timestamp: number, nowMs: number): void {
  if (!Number.isFinite(timestamp) || Math.abs(nowMs / 1000 - timestamp) > MAX_CLOCK_SKEW_S) {
    throw new RequestRejected(401, "slack request outside the 5-minute window");
  }
}

/** Checks the v0 signature (bolt's own check) over the body as read, within its limit. */
export function assertSigned(
  secret: string,
  headers: { timestamp: number; signature: string },
  body: Buffer,
  nowMs: number,
): void {
  const valid = isValidSlackRequest({
    signingSecret: secret,
    body: body.toString(),
    headers: {
      "x-slack-signature": headers.signature,
      "x-slack-request-timestamp": headers.timestamp,
    },
    nowMilliseconds: nowMs,
  });
  if (!valid) throw new RequestRejected(401, "slack signature mismatch");
}

/** Slack's unsigned certificate check (`ssl_check=1`), which needs only a 200. */
export function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return (
    req.headers["content-type"] === "application/x-www-form-urlencoded" &&
    parseQuery(body.toString()).ssl_check === "1"
  );
}

/**
 * Parses the body exactly as bolt will and refuses what bolt would crash on
 * outside its own error handling: `null`, a string or an array where an
 * object belongs (a JSON `null`, a form `payload=null`), or an `event` that
 * is not an object.
 */
export function assertSlackBody(req: IncomingMessage, body: Buffer): void {
  let parsed: unknown;
  try {
    parsed = HTTPModuleFunctions.parseHTTPRequestBody({
      rawBody: body,
      headers: req.headers,
    } as unknown as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
  } catch (error) {
    throw new RequestRejected(400, `malformed slack body: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new RequestRejected(400, "slack body is not an object");
  if ("event" in parsed && !isRecord(parsed.event)) {
    throw new RequestRejected(400, "slack event is not an object");
  }
  // bolt reads `.id` of a channel and uses `in` on an event's item: null or a string there throws.
  const event = parsed.event;
  if (
    parsed.channel === null ||
    (isRecord(event) && (event.channel === null || ("item" in event && !isRecord(event.item))))
  ) {
    throw new RequestRejected(400, "slack body has null where an object belongs");
  }
  if ("actions" in parsed && !Array.isArray(parsed.actions)) {
    throw new RequestRejected(400, "slack actions is not a list");
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
