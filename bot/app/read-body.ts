import type { IncomingMessage } from "node:http";

/** A body over its limit: refused as soon as the limit is passed, declared or streamed. */
export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly seen: number,
  ) {
    super(`request body over ${limit} bytes`);
    this.name = "BodyTooLarge";
  }
}

/**
 * Reads a request body into memory, refusing it the moment it passes
 * `maxBytes`: a Content-Length over the limit is refused before a byte is
 * read, and a chunked (or lying) body is refused when the running count
 * passes it. Reading stops there, so an endless body costs at most
 * `maxBytes` of memory, never its own size.
 */
export function readBoundedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new BodyTooLarge(maxBytes, declared));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // Stop pulling from the socket; the server answers 413 and closes the connection.
        req.pause();
        settle(new BodyTooLarge(maxBytes, size));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(new Error("the client closed the request before its body ended"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
