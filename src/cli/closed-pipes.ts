/**
 * A reader that closes the pipe early (`infraplan masterplan --json | head`) makes the next write to
 * stdout fail with EPIPE, which Node raises as an unhandled 'error' event: a stack trace and exit 1
 * for something the user did on purpose. Other command-line tools stop printing quietly, so this
 * does the same: once a stream's reader has gone, what is left for it is dropped and the command
 * runs to its end, so the files it writes are still finished and renamed into place (nothing is
 * left half-written, as an exit in the middle would).
 */

/** Error codes that mean the reader of the stream has gone, not that anything is wrong with the run. */
const CLOSED_READER_CODES: ReadonlySet<string> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/** Install the handler on stdout and stderr (the process entry does, once). */
export function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== undefined && CLOSED_READER_CODES.has(error.code)) return;
      // Anything else on a standard stream (a full disk behind a redirect) is the computer's problem:
      // say so on the other stream if it still works, and fail.
      const other = stream === process.stdout ? process.stderr : process.stdout;
      if (other.writable) other.write(`error: cannot write the output: ${error.message}\n`);
      process.exitCode = 1;
    });
  }
}
