import {
  Client,
  DefaultCache,
  defaultHttpInstance,
  type HttpInstance,
  type HttpRequestOptions,
  LoggerLevel,
} from "@larksuiteoapi/node-sdk";
import type { Log } from "../../kernel/log.js";
import { sdkLogger } from "./sdk-logger.js";

/**
 * The SDK's HTTP instance with a time limit on every call: its API methods
 * take none, and a hung call would hold an answer or a broadcast slot forever.
 * The shared default instance is wrapped, never changed.
 */
export function timedHttp(timeoutMs: number): HttpInstance {
  const base = defaultHttpInstance as unknown as HttpInstance;
  const timed = <D>(opts?: HttpRequestOptions<D>): HttpRequestOptions<D> => ({
    timeout: timeoutMs,
    ...opts,
  });
  return {
    request: (opts) => base.request(timed(opts)),
    get: (url, opts) => base.get(url, timed(opts)),
    delete: (url, opts) => base.delete(url, timed(opts)),
    head: (url, opts) => base.head(url, timed(opts)),
    options: (url, opts) => base.options(url, timed(opts)),
    post: (url, data, opts) => base.post(url, data, timed(opts)),
    put: (url, data, opts) => base.put(url, data, timed(opts)),
    patch: (url, data, opts) => base.patch(url, data, timed(opts)),
  };
}

/**
 * The Open API client of one app. Its token cache is its own: the SDK's
 * default cache is shared by every client in the process, keyed by app id,
 * and two clients of one app against two servers (tests, a test tenant)
 * would hand each other tokens.
 */
export function createFeishuClient(options: {
  appId: string;
  appSecret: string;
  domain: string;
  log: Log;
  timeoutMs: number;
}): Client {
  return new Client({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.domain,
    cache: new DefaultCache(),
    httpInstance: timedHttp(options.timeoutMs),
    logger: sdkLogger(options.log),
    loggerLevel: LoggerLevel.info,
  });
}
