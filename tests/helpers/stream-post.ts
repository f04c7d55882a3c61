import { request } from "node:http";

export interface StreamPostResult {
  /** The status the server answered, when its answer arrived. */
  status?: number | undefined;
  /** Why the connection ended without an answer (ECONNRESET, EPIPE…). */
  error?: string | undefined;
  /** Bytes of the body the client managed to hand to the socket before the server stopped it. */
  written: number;
}

/**
 * POSTs a body of `total` bytes the way an attacker streams one: chunked
 * (no Content-Length) unless `contentLength` says otherwise, writing only as
 * fast as the server reads, and stopping as soon as the server answers or
 * closes. `written` shows how much the server let in.
 */
export function streamPost(
  url: string,
  headers: Record<string, string>,
  total: number,
  options: { contentLength?: number; chunkBytes?: number } = {},
): Promise<StreamPostResult> {
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, "x");
  return new Promise((resolve) => {
    let written = 0;
    let done = false;
    const req = request(url, {
      method: "POST",
      headers: {
        ...headers,
        ...(options.contentLength !== undefined
          ? { "content-length": String(options.contentLength) }
          : {}),
      },
    });
    const finish = (result: Omit<StreamPostResult, "written">) => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ ...result, written });
    };
    req.on("response", (res) => {
      res.resume();
      finish({ status: res.statusCode });
    });
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish({ error: error.code ?? error.message }),
    );
    const pump = () => {
      while (!done && written < total) {
        const n = Math.min(chunk.length, total - written);
        written += n;
        if (!req.write(chunk.subarray(0, n))) {
          req.once("drain", pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}
