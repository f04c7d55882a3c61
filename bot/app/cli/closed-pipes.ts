/**
 * A reader that goes away (`qingfeng quiz export | head -1`) is not the
 * command's failure: once stdout or stderr reports EPIPE, what is still
 * written to it is dropped and the command ends with its own exit code.
 * Installed once, by the bin; everything the CLI prints goes through `write`.
 */
export function quietOnClosedPipes(streams: readonly NodeJS.WriteStream[]) {
  const closed = new Set<NodeJS.WritableStream>();
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      closed.add(stream);
      // Anything but a gone reader (a full disk behind a redirect) is a failure.
      if (error.code !== "EPIPE") process.exitCode = 1;
    });
  }
  return (stream: NodeJS.WriteStream, text: string): void => {
    if (!closed.has(stream) && !stream.destroyed) stream.write(text);
  };
}
